/**
 * The order findings are listed in: file, start, end, then rule id. A pool's findings are sorted
 * once per pool of a large file, usually two or three of them: `Array.prototype.sort` copies any
 * list into a work array first (about 2.7 MB per 10 MB analysis on either dialect), so a short
 * list is sorted in place by insertion, which is stable like the built-in sort and so gives the
 * same order.
 */
import type { Finding } from '../core/finding';

export function byLocation(a: Finding, b: Finding): number {
  if (a.loc.file !== b.loc.file) return a.loc.file < b.loc.file ? -1 : 1;
  return a.loc.start - b.loc.start || a.loc.end - b.loc.end || (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0);
}

/** Past this length the built-in sort's copy costs less than insertion's moves. */
const INSERTION_MAX = 16;

/** Sorts `findings` by location in place (stable). */
export function sortByLocation(findings: Finding[]): void {
  const count = findings.length;
  if (count > INSERTION_MAX) {
    findings.sort(byLocation);
    return;
  }
  for (let i = 1; i < count; i++) {
    const finding = findings[i]!;
    let at = i;
    // Only a strictly later finding moves right, so equal ones keep their order.
    while (at > 0 && byLocation(findings[at - 1]!, finding) > 0) {
      findings[at] = findings[at - 1]!;
      at--;
    }
    findings[at] = finding;
  }
}
