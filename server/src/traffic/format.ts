/**
 * Number formatting shared by the `why` sentences, so every algorithm words shares alike.
 */

/** `0.2547` -> `25.5%`; tiny non-zero shares keep two significant digits (`0.0012%`). */
export function percent(fraction: number): string {
  const value = fraction * 100;
  if (value !== 0 && Math.abs(value) < 0.1) return `${Number(value.toPrecision(2))}%`;
  return `${value.toFixed(1)}%`;
}

export function gcd(a: number, b: number): number {
  let x = Math.abs(a);
  let y = Math.abs(b);
  // A temporary, not a destructuring swap: unoptimised code would make an array per step, and
  // share predictions call this once per server.
  while (y) {
    const r = x % y;
    x = y;
    y = r;
  }
  return x;
}

/** `n of every m`, reduced when both have a common factor (10 of 14 -> 5 of 7). */
export function ofEvery(n: number, m: number): string {
  const g = gcd(n, m) || 1;
  return `${n / g} of every ${m / g}`;
}

/** Joins caveat sentences; undefined when there are none. */
export function joinCaveats(caveats: readonly string[]): string | undefined {
  if (caveats.length <= 1) return caveats[0];
  const unique = [...new Set(caveats)];
  return unique.join(' ');
}
