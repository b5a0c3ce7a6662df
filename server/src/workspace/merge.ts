/**
 * The findings of one file when it is part of one or more configurations. Each configuration that
 * includes it is analysed from its main file; the file's findings are the union of the findings
 * those analyses locate in it, a finding that several report (same rule, range and message)
 * counted once, as the CLI de-duplicates them. The file's own analysis (the file alone) only
 * contributes its drift findings, which compare the file with its stable revision: alone, the
 * file cannot see the upstreams the rest of its configuration defines, and `lb-drift check` does
 * not report a file alone when another file it checks includes it. Each finding says, in its
 * related information, which configuration reported it.
 */
import type { Finding } from '../core/finding';
import type { FileReport } from '../engine/analyze';

export interface ContextReport {
  /** The file the configuration starts from (a main config, or another file that includes this one). */
  readonly root: string;
  readonly report: FileReport;
}

export interface MergedFindings {
  readonly findings: readonly Finding[];
  /** Every text the analyses read, by path, for positions of related locations. */
  readonly sources: ReadonlyMap<string, string>;
}

export function findingsInFile(path: string, own: FileReport, contexts: readonly ContextReport[]): MergedFindings {
  if (contexts.length === 0) return { findings: own.findings.filter((f) => f.loc.file === path), sources: own.sources };
  const seen = new Set<string>();
  const findings: Finding[] = [];
  const sources = new Map(own.sources);
  const take = (finding: Finding, root?: string): void => {
    if (finding.loc.file !== path) return;
    const key = `${finding.rule}\u0000${finding.loc.start}\u0000${finding.loc.end}\u0000${finding.message}`;
    if (seen.has(key)) return;
    seen.add(key);
    findings.push(root === undefined ? finding : inContext(finding, root));
  };
  for (const finding of own.findings) if (finding.rule.startsWith('drift-')) take(finding);
  for (const { root, report } of contexts) {
    for (const [file, text] of report.sources) if (!sources.has(file)) sources.set(file, text);
    for (const finding of report.findings) take(finding, root);
  }
  findings.sort((a, b) => a.loc.start - b.loc.start || a.loc.end - b.loc.end || (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0));
  return { findings, sources };
}

function inContext(finding: Finding, root: string): Finding {
  const where = { loc: { file: root, start: 0, end: 0 }, message: `Reported by the whole configuration of ${basename(root)}, which includes this file.` };
  return { ...finding, related: [...(finding.related ?? []), where] };
}

function basename(path: string): string {
  const slash = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  return path.slice(slash + 1);
}
