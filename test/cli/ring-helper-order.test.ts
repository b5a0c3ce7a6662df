/**
 * The order in which the ring helper builds (server/src/cli/ring-helper-order.ts): the pools'
 * rings from the last pool backwards until the main thread has claimed the rest, and only then
 * the tenfold rings unbalanced-ring reads for the words of its listed findings, which it reads
 * after every pool's rules: the main thread's pools first, in the order it asked, then the
 * helper's own in file order. Built in between (the previous order), they took the helper away
 * from pools the main thread then built itself.
 */
import { describe, expect, it } from 'vitest';
import { runHelperOrder, type HelperWork } from '../../server/src/cli/ring-helper-order';

interface Script {
  readonly pools: number;
  /** Pools the main thread claims first. */
  readonly mainClaims?: readonly number[];
  /** Pools whose tenfold ring the helper claims when it builds them. */
  readonly unbalanced?: readonly number[];
  /** Tenfold rings the main thread asks for, by the number of builds after which each request arrives. */
  readonly requests?: ReadonlyMap<number, readonly string[]>;
}

/** Runs the order against a scripted main thread; returns what was built, in order. */
function run(script: Script): string[] {
  const built: string[] = [];
  const scaled: string[] = [];
  const claimed = new Set(script.mainClaims ?? []);
  let delivered = 0;
  const claimScaled = (name: string) => scaled.push(name) - 1;
  const work: HelperWork = {
    pools: script.pools,
    claim: (index) => !claimed.has(index),
    build: (index) => {
      built.push(`pool ${index}`);
      return script.unbalanced?.includes(index) ? claimScaled(`scaled ${index}`) : undefined;
    },
    takeRequests: () => {
      const tokens: number[] = [];
      for (const [after, names] of script.requests ?? []) {
        if (after > built.length || after < delivered) continue;
        for (const name of names) tokens.push(claimScaled(name));
      }
      delivered = built.length + 1;
      return tokens;
    },
    buildScaled: (token) => built.push(scaled[token]!),
  };
  runHelperOrder(work);
  return built;
}

describe('ring helper order', () => {
  it('builds every pool it can claim, from the last, before any tenfold ring', () => {
    const built = run({ pools: 6, mainClaims: [0, 1], unbalanced: [5, 3, 2] });
    expect(built).toEqual(['pool 5', 'pool 4', 'pool 3', 'pool 2', 'scaled 2', 'scaled 3', 'scaled 5']);
  });

  it('builds the tenfold rings the main thread asked for first, in its order, then its own in file order', () => {
    const requests = new Map([
      [1, ['scaled 0']],
      [3, ['scaled 1']],
    ]);
    const built = run({ pools: 5, mainClaims: [0, 1], unbalanced: [4, 2], requests });
    expect(built).toEqual(['pool 4', 'pool 3', 'pool 2', 'scaled 0', 'scaled 1', 'scaled 2', 'scaled 4']);
  });

  it('builds a request that arrives among its own tenfold rings before the rest of them', () => {
    // The request arrives after the fifth build: the first of the helper's own tenfold rings.
    const requests = new Map([[5, ['scaled 0']]]);
    const built = run({ pools: 5, mainClaims: [0], unbalanced: [4, 3, 1], requests });
    expect(built).toEqual(['pool 4', 'pool 3', 'pool 2', 'pool 1', 'scaled 1', 'scaled 0', 'scaled 3', 'scaled 4']);
  });

  it('builds nothing when the main thread claimed every pool', () => {
    expect(run({ pools: 3, mainClaims: [0, 1, 2] })).toEqual([]);
  });
});
