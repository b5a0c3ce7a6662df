/**
 * Small text helpers shared by dialects and rules.
 */

/**
 * Levenshtein distance between two short strings, capped: anything above 2 is reported as 3,
 * which is all "did you mean" suggestions need and keeps long unrelated names cheap.
 */
export function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 2) return 3;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return Math.min(previous[b.length]!, 3);
}
