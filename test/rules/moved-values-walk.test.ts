/**
 * hash-not-consistent counts the hash values that change owner by walking weight runs (and one
 * period of both totals when it is short) instead of all 32768 values one by one: the count must
 * be exactly the one-by-one count for any weights, including totals above 32768, zero weights and
 * weights that are not whole numbers.
 */
import { describe, expect, it } from 'vitest';
import { movedValues } from '../../server/src/rules/hash-not-consistent';

const HASH_VALUES = 32768;

function oneByOne(before: readonly number[], after: readonly number[]): number {
  const table = (weights: readonly number[]) => {
    const total = weights.reduce((x, y) => x + y, 0);
    const owners = new Int32Array(Math.min(total, HASH_VALUES));
    let slot = 0;
    for (let peer = 0; peer < weights.length && slot < owners.length; peer++) {
      const end = Math.min(owners.length, slot + weights[peer]!);
      owners.fill(peer, slot, end);
      slot = end;
    }
    return { total, owners };
  };
  const a = table(before);
  const b = table(after);
  let moved = 0;
  for (let h = 0; h < HASH_VALUES; h++) if (a.owners[h % a.total] !== b.owners[h % b.total]) moved++;
  return moved;
}

let seed = 2026;
const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
const int = (n: number) => Math.floor(random() * n);

describe('movedValues walks weight runs', () => {
  it('equals the one-by-one count on 400 random pools, shrinking and growing', () => {
    for (let n = 0; n < 400; n++) {
      const big = random() < 0.1;
      const weights = Array.from({ length: 2 + int(9) }, () => (big ? int(20_000) : random() < 0.1 ? 0 : 1 + int(random() < 0.5 ? 5 : 100)));
      const last = weights[weights.length - 1]!;
      expect(movedValues(weights, weights.slice(0, -1))).toBe(oneByOne(weights, weights.slice(0, -1)));
      expect(movedValues(weights, [...weights, last])).toBe(oneByOne(weights, [...weights, last]));
    }
  });

  it('equals the one-by-one count for weights nginx would not build (fractions, all zero)', () => {
    for (const [before, after] of [[[1.5, 2], [1.5]], [[0, 0], [0]], [[3, 0], [3, 0, 0]], [[40000, 1], [40000]]] as const) {
      expect(movedValues(before, after)).toBe(oneByOne(before, after));
    }
  });
});
