/**
 * The shares of one pool as the editor shows them side by side (inlay hints, the pool hover):
 * rounded so that they add up to what the pool hands out, normally 100%. Rounding each share on
 * its own does not (5/1/1/1 gives 63 + 13 + 13 + 13 = 102%).
 */

/**
 * Whole percents when they add up; else one decimal when that adds up (5/1/1 reads
 * 71.4 + 14.3 + 14.3); else whole percents by largest remainders (three equal members read
 * 34 + 33 + 33). A share above zero never reads `0%`: then the pool gets one decimal, and
 * below 0.1% `<0.1%`.
 */
export function poolPercents(fractions: readonly number[]): string[] {
  const whole = nearest(fractions, 0);
  if (whole && !hidesTraffic(fractions, whole)) return whole.map((v) => `${v}%`);
  const tenths = nearest(fractions, 1);
  if (tenths) return tenths.map((v, i) => tenth(v, fractions[i]!));
  const byRemainders = largestRemainders(fractions, 0);
  if (!hidesTraffic(fractions, byRemainders)) return byRemainders.map((v) => `${v}%`);
  return largestRemainders(fractions, 1).map((v, i) => tenth(v, fractions[i]!));
}

/** Every share rounded to `decimals`, or undefined when they do not add up to the rounded total. */
function nearest(fractions: readonly number[], decimals: number): number[] | undefined {
  const scale = 10 ** decimals;
  const values = fractions.map((f) => Math.round(f * 100 * scale));
  const total = Math.round(fractions.reduce((sum, f) => sum + f, 0) * 100 * scale);
  return values.reduce((sum, v) => sum + v, 0) === total ? values.map((v) => v / scale) : undefined;
}

/** Whether a member that gets traffic would read `0%`. */
function hidesTraffic(fractions: readonly number[], values: readonly number[]): boolean {
  return fractions.some((f, i) => f > 0 && values[i] === 0);
}

/** Floors every share, then gives the missing units to the largest remainders (ties: first listed). */
function largestRemainders(fractions: readonly number[], decimals: number): number[] {
  const scale = 10 ** decimals;
  const exact = fractions.map((f) => f * 100 * scale);
  const values = exact.map(Math.floor);
  const total = Math.round(fractions.reduce((sum, f) => sum + f, 0) * 100 * scale);
  let missing = total - values.reduce((sum, v) => sum + v, 0);
  const order = exact.map((x, i) => ({ i, rest: x - Math.floor(x) })).sort((a, b) => b.rest - a.rest || a.i - b.i);
  for (const { i } of order) {
    if (missing <= 0) break;
    values[i]! += 1;
    missing -= 1;
  }
  return values.map((v) => v / scale);
}

function tenth(value: number, fraction: number): string {
  if (fraction > 0 && value === 0) return '<0.1%';
  return `${value.toFixed(1)}%`;
}
