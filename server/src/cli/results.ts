/**
 * The CLI's results in the JSON shape DESIGN.md fixes (`check --format json`, `shares --format
 * json`). Everything is grouped by the file it is located in, so a finding or pool that comes from
 * an included file is listed under that file.
 */
import type { Finding, Severity } from '../core/finding';
import type { FixSafety } from '../core/fix';
import type { FileReport } from '../engine/analyze';
import type { Positions, Range1 } from './positions';

export interface JsonFinding extends Range1 {
  readonly rule: string;
  readonly severity: Severity;
  readonly message: string;
  readonly fixes: readonly { readonly title: string; readonly safety: FixSafety }[];
}

export interface JsonMember {
  readonly address: string;
  readonly weight: number;
  readonly role: string;
  readonly state: string;
  readonly share: number;
  readonly line: number;
}

export interface JsonPool {
  readonly name: string;
  readonly algorithm: string;
  readonly line: number;
  readonly members: readonly JsonMember[];
}

export interface JsonFile {
  readonly path: string;
  readonly dialect: string;
  readonly findings: JsonFinding[];
  readonly pools: JsonPool[];
}

export interface JsonResults {
  readonly version: 1;
  readonly files: JsonFile[];
}

/** Collects reports into per-file entries, dropping findings reported twice (a file checked as a root and as an include). */
export class ResultsBuilder {
  private readonly files = new Map<string, JsonFile>();
  private readonly seen = new Set<string>();
  private readonly seenPools = new Set<string>();
  readonly findings: { finding: Finding; display: string }[] = [];

  constructor(
    private readonly positions: Positions,
    private readonly displayPath: (path: string) => string,
  ) {}

  add(report: FileReport): void {
    if (!report.dialect) return;
    const dialect = report.dialect.id;
    this.entry(report.path, dialect);
    for (const finding of report.findings) {
      const key = `${finding.rule}\u0000${finding.loc.file}\u0000${finding.loc.start}\u0000${finding.loc.end}\u0000${finding.message}`;
      if (this.seen.has(key)) continue;
      this.seen.add(key);
      this.findings.push({ finding, display: this.displayPath(finding.loc.file) });
      this.entry(finding.loc.file, dialect).findings.push({
        rule: finding.rule,
        severity: finding.severity,
        message: finding.message,
        ...this.positions.range(finding.loc),
        fixes: (finding.fixes ?? []).map((fix) => ({ title: fix.title, safety: fix.safety })),
      });
    }
    for (const pool of report.model?.pools ?? []) {
      const key = `${pool.loc.file}\u0000${pool.loc.start}`;
      if (this.seenPools.has(key)) continue;
      this.seenPools.add(key);
      const shares = report.shares(pool).members;
      this.entry(pool.loc.file, dialect).pools.push({
        name: pool.name,
        algorithm: pool.algorithm,
        line: this.positions.line(pool.loc),
        members: pool.members.map((member, i) => ({
          address: member.address,
          weight: member.weight,
          role: member.role,
          state: member.state,
          share: round(shares[i]?.share ?? 0),
          line: this.positions.line(member.loc),
        })),
      });
    }
  }

  results(): JsonResults {
    return { version: 1, files: [...this.files.values()] };
  }

  private entry(file: string, dialect: string): JsonFile {
    let entry = this.files.get(file);
    if (!entry) {
      entry = { path: this.displayPath(file), dialect, findings: [], pools: [] };
      this.files.set(file, entry);
    }
    return entry;
  }
}

/** Shares are exact fractions; nine decimals keep JSON readable without losing meaning. */
function round(value: number): number {
  return Math.round(value * 1e9) / 1e9;
}
