/**
 * Issue 12: a pool's balance location is one object with its `balance` fact's (the same file,
 * start and end), and its `random-draws` and `layer7-fallback` facts point at it too, where each
 * made a location of its own for as long as the model lives (21,000 pools in a 10 MB file).
 * The locations must still be the balance line's, inherited from a defaults section or not.
 */
import { describe, expect, it } from 'vitest';
import { noIncludes } from '../../../server/src/core/dialect';
import { analyzeHaproxy } from '../../../server/src/dialects/haproxy/lower';

const text = `defaults
    balance uri
backend inherited
    server a 10.0.0.1:80
backend own
    mode http
    balance random(3)
    server a 10.0.0.2:80
backend fallback
    mode tcp
    balance hdr(host)
    server a 10.0.0.3:80
`;

describe('a pool balance location', () => {
  it('is its balance fact location', () => {
    const pools = analyzeHaproxy({ path: 'haproxy.cfg', text }, noIncludes).model.pools;
    expect(pools.map((p) => p.name)).toEqual(['inherited', 'own', 'fallback']);
    for (const pool of pools) {
      const balance = pool.facts.balance!;
      // One object for both (fails on the previous pool.ts, which made one for each).
      expect(pool.algorithmLoc).toBe(balance.loc);
      expect(text.slice(balance.loc.start, balance.loc.end)).toBe(`balance ${balance.value}`);
      expect(pool.algorithmText).toBe(`balance ${balance.value}`);
    }
    expect(pools[1]!.facts['random-draws']).toEqual({ value: '3', loc: pools[1]!.algorithmLoc });
    expect(pools[1]!.facts['random-draws']!.loc).toBe(pools[1]!.algorithmLoc);
    expect(pools[2]!.facts['layer7-fallback']!.loc).toBe(pools[2]!.algorithmLoc);
    expect(pools[2]!.algorithm).toBe('round-robin');
  });
});
