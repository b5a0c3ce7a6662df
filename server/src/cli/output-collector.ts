/**
 * Turns engine reports into the CLI's output model, grouped by the file each finding or pool is
 * located in (a finding in an included file is listed under that file), dropping what two reports
 * share (a file checked as a root and as an include).
 */
import type { Finding } from '../core/finding';
import type { Loc } from '../core/span';
import type { FileReport } from '../engine/analyze';
import { fixEdits } from '../engine/fixes';
import type { OutFile, OutFinding, OutRange } from './output-model';
import { Positions } from './positions';
import { snippetOf } from './snippet';

export class OutputCollector {
  private readonly byFile = new Map<string, OutFile>();
  private readonly seen = new Set<string>();
  private readonly seenPools = new Set<string>();

  constructor(private readonly displayPath: (path: string) => string) {}

  add(report: FileReport): void {
    if (!report.dialect) return;
    const dialect = report.dialect.id;
    const positions = new Positions((file) => report.sources.get(file));
    this.entry(report.path, dialect);
    for (const finding of report.findings) {
      const out = toOutFinding(finding, report, positions, this.displayPath);
      this.accept(this.entry(finding.loc.file, dialect), out);
    }
    for (const pool of report.model?.pools ?? []) {
      const target = this.entry(pool.loc.file, dialect);
      const line = positions.line(pool.loc);
      if (!this.firstPool(target.path, line, pool.name)) continue;
      const predicted = report.shares(pool);
      const shares = predicted.members;
      target.pools.push({
        name: pool.name,
        algorithm: pool.algorithm,
        line,
        ...(predicted.estimated ? { estimated: predicted.estimated } : {}),
        members: pool.members.map((member, i) => ({
          address: member.address,
          weight: member.weight,
          role: member.role,
          state: member.state,
          share: round(shares[i]?.share ?? 0),
          line: positions.line(member.loc),
        })),
      });
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
    const key = `${path}\u0000${line}\u0000${name}`;
    if (this.seenPools.has(key)) return false;
    this.seenPools.add(key);
    return true;
  }

  files(): OutFile[] {
    return [...this.byFile.values()];
  }

  findings(): OutFinding[] {
    return this.files().flatMap((f) => f.findings);
  }

  private entry(file: string, dialect: string, displayed = false): OutFile {
    const path = displayed ? file : this.displayPath(file);
    let entry = this.byFile.get(path);
    if (!entry) {
      entry = { path, dialect, findings: [], pools: [] };
      this.byFile.set(path, entry);
    }
    return entry;
  }
}

export function toOutFinding(
  finding: Finding,
  report: FileReport,
  positions: Positions,
  displayPath: (path: string) => string,
): OutFinding {
  const range = positions.range(finding.loc);
  const text = report.sources.get(finding.loc.file) ?? '';
  const index = positions.index(finding.loc.file);
  const lineStart = index.lineStart(range.line - 1);
  const nextStart = range.line < index.lineCount ? index.lineStart(range.line) : text.length;
  const out: OutRange = range;
  return {
    rule: finding.rule,
    severity: finding.severity,
    message: finding.message,
    ...(finding.count !== undefined ? { count: finding.count } : {}),
    path: displayPath(finding.loc.file),
    ...out,
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

/** Shares are exact fractions; nine decimals keep JSON readable without losing meaning. */
function round(value: number): number {
  return Math.round(value * 1e9) / 1e9;
}
