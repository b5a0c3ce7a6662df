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
 * number and their highest severity. Findings of other rules keep their order. The same list
 * when nothing is over the cap.
 */
export function capFindings(findings: readonly Finding[]): readonly Finding[] {
  const counts = new RuleCounts();
  let over = false;
  for (const finding of findings) if (counts.add(finding) > MAX_FINDINGS_PER_RULE) over = true;
  if (!over) return findings;
  return capListed(findings.length, (i) => findings[i]!, (i) => findings[i]!, (i) => findings[i]!.loc.file);
}

/**
 * `capFindings` over `count` findings in order, read through `at` (rule, severity) and `fileOf`
 * (the file of its location, which the caller has usually read already: a finding's location is
 * another object, and a large file's thousand findings are read here in sorted order, not in the
 * order they lie in memory), and made through `make` only when listed: the engine moves a finding
 * carried from an earlier version by its pool's offset only when the finding is shown (`make`
 * keeps its rule, file and severity).
 */
export function capListed(
  count: number,
  at: (index: number) => Finding,
  make: (index: number) => Finding,
  fileOf: (index: number) => string,
): Finding[] {
  const listed = new RuleCounts();
  const summaries = new Map<RuleCount, { first: Finding; count: number; severity: Severity; at: number }>();
  const kept: Finding[] = [];
  for (let i = 0; i < count; i++) {
    const finding = at(i);
    const counter = listed.counterOf(fileOf(i), finding.rule);
    if (++counter.n <= MAX_FINDINGS_PER_RULE) {
      kept.push(make(i));
      continue;
    }
    const summary = summaries.get(counter);
    if (!summary) {
      summaries.set(counter, { first: make(i), count: findingCount(finding), severity: finding.severity, at: kept.length });
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

interface RuleCount {
  n: number;
}

/** Findings counted per file and rule (nested maps: no key string is built per finding). */
class RuleCounts {
  private readonly byFile = new Map<string, Map<string, RuleCount>>();

  counterOf(file: string, rule: string): RuleCount {
    let byRule = this.byFile.get(file);
    if (!byRule) this.byFile.set(file, (byRule = new Map()));
    let counter = byRule.get(rule);
    if (!counter) byRule.set(rule, (counter = { n: 0 }));
    return counter;
  }

  /** Counts `finding` and returns how many of its rule and file there are so far. */
  add(finding: Finding): number {
    return ++this.counterOf(finding.loc.file, finding.rule).n;
  }
}
