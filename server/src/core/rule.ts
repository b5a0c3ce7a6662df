/**
 * A rule is metadata plus a `check` over the model. Rules never see syntax: the engine hands
 * them the model, the parse problems and the predicted shares, and collects what they report.
 */
import type { Finding, ParseProblem, Related, Severity, FindingTag } from './finding';
import type { Fix, FixSafety } from './fix';
import type { DialectId, Model, Pool } from './model';
import type { PoolShares } from './shares';
import type { Loc } from './span';

export interface RuleOptionSpec {
  readonly type: 'number' | 'boolean' | 'string';
  readonly default: number | boolean | string;
  readonly description: string;
  readonly minimum?: number;
}

/** Docs with fixed headings, rendered to docs/rules/<id>.md. */
export interface RuleDocs {
  readonly whatItDoes: string;
  readonly whyItMatters: string;
  /** A config snippet that triggers the rule, in the rule's first dialect. */
  readonly example: string;
  /**
   * For rules that compare with the stable revision (`needsStable`): the same file at that
   * revision, against which `example` triggers the rule.
   */
  readonly stableExample?: string;
  readonly fix: string;
  readonly references: readonly string[];
}

export interface RuleMeta {
  /** A stable slug that reads as the problem, e.g. `weight-skew`. */
  readonly id: string;
  readonly title: string;
  readonly severity: Severity;
  /** Dialects the rule runs on; `all` for rules about the model itself. */
  readonly dialects: readonly DialectId[] | 'all';
  /** The safety of the rule's own fix, or `none` when it offers none. */
  readonly fixable: FixSafety | 'none';
  readonly options: Readonly<Record<string, RuleOptionSpec>>;
  readonly docs: RuleDocs;
  /**
   * Drift rules compare the file with its last known stable revision; they run only when the
   * caller supplies one (`RuleContext.stable`).
   */
  readonly needsStable?: boolean;
  /**
   * Runs after inline suppressions were applied, and sees which of them silenced nothing
   * (`RuleContext.unusedSuppressions`). Its own findings cannot be suppressed.
   */
  readonly afterSuppressions?: boolean;
  /**
   * Cannot be turned off, re-graded or suppressed (syntax errors: a config that does not load is
   * never "no issues", invariant 7).
   */
  readonly essential?: boolean;
  /**
   * What a rule's findings about a pool depend on. `pool`: that pool alone (its own members,
   * facts and shares) and the options; the engine runs the rule one pool at a time and reuses a
   * pool's findings while the pool's text is unchanged (incremental analysis). `model` (the
   * default): anything in the model, other pools, references, global facts, parse problems; the
   * rule runs on the whole model at every analysis. The scope holds for the rule's code on every
   * dialect that implements `Dialect.reanalyze` (nginx, HAProxy, Kubernetes); on the others the rule always
   * sees the whole model.
   */
  readonly scope?: 'pool' | 'model';
  /**
   * Dialects on which a `model` rule is per-pool all the same: its branch for them reads the pool
   * alone, while another dialect's branch reads the model (nginx's no-active-members reads the
   * whole configuration's NGINX Plus directives; HAProxy's reads the backend alone).
   */
  readonly poolScopeIn?: readonly DialectId[];
  /**
   * For a rule run pool by pool that also reads a part of the model besides the pool (nginx's
   * no-active-members reads the configuration's NGINX Plus directives, per-worker-balancing
   * `worker_processes`): that part as a key, cheap to make, equal for two models exactly when the
   * rule's findings about an unchanged pool are the same in both. The engine carries a pool's
   * findings to the next version only while the key of every pool rule that runs is unchanged. A
   * finding that points at the part read (a related location outside the pool) is never carried.
   */
  readonly modelInput?: (model: Model) => string;
}

export type OptionValues = Readonly<Record<string, number | boolean | string>>;

/** What a rule reports; the engine adds the rule id and the configured severity. */
export interface Report {
  readonly message: string;
  readonly loc: Loc;
  readonly related?: readonly Related[];
  readonly fixes?: readonly Fix[];
  readonly tags?: readonly FindingTag[];
  /** Overrides the configured severity for this one finding (a rule with graded findings). */
  readonly severity?: Severity;
}

/** The same file at its last known stable revision, analysed the same way. */
export interface StableContext {
  /** How the revision is named to people: `lb-stable/2026-11-20T101500Z`, `origin/main`, `HEAD`. */
  readonly ref: string;
  readonly model: Model;
  /** The text of every file the stable analysis read, by path (the stable paths). */
  readonly sources: ReadonlyMap<string, string>;
  shares(pool: Pool): PoolShares;
}

export interface UnusedSuppressionInfo {
  /** The whole comment. */
  readonly loc: Loc;
  readonly kind: 'next-line' | 'file';
  readonly rule: string;
  /** Whether `rule` names a rule lb-drift has. */
  readonly known: boolean;
  /** For an unknown name, the closest rule id, if one is close. */
  readonly suggestion?: string;
  /** The named rule is essential and can never be suppressed. */
  readonly essential?: boolean;
}

export interface RuleContext {
  readonly model: Model;
  readonly problems: readonly ParseProblem[];
  readonly options: OptionValues;
  /** The text of every file the analysis read, by path; drift rules quote it in revert fixes. */
  readonly sources: ReadonlyMap<string, string>;
  /** Present when the caller compares with a stable revision. */
  readonly stable?: StableContext;
  /** For `afterSuppressions` rules: suppression comments (and the rule each names) that silenced nothing. */
  readonly unusedSuppressions?: readonly UnusedSuppressionInfo[];
  /** Predicted shares for a pool, computed once per pool and analysis. */
  shares(pool: Pool): PoolShares;
  report(report: Report): void;
}

export interface Rule {
  readonly meta: RuleMeta;
  check(context: RuleContext): void;
}

export function defineRule(rule: Rule): Rule {
  return rule;
}

/** Reads a numeric option, falling back to the rule's default when the value has another type. */
export function numberOption(context: RuleContext, meta: RuleMeta, name: string): number {
  const value = context.options[name];
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  const fallback = meta.options[name]?.default;
  return typeof fallback === 'number' ? fallback : Number.NaN;
}

export type { Finding };
