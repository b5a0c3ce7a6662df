/**
 * The cap on findings of one rule in one file. A broken or generated file can produce a finding
 * per line (100,000 unclosed blocks gave 101,001 diagnostics); an editor and a CI log need the
 * first ones and a count. The CLI and the language server both get the capped list from the
 * engine, so they agree (invariant 8), and the summary carries its `count`, so totals, exit
 * codes and `--max-warnings` stay honest.
 */
import { severityRank, type Finding, type Severity } from '../core/finding';

/** At most this many findings of one rule are listed per file. */
export const MAX_FINDINGS_PER_RULE = 100;

/** How many findings a finding stands for (a summary stands for the ones it replaces). */
export function findingCount(finding: Finding): number {
  return finding.count ?? 1;
}

/**
 * Keeps the first `MAX_FINDINGS_PER_RULE` findings of each rule in each file (by position, as
 * given) and puts one finding in place of the rest, at the first one left out, with their
 * number and their highest severity. Findings of other rules keep their order.
 */
export function capFindings(findings: readonly Finding[]): readonly Finding[] {
  const seen = new Map<string, number>();
  let over = false;
  for (const finding of findings) {
    const key = `${finding.loc.file}\u0000${finding.rule}`;
    const n = (seen.get(key) ?? 0) + 1;
    seen.set(key, n);
    if (n > MAX_FINDINGS_PER_RULE) over = true;
  }
  if (!over) return findings;

  const listed = new Map<string, number>();
  const summaries = new Map<string, { first: Finding; count: number; severity: Severity; at: number }>();
  const kept: Finding[] = [];
  for (const finding of findings) {
    const key = `${finding.loc.file}\u0000${finding.rule}`;
    const n = (listed.get(key) ?? 0) + 1;
    listed.set(key, n);
    if (n <= MAX_FINDINGS_PER_RULE) {
      kept.push(finding);
      continue;
    }
    const summary = summaries.get(key);
    if (!summary) {
      summaries.set(key, { first: finding, count: findingCount(finding), severity: finding.severity, at: kept.length });
      kept.push(finding);
    } else {
      summary.count += findingCount(finding);
      if (severityRank(finding.severity) < severityRank(summary.severity)) summary.severity = finding.severity;
    }
  }
  for (const { first, count, severity, at } of summaries.values()) {
    kept[at] = {
      rule: first.rule,
      severity,
      loc: first.loc,
      count,
      message:
        `${count} more ${first.rule} findings in this file are not listed (lb-drift lists the first ${MAX_FINDINGS_PER_RULE} ` +
        `of each rule per file); fix the ones above first, or check that this is a configuration lb-drift should read`,
    };
  }
  return kept;
}
