/**
 * A judged real-world set (test/real-world/<dialect>): public configuration files, a SOURCES.md
 * row for each, and a JUDGEMENT.md table with every default finding the CLI reports on them. The
 * tests built here keep the table equal to what the tool says and hold the precision target.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { basename, join, relative, resolve, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli';

const VERDICTS = ['actionable', 'noise', 'wrong'] as const;
type Verdict = (typeof VERDICTS)[number];

interface JudgedRow {
  readonly file: string;
  readonly committed: boolean;
  readonly line: number;
  readonly rule: string;
  readonly verdict: Verdict;
}

export interface JudgedSet {
  /** The label printed with the precision: `nginx`, `HAProxy`. */
  readonly label: string;
  /** The folder holding the files, SOURCES.md and JUDGEMENT.md. */
  readonly dir: string;
  /** How the committed configuration files end: `.conf`, `.cfg`, or a pattern (`/\.ya?ml$/`). */
  readonly extension: string | RegExp;
  readonly minFiles: number;
  /**
   * Files sit in subfolders (one configuration each, resolved across its files, as Kubernetes
   * manifests are) and are named by their path under `dir`, `folder/file.yaml`.
   */
  readonly nested?: boolean;
}

/** Rows of the findings table: `| file | line | rule | severity | message | verdict | why |`. */
function judgedRows(dir: string): JudgedRow[] {
  const text = readFileSync(join(dir, 'JUDGEMENT.md'), 'utf8');
  const findings = text.slice(text.indexOf('## Findings'));
  const rows: JudgedRow[] = [];
  for (const line of findings.split('\n')) {
    const cells = line.split(/(?<!\\)\|/).map((c) => c.trim());
    if (cells.length < 8 || !/^\d+$/.test(cells[2]!)) continue;
    const committed = cells[1]!.startsWith('`');
    const verdict = cells[6] as Verdict;
    if (!VERDICTS.includes(verdict)) throw new Error(`JUDGEMENT.md: "${cells[6]}" is not a verdict in: ${line}`);
    rows.push({ file: cells[1]!.replace(/`/g, '').replace(/ \(not copied\)$/, ''), committed, line: Number(cells[2]), rule: cells[3]!, verdict });
  }
  return rows;
}

const key = (file: string, line: number, rule: string) => `${file}:${line} ${rule}`;
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The committed configuration files of a set, by the names the tables use. */
export function committedFiles(set: JudgedSet): string[] {
  const listed = set.nested ? readdirSync(set.dir, { recursive: true, encoding: 'utf8' }).map((f) => f.split(sep).join('/')) : readdirSync(set.dir);
  return listed.filter((f) => (typeof set.extension === 'string' ? f.endsWith(set.extension) : set.extension.test(f))).sort();
}

/** A file the CLI reported (by its path from the repository root, where it runs) as the tables name it. */
function nameIn(set: JudgedSet, path: string): string {
  return set.nested ? relative(set.dir, resolve(__dirname, '../..', path)).split(sep).join('/') : basename(path);
}

export function describeJudgedSet(set: JudgedSet): void {
  describe(`real-world ${set.label} set`, () => {
    const rows = judgedRows(set.dir);

    it('keeps a source row, with commit and licence, for every committed file', () => {
      const sources = readFileSync(join(set.dir, 'SOURCES.md'), 'utf8');
      const files = committedFiles(set);
      expect(files.length).toBeGreaterThanOrEqual(set.minFiles);
      for (const file of files) expect(sources, file).toMatch(new RegExp(`\\| \`${escapeRegExp(file)}\` \\| [^|]+ \\| [^|]+ \\| [0-9a-f]{40} \\| [^|]+ \\| yes \\|`));
    });

    it('judges exactly the default findings the CLI reports on the committed files', () => {
      const run = runCli(['check', '--format', 'json', set.dir]);
      expect(run.status, run.stderr).not.toBe(2);
      const report = JSON.parse(run.stdout) as { files: { path: string; findings: { rule: string; severity: string; line: number }[] }[] };
      const actual = report.files
        .flatMap((f) => f.findings.filter((x) => x.severity !== 'hint').map((x) => key(nameIn(set, f.path), x.line, x.rule)))
        .sort();
      const judged = rows.filter((r) => r.committed).map((r) => key(r.file, r.line, r.rule)).sort();
      expect(actual).toEqual(judged);
    });

    it('prints the precision of the default rule set', () => {
      const count = (verdict: Verdict, of: readonly JudgedRow[]) => of.filter((r) => r.verdict === verdict).length;
      for (const [label, of] of [['all files', rows], ['committed files', rows.filter((r) => r.committed)]] as const) {
        const actionable = count('actionable', of);
        const precision = of.length === 0 ? 1 : actionable / of.length;
        console.log(
          `real-world ${set.label}, ${label}: ${of.length} default findings, ${actionable} actionable, ${count('noise', of)} noise, ` +
            `${count('wrong', of)} wrong; precision ${(100 * precision).toFixed(0)}%`,
        );
      }
      expect(rows.length).toBeGreaterThan(0);
      // The precision target of the design: at least 80% of default findings actionable, none wrong.
      const committed = rows.filter((r) => r.committed);
      expect(count('actionable', committed) / committed.length).toBeGreaterThanOrEqual(0.8);
      expect(count('wrong', committed)).toBe(0);
    });
  });
}
