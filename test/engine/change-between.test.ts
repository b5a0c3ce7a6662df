/**
 * `changeBetween` finds the common prefix and suffix with doubling then halving chunk compares;
 * the edit it returns is the one a character-by-character scan finds, for edits anywhere in
 * texts from empty to past several chunk sizes (including repeated text, where a chunk compare
 * that drifted by one would still match).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { changeBetween } from '../../server/src/engine/incremental';

function naive(before: string, after: string): { start: number; oldEnd: number; newEnd: number } {
  const shorter = Math.min(before.length, after.length);
  let start = 0;
  while (start < shorter && before[start] === after[start]) start++;
  let tail = 0;
  while (tail < shorter - start && before[before.length - 1 - tail] === after[after.length - 1 - tail]) tail++;
  return { start, oldEnd: before.length - tail, newEnd: after.length - tail };
}

const textArb = fc.oneof(
  fc.string({ maxLength: 50 }),
  fc.integer({ min: 0, max: 20_000 }).map((n) => 'server 10.0.0.1:80 weight=3;\n'.repeat(Math.ceil(n / 29)).slice(0, n)),
  fc.integer({ min: 0, max: 5_000 }).map((n) => 'a'.repeat(n)),
);

describe('changeBetween', () => {
  it('equals a character-by-character scan for random edits', () => {
    fc.assert(
      fc.property(textArb, fc.nat(), fc.nat({ max: 3000 }), fc.string({ maxLength: 40 }), (text, at, length, insert) => {
        const start = text.length === 0 ? 0 : at % (text.length + 1);
        const after = text.slice(0, start) + insert + text.slice(Math.min(text.length, start + length));
        expect(changeBetween(text, after)).toEqual(naive(text, after));
      }),
      { numRuns: 500, seed: 3 },
    );
  });
});
