/**
 * The one engine behind the CLI and the language server: detect -> parse and lower -> rules ->
 * severities and options -> findings. Pure: files arrive as text, includes through the loader.
 */
import type { Dialect, DialectAnalysis, DialectTarget, Reanalysis, SourceFile, SourceLoader, TextChange } from '../core/dialect';
import { changeMovesLines } from '../core/dialect';
import type { Finding, ParseProblem, Severity } from '../core/finding';
import type { DialectId, Model, Pool } from '../core/model';
import type { Rule, Report, RuleContext, StableContext } from '../core/rule';
import type { PoolShares } from '../core/shares';
import { findRule, RULES } from '../rules';
import { deferredFinding } from '../core/deferred-report';
import { asSentence } from '../core/format';
import { editDistance } from '../core/text';
import { DEFAULT_ENGINE_CONFIG, effectiveOptions, effectiveSeverity, type EngineConfig } from './config';
import { detectDialect, type FileGlobs } from './detect';
import { applySuppressions, hasMarkers, includesHaveMarkers } from './suppressions';
import { byLocation, sortByLocation } from './by-location';
import { capFindings } from './finding-cap';
import { GatheredFindings } from './gathered-findings';
import { SharesMemo, sharesLookup, unreadShares } from './shares-memo';
import {
  carriedResults,
  changeBetween,
  freshResults,
  keepFindings,
  PartnerFinder,
  sameIncludes,
  type EngineMemo,
  type Pairing,
  type PoolResults,
} from './incremental';

/** What a pool without findings keeps; never written. */
const NO_FINDINGS: readonly Finding[] = Object.freeze([]);

/** Rules whose findings (syntax errors) are never suppressed. */
const ESSENTIAL_RULES: ReadonlySet<string> = new Set(RULES.filter((rule) => rule.meta.essential).map((rule) => rule.meta.id));

export interface AnalyzeOptions {
  readonly config?: EngineConfig;
  readonly globs?: FileGlobs;
  /** The dialect when the caller knows it (the editor's language id). */
  readonly dialect?: DialectId;
  /** The same file at its stable revision, for the drift rules (which are skipped without it). */
  readonly stable?: StableInput;
  /** Whether `# lb-drift-disable...` comments are honoured (default true). */
  readonly inlineConfig?: boolean;
  /** Called when a rule throws; the analysis goes on without that rule's findings. */
  readonly onRuleError?: (rule: string, error: unknown) => void;
  /**
   * The analysis of an earlier version of the same file with the same options and includes: the
   * result is the same as without it, computed incrementally (invariant 13).
   */
  readonly previous?: FileReport;
  /**
   * The edit that turned `previous`'s root text into this one (offsets in the previous text; the
   * inserted text ends at `newEnd` in this one), when the caller knows it, as a language server
   * does from `didChange`; without it the engine compares the two texts. A change that does not
   * fit the two texts' lengths is not used.
   */
  readonly change?: TextChange;
}

export interface StableInput {
  readonly ref: string;
  /** The file's text at the stable revision, with its path there (it may have been renamed). */
  readonly file: SourceFile;
  /** Reads includes as they were at the stable revision. */
  readonly loader: SourceLoader;
}

export interface FileReport {
  readonly path: string;
  /** Undefined for a file that is not a balancer config: it produces nothing. */
  readonly dialect?: Dialect;
  readonly model?: Model;
  readonly problems: readonly ParseProblem[];
  readonly findings: readonly Finding[];
  /** Every file read for this analysis (the root and its includes), by path. */
  readonly sources: ReadonlyMap<string, string>;
  /** Predicted shares of a pool of this report's model, computed once. */
  shares(pool: Pool): PoolShares;
  /** The stable revision as the drift rules saw it, when one was given. */
  readonly stable?: StableContext;
  /** What the next analysis of this file can reuse (`AnalyzeOptions.previous`). */
  readonly memo?: EngineMemo;
}

export function analyzeFile(file: SourceFile, loader: SourceLoader, options: AnalyzeOptions = {}): FileReport {
  const dialect = detectDialect(file.path, file.text, options.globs, options.dialect);
  if (!dialect) {
    return { path: file.path, problems: [], findings: [], sources: new Map([[file.path, file.text]]), shares: unreadShares() };
  }
  const config = options.config ?? DEFAULT_ENGINE_CONFIG;
  const optionsKey = JSON.stringify([config, options.inlineConfig !== false]);
  const target = targetOf(dialect, config);
  const { analysis, pairing, linesMoved, change } = analyseIncrementally(dialect, file, loader, options, optionsKey, target);
  const stable = options.stable ? stableContext(dialect, options.stable, target) : undefined;
  const poolRuleInputs = poolRulesInput(dialect, config, stable !== undefined, analysis.model);
  const findingsStale = pairing !== undefined && pairing.memo.poolRuleInputs !== poolRuleInputs;
  // Every root-file pool's results (by the pool's index in the model): carried from its partner
  // in the previous version, or fresh.
  const { pools } = analysis.model;
  const results: (PoolResults | undefined)[] = new Array<PoolResults | undefined>(pools.length);
  // At their largest size once, then cut: most pools are the root file's.
  const memoPools = new Array<PoolResults>(pools.length);
  const memoStarts = new Array<number>(pools.length);
  let rootPools = 0;
  const partners = pairing && new PartnerFinder(file.path, pairing);
  for (let i = 0; i < pools.length; i++) {
    const pool = pools[i]!;
    const loc = pool.loc;
    if (loc.file !== file.path) continue;
    const partner = partners?.find(pool);
    const own = partner ? carriedResults(pool, partner, loc.start - partner.pool.loc.start, linesMoved, findingsStale) : freshResults(pool);
    results[i] = own;
    memoPools[rootPools] = own;
    memoStarts[rootPools++] = loc.start;
  }
  memoPools.length = rootPools;
  memoStarts.length = rootPools;
  const sharesMemo = new SharesMemo(pools, results);
  const shares = sharesLookup(sharesMemo);

  /** A rule's run function for one phase: an object of what a run reads. */
  type RuleRun = (into: Finding[], model: Model) => void;

  /**
   * Prepares a rule once per phase: its severity, options, report function and context are made
   * here, not on every call, because a pool rule runs once per changed pool (tens of thousands of
   * calls on a large file's first analysis). Each call points the context at its model and the
   * report at its list.
   */
  const prepareRule = (rule: Rule, extra: Partial<RuleContext>): RuleRun => {
    const severity = effectiveSeverity(rule.meta, config) as Severity;
    // A severity the user configured wins over a rule's graded one.
    const configured = config.rules[rule.meta.id]?.severity !== undefined && !rule.meta.essential;
    let into: Finding[] = [];
    const id = rule.meta.id;
    const report = (r: Report): void => {
      const deferred = deferredFinding(r, id, severity, asSentence, configured);
      if (deferred) {
        into.push(deferred);
        return;
      }
      // One object per finding, its keys in the order a copy without the report's severity gives
      // (rule, severity, then the report's own); every message reads as a sentence.
      const finding: { -readonly [K in keyof Finding]: Finding[K] } = { rule: id, severity, ...r, message: asSentence(r.message) };
      if (configured || finding.severity === undefined) finding.severity = severity;
      into.push(finding);
    };
    const context: { -readonly [K in keyof RuleContext]: RuleContext[K] } = {
      model: analysis.model,
      problems: analysis.problems,
      options: effectiveOptions(rule.meta, config),
      sources: analysis.sources,
      ...(stable ? { stable } : {}),
      ...extra,
      shares,
      report,
    };
    return (found, model) => {
      into = found;
      context.model = model;
      try {
        rule.check(context);
      } catch (error) {
        options.onRuleError?.(rule.meta.id, error);
      }
    };
  };
  const runRules = (phase: 'rules' | 'after-suppressions', extra: Partial<RuleContext>, gathered: GatheredFindings): void => {
    const found: Finding[] = [];
    const poolRules: RuleRun[] = [];
    for (const rule of RULES) {
      if ((phase === 'after-suppressions') !== (rule.meta.afterSuppressions === true)) continue;
      if (!runs(rule, dialect.id, config, stable !== undefined)) continue;
      if (runsPerPool(rule, dialect)) poolRules.push(prepareRule(rule, extra));
      else prepareRule(rule, extra)(found, analysis.model);
    }
    gathered.addAll(found);
    if (poolRules.length > 0) runPoolRules(poolRules, gathered);
  };

  /**
   * Per-pool rules run one pool at a time, on the model with that pool alone; a pool outside the
   * re-read unit takes the previous version's findings instead (moved by the edit when listed).
   */
  const runPoolRules = (rules: readonly RuleRun[], gathered: GatheredFindings): void => {
    const onePool: Pool[] = [];
    const model: Model = { ...analysis.model, pools: onePool };
    // One list gathers every pool's findings in turn; a pool keeps a copy, or the shared empty
    // list when it has none (most pools of a large file).
    const local: Finding[] = [];
    for (let i = 0; i < pools.length; i++) {
      const pool = pools[i]!;
      const own = results[i];
      if (own?.findings) {
        gathered.addPool(own);
        continue;
      }
      local.length = 0;
      onePool[0] = pool;
      if (own) sharesMemo.focus(own);
      for (let r = 0; r < rules.length; r++) rules[r]!(local, model);
      if (local.length === 0) {
        if (own) keepFindings(own, NO_FINDINGS, file.path);
        continue;
      }
      const found = local.slice();
      if (found.length > 1) sortByLocation(found);
      if (own) keepFindings(own, found, file.path);
      gathered.addAll(found);
    }
  };

  // With a suppression comment: every finding where it is now, silenced or kept, then sorted and capped.
  const suppressed = (findings: readonly Finding[]): readonly Finding[] => {
    // Essential findings (syntax errors) are never suppressed.
    const essential = findings.filter((f) => ESSENTIAL_RULES.has(f.rule));
    const outcome = applySuppressions(findings.filter((f) => !ESSENTIAL_RULES.has(f.rule)), analysis.sources);
    const kept = [...essential, ...outcome.kept];
    // A suppression of a rule that did not run here (off, or drift without a stable revision) is not "unused".
    const unusedSuppressions = outcome.unused
      .filter(({ rule }) => {
        const known = findRule(rule);
        return !known || runs(known, dialect.id, config, stable !== undefined);
      })
      .map(({ suppression, rule }) => {
        const found = findRule(rule);
        const suggestion = found ? undefined : RULES.find((r) => editDistance(r.meta.id, rule) <= 2)?.meta.id;
        return {
          loc: suppression.loc,
          kind: suppression.kind,
          rule,
          known: found !== undefined,
          ...(suggestion ? { suggestion } : {}),
          ...(found?.meta.essential ? { essential: true } : {}),
        };
      });
    const after = new GatheredFindings(file.path);
    runRules('after-suppressions', { unusedSuppressions }, after);
    kept.push(...after.all());
    kept.sort(byLocation);
    return capFindings(kept);
  };

  const gathered = new GatheredFindings(file.path);
  runRules('rules', {}, gathered);
  const previousMemo = options.previous?.memo;
  // Whether the root has a suppression comment, known from the previous version when only the edit can have added one.
  const markers = hasMarkers(file.text, change && previousMemo ? { markers: previousMemo.markers, change } : undefined);
  let listed: readonly Finding[];
  if (options.inlineConfig === false) {
    listed = gathered.listed();
  } else if (!markers && !includesHaveMarkers(analysis.sources, file.path)) {
    // No suppression comment anywhere: nothing is silenced and none is unused.
    runRules('after-suppressions', { unusedSuppressions: [] }, gathered);
    listed = gathered.listed();
  } else {
    listed = suppressed(gathered.all());
  }

  return {
    path: file.path,
    dialect,
    model: analysis.model,
    problems: analysis.problems,
    findings: listed,
    sources: analysis.sources,
    shares,
    ...(stable ? { stable } : {}),
    memo: { analysis, text: file.text, optionsKey, pools: memoPools, poolStarts: memoStarts, markers, poolRuleInputs },
  };
}

/**
 * The dialect's analysis of `file`: incremental when `previous` is an analysis of an earlier
 * version with the same options and the dialect can re-read only the unit the edit is in, with
 * the previous pools that can be reused paired to the new ones; else a whole analysis.
 */
function analyseIncrementally(
  dialect: Dialect,
  file: SourceFile,
  loader: SourceLoader,
  { previous, change: given }: AnalyzeOptions,
  optionsKey: string,
  target: DialectTarget | undefined,
): { analysis: DialectAnalysis; pairing?: Pairing; linesMoved: boolean; change?: TextChange } {
  const memo = previous?.memo;
  if (!memo || !dialect.reanalyze || previous.dialect !== dialect || previous.path !== file.path || memo.optionsKey !== optionsKey) {
    return { analysis: analyseSafely(dialect, file, loader, target), linesMoved: false };
  }
  const change = given && fits(given, memo.text, file.text) ? given : changeBetween(memo.text, file.text);
  let again: Reanalysis | undefined;
  try {
    again = dialect.reanalyze(memo.analysis, file, change, loader);
  } catch {
    again = undefined;
  }
  if (!again) return { analysis: analyseSafely(dialect, file, loader, target), linesMoved: false, change };
  const { analysis, reread } = again;
  if (!sameIncludes(analysis.sources, memo.analysis.sources, file.path)) return { analysis, linesMoved: false, change };
  const linesMoved = changeMovesLines(memo.text, file.text, change);
  return { analysis, pairing: { memo, change, reread }, linesMoved, change };
}

/** Whether `change` can turn a text as long as `before` into one as long as `after`. */
function fits({ start, oldEnd, newEnd }: TextChange, before: string, after: string): boolean {
  return 0 <= start && start <= oldEnd && start <= newEnd && oldEnd <= before.length && newEnd <= after.length && before.length - oldEnd === after.length - newEnd;
}

/** The project's target release for the dialect (`haproxy: { version }`), carried as its target rule's option. */
function targetOf(dialect: Dialect, config: EngineConfig): DialectTarget | undefined {
  const version = dialect.targetRule ? config.rules[dialect.targetRule]?.options?.version : undefined;
  return typeof version === 'string' ? { version } : undefined;
}

function analyseSafely(dialect: Dialect, file: SourceFile, loader: SourceLoader, target?: DialectTarget): DialectAnalysis {
  try {
    return dialect.analyze(file, loader, target);
  } catch (error) {
    // The parsers never throw by contract; if one does, say so instead of reporting "no issues".
    const problem: ParseProblem = {
      kind: 'syntax',
      message: `lb-drift could not analyse this file (internal error: ${String(error)}); please report it`,
      loc: { file: file.path, start: 0, end: Math.min(file.text.length, 1) },
    };
    return {
      model: { dialect: dialect.id, root: file.path, pools: [], references: [], facts: {}, complete: false },
      problems: [problem],
      sources: new Map([[file.path, file.text]]),
    };
  }
}

/**
 * The stable revision analysed with the same dialect, for the drift rules. An editor analyses the
 * file on every keystroke against the same stable input, so the stable side is analysed once per
 * input object and dialect.
 */
const stableContexts = new WeakMap<StableInput, Map<string, StableContext>>();

function stableContext(dialect: Dialect, input: StableInput, target: DialectTarget | undefined): StableContext {
  let byDialect = stableContexts.get(input);
  if (!byDialect) stableContexts.set(input, (byDialect = new Map()));
  let context = byDialect.get(dialect.id);
  if (!context) {
    const analysis = analyseSafely(dialect, input.file, input.loader, target);
    context = { ref: input.ref, model: analysis.model, sources: analysis.sources, shares: unreadShares() };
    byDialect.set(dialect.id, context);
  }
  return context;
}

/**
 * Whether a rule runs one pool at a time. Only a dialect that re-analyses incrementally does so:
 * the others' rule branches were written against the whole model and are not held to the pool scope.
 */
function runsPerPool(rule: Rule, dialect: Dialect): boolean {
  return (rule.meta.scope === 'pool' || rule.meta.poolScopeIn?.includes(dialect.id) === true) && dialect.reanalyze !== undefined;
}

/** What the pool rules that run read of the model besides their pool (`RuleMeta.modelInput`), as one key. */
function poolRulesInput(dialect: Dialect, config: EngineConfig, hasStable: boolean, model: Model): string {
  let key = '';
  for (const rule of RULES) {
    if (!rule.meta.modelInput || !runsPerPool(rule, dialect) || !runs(rule, dialect.id, config, hasStable)) continue;
    key += `${rule.meta.id}\u0000${rule.meta.modelInput(model)}\u0000`;
  }
  return key;
}

/** Whether a rule runs in this analysis: its dialect, its severity, and a stable revision if it needs one. */
function runs(rule: Rule, dialect: DialectId, config: EngineConfig, hasStable: boolean): boolean {
  if (!(rule.meta.dialects === 'all' || rule.meta.dialects.includes(dialect))) return false;
  if (rule.meta.needsStable && !hasStable) return false;
  return effectiveSeverity(rule.meta, config) !== 'off';
}
