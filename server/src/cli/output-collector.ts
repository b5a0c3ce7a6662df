/**
 * Turns engine reports into the CLI's output model, grouped by the file each finding or pool is
 * located in (a finding in an included file is listed under that file), dropping what two reports
 * share (a file checked as a root and as an include). What the format does not print is not made
 * (`OutputNeeds`): `--format text` prints no pools, so it builds no ring for a pool that no rule
 * asked about; json prints no snippets or fix edits. A caller that prints in the analysis' own
 * thread lets the pools be read from the analysis as they are printed (`inPlace`, pool-view.ts).
 */
import type { Finding } from '../core/finding';
import type { Loc } from '../core/span';
import type { FileReport } from '../engine/analyze';
import { fixEdits } from '../engine/fixes';
import type { OutFile, OutFinding, OutRange } from './output-model';
import { PoolView, rootPoolSource, type PoolSource } from './pool-view';
import { Positions } from './positions';
import { snippetOf } from './snippet';

/** Which parts of the output model a format prints. */
export interface OutputNeeds {
  /** Pools with their members' shares (json). */
  readonly pools: boolean;
  /** Each finding's line excerpt, related locations and fix edits (text, sarif). */
  readonly details: boolean;
  /**
   * Pools may be views of the analysis, read when printed (pool-view.ts), instead of plain data:
   * only for output printed in the thread that analysed, never for output sent to another one.
   */
  readonly inPlace?: boolean;
}

export const ALL_OUTPUT: OutputNeeds = { pools: true, details: true };

export class OutputCollector {
  private readonly byFile = new Map<string, OutFile>();
  /** The entries by the path the engine uses, so a path is made a display path once. */
  private readonly byEnginePath = new Map<string, OutFile>();
  private readonly seen = new Set<string>();
  /**
   * The pools listed, by display path and line: the names on that line (one, as a rule). A key
   * string per pool cost more than the rest of listing a large file's pools.
   */
  private readonly seenPools = new Map<string, Map<number, string | string[]>>();

  constructor(
    private readonly displayPath: (path: string) => string,
    private readonly needs: OutputNeeds = ALL_OUTPUT,
  ) {}

  add(report: FileReport): void {
    if (!report.dialect) return;
    const dialect = report.dialect.id;
    // The views below keep neither the report nor anything that reaches the analysis (the
    // report's shares lookup holds every pool's results, whose deferred findings hold the rules'
    // contexts): a root-file pool's view keeps the shares its results hold, and only a pool of an
    // included file asks the report. So a one-file run lets the analysis' findings and what it
    // keeps for a next edit (a CLI run makes none) be collected while the pools are printed.
    const sources = report.sources;
    const positions = new Positions((file) => sources.get(file));
    const rootSource = rootPoolSource(positions);
    let includedSource: PoolSource | undefined;
    // The root file's pools' results, in model order as the pools below (engine/incremental.ts).
    const rootResults = report.memo?.pools ?? [];
    let nextResults = 0;
    this.entry(report.path, dialect);
    for (const finding of report.findings) {
      const out = toOutFinding(finding, report, positions, this.displayPath, this.needs.details);
      this.accept(this.entry(finding.loc.file, dialect), out);
    }
    for (const pool of report.model?.pools ?? []) {
      const results = rootResults[nextResults]?.pool === pool ? rootResults[nextResults++] : undefined;
      const loc = pool.loc;
      // The file is listed even when its pools are not printed: a summary counts it, SARIF names it.
      const target = this.entry(loc.file, dialect);
      if (!this.needs.pools) continue;
      const line = positions.line(loc);
      if (!this.firstPool(target.path, line, pool.name)) continue;
      if (this.needs.inPlace && results) {
        target.pools.push(new PoolView(pool, rootSource, line, results.shares));
        continue;
      }
      const view = new PoolView(pool, (includedSource ??= { shares: report.shares, positions }), line);
      target.pools.push(this.needs.inPlace ? view : view.toJSON());
    }
  }

  /** Adds files produced elsewhere (a worker thread), with the same de-duplication. */
  merge(files: readonly OutFile[]): void {
    for (const file of files) {
      const target = this.entry(file.path, file.dialect, true);
      for (const finding of file.findings) this.accept(target, finding);
      for (const pool of file.pools) if (this.firstPool(file.path, pool.line, pool.name)) target.pools.push(pool);
    }
  }

  private accept(target: OutFile, finding: OutFinding): void {
    const key = `${finding.rule}\u0000${finding.path}\u0000${finding.line}:${finding.column}-${finding.endLine}:${finding.endColumn}\u0000${finding.message}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    target.findings.push(finding);
  }

  private firstPool(path: string, line: number, name: string): boolean {
    let lines = this.seenPools.get(path);
    if (!lines) this.seenPools.set(path, (lines = new Map()));
    const names = lines.get(line);
    if (names === undefined) lines.set(line, name);
    else if (names === name || (typeof names !== 'string' && names.includes(name))) return false;
    else if (typeof names === 'string') lines.set(line, [names, name]);
    else names.push(name);
    return true;
  }

  files(): OutFile[] {
    return [...this.byFile.values()];
  }

  findings(): OutFinding[] {
    return this.files().flatMap((f) => f.findings);
  }

  private entry(file: string, dialect: string, displayed = false): OutFile {
    if (!displayed) {
      const known = this.byEnginePath.get(file);
      if (known) return known;
    }
    const path = displayed ? file : this.displayPath(file);
    let entry = this.byFile.get(path);
    if (!entry) {
      entry = { path, dialect, findings: [], pools: [] };
      this.byFile.set(path, entry);
    }
    if (!displayed) this.byEnginePath.set(file, entry);
    return entry;
  }
}

export function toOutFinding(
  finding: Finding,
  report: FileReport,
  positions: Positions,
  displayPath: (path: string) => string,
  details = true,
): OutFinding {
  const range: OutRange = positions.range(finding.loc);
  const head = {
    rule: finding.rule,
    severity: finding.severity,
    message: finding.message,
    ...(finding.count !== undefined ? { count: finding.count } : {}),
    path: displayPath(finding.loc.file),
    ...range,
  };
  if (!details) return { ...head, lineText: '', related: [], fixes: (finding.fixes ?? []).map((fix) => ({ title: fix.title, safety: fix.safety })) };
  const text = report.sources.get(finding.loc.file) ?? '';
  const index = positions.index(finding.loc.file);
  const lineStart = index.lineStart(range.line - 1);
  const nextStart = range.line < index.lineCount ? index.lineStart(range.line) : text.length;
  return {
    ...head,
    ...lineSnippet(text.slice(lineStart, nextStart).replace(/\r?\n$/, ''), range.column - 1),
    related: (finding.related ?? []).map((r) => ({ path: displayPath(r.loc.file), range: positions.range(r.loc), message: r.message })),
    fixes: (finding.fixes ?? []).map((fix) => {
      const edits = report.dialect ? fixEdits(report.dialect, fix, report.sources) : undefined;
      return {
        title: fix.title,
        safety: fix.safety,
        ...(edits
          ? { edits: edits.map((e) => ({ path: displayPath(e.loc.file), range: positions.range(e.loc as Loc), newText: e.newText })) }
          : {}),
      };
    }),
  };
}

function lineSnippet(line: string, column: number): { lineText: string; lineTextOffset?: number } {
  const { text, offset } = snippetOf(line, column);
  return offset === 0 ? { lineText: text } : { lineText: text, lineTextOffset: offset };
}
