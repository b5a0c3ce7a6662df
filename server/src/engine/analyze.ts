/**
 * The one engine behind the CLI and the language server: detect -> parse and lower -> rules ->
 * severities and options -> findings. Pure: files arrive as text, includes through the loader.
 */
import type { Dialect, SourceFile, SourceLoader } from '../core/dialect';
import type { Finding, ParseProblem } from '../core/finding';
import type { DialectId, Model, Pool } from '../core/model';
import type { Rule, Report } from '../core/rule';
import type { PoolShares } from '../core/shares';
import { RULES } from '../rules';
import { predictShares } from '../traffic';
import { DEFAULT_ENGINE_CONFIG, effectiveOptions, effectiveSeverity, type EngineConfig } from './config';
import { detectDialect, type FileGlobs } from './detect';
import { applySuppressions } from './suppressions';

export interface AnalyzeOptions {
  readonly config?: EngineConfig;
  readonly globs?: FileGlobs;
  /** The dialect when the caller knows it (the editor's language id). */
  readonly dialect?: DialectId;
  /** Whether `# lb-drift-disable...` comments are honoured (default true). */
  readonly inlineConfig?: boolean;
  /** Called when a rule throws; the analysis goes on without that rule's findings. */
  readonly onRuleError?: (rule: string, error: unknown) => void;
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
}

export function analyzeFile(file: SourceFile, loader: SourceLoader, options: AnalyzeOptions = {}): FileReport {
  const dialect = detectDialect(file.path, file.text, options.globs, options.dialect);
  const sharesCache = new Map<Pool, PoolShares>();
  const shares = (pool: Pool): PoolShares => {
    let cached = sharesCache.get(pool);
    if (!cached) {
      cached = predictShares(pool);
      sharesCache.set(pool, cached);
    }
    return cached;
  };
  if (!dialect) {
    return { path: file.path, problems: [], findings: [], sources: new Map([[file.path, file.text]]), shares };
  }

  let analysis;
  try {
    analysis = dialect.analyze(file, loader);
  } catch (error) {
    // The parsers never throw by contract; if one does, say so instead of reporting "no issues".
    const problem: ParseProblem = {
      kind: 'syntax',
      message: `lb-drift could not analyse this file (internal error: ${String(error)}); please report it`,
      loc: { file: file.path, start: 0, end: Math.min(file.text.length, 1) },
    };
    analysis = {
      model: { dialect: dialect.id, root: file.path, pools: [], references: [], facts: {}, complete: false },
      problems: [problem],
      sources: new Map([[file.path, file.text]]),
    };
  }

  const config = options.config ?? DEFAULT_ENGINE_CONFIG;
  const findings: Finding[] = [];
  for (const rule of RULES) {
    if (!appliesTo(rule, dialect.id)) continue;
    const severity = effectiveSeverity(rule.meta, config);
    if (severity === 'off') continue;
    const report = (r: Report): void => {
      const { severity: own, ...rest } = r;
      findings.push({ rule: rule.meta.id, severity: own ?? severity, ...rest });
    };
    try {
      rule.check({ model: analysis.model, problems: analysis.problems, options: effectiveOptions(rule.meta, config), shares, report });
    } catch (error) {
      options.onRuleError?.(rule.meta.id, error);
    }
  }
  const kept = options.inlineConfig === false ? findings : applySuppressions(findings, analysis.sources);
  kept.sort(byLocation);
  return {
    path: file.path,
    dialect,
    model: analysis.model,
    problems: analysis.problems,
    findings: kept,
    sources: analysis.sources,
    shares,
  };
}

function appliesTo(rule: Rule, dialect: DialectId): boolean {
  return rule.meta.dialects === 'all' || rule.meta.dialects.includes(dialect);
}

function byLocation(a: Finding, b: Finding): number {
  if (a.loc.file !== b.loc.file) return a.loc.file < b.loc.file ? -1 : 1;
  return a.loc.start - b.loc.start || a.loc.end - b.loc.end || (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0);
}
