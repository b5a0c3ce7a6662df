import { describe, expect, it } from 'vitest';
import { createRouter, predictShares } from '../../server/src/traffic';
import type { Pool } from '../../server/src/core/model';
import { buildPool, type MemberSpec } from '../helpers/pool-builder';
import { bytesOf, referenceCrc32 } from './reference';

function poolOf(weights: number[], down: boolean[] = [], key = '$arg_k'): Pool {
  const members: MemberSpec[] = weights.map((weight, i) => ({ address: `10.0.0.${i + 1}:80`, weight, down: down[i] ?? false }));
  return buildPool({ algorithm: 'hash', key, members });
}

/** nginx's map-based hash loop for one key, from the C code; -1 means round-robin. */
function bruteForcePeer(key: string, weights: number[], down: boolean[]): number {
  const total = weights.reduce((a, b) => a + b, 0);
  let hash = 0;
  for (let rehash = 0; rehash <= 20; rehash++) {
    const prefix = rehash > 0 ? String(rehash) : '';
    hash += (referenceCrc32(bytesOf(prefix + key)) >>> 16) & 0x7fff;
    let w = hash % total;
    let p = 0;
    while (w >= weights[p]!) {
      w -= weights[p]!;
      p++;
    }
    if (!down[p]) return p;
  }
  return -1;
}

function route(pool: Pool, keys: readonly string[]): number[] {
  const created = createRouter(pool);
  if (!created.ok) throw new Error(created.reason);
  return keys.map((k) => {
    const r = created.router.route({ uri: `/?k=${k}` });
    if (!r.ok) throw new Error(r.reason);
    return r.member;
  });
}

const KEYS = Array.from({ length: 60000 }, (_, i) => `key${i}`);

describe('map-based hash', () => {
  it('has exact first-attempt shares over the 32768 hash values', () => {
    const weights = [3, 2, 2];
    const counts = [0, 0, 0];
    for (let h = 0; h < 32768; h++) {
      let w = h % 7;
      let p = 0;
      while (w >= weights[p]!) {
        w -= weights[p]!;
        p++;
      }
      counts[p]!++;
    }
    const shares = predictShares(poolOf(weights));
    expect(shares.members.map((m) => m.share * 32768)).toEqual(counts);
    expect(shares.members[0]!.why).toBe(`map-based hash: ${counts[0]} of the 32768 key hash values (42.9%)`);
  });

  it('routes key for key like the brute-force loop, down member included', () => {
    const weights = [1, 2, 1, 1];
    const down = [false, true, false, false];
    const routed = route(poolOf(weights, down), KEYS.slice(0, 5000));
    const expected = KEYS.slice(0, 5000).map((k) => bruteForcePeer(k, weights, down));
    routed.forEach((member, i) => {
      if (expected[i]! >= 0) expect(member).toBe(expected[i]);
    });
    expect(routed).not.toContain(1);
  });

  it('predicts shares that match brute force over many keys', () => {
    for (const [weights, down] of [
      [[5, 1, 1], [false, false, false]],
      [[1, 2, 1, 1], [false, true, false, false]],
      [[2, 1, 3], [true, false, true]],
    ] as [number[], boolean[]][]) {
      const shares = predictShares(poolOf(weights, down)).members.map((m) => m.share);
      const counts = weights.map(() => 0);
      const upWeight = weights.reduce((a, w, i) => a + (down[i] ? 0 : w), 0);
      for (const key of KEYS) {
        const p = bruteForcePeer(key, weights, down);
        if (p >= 0) counts[p]!++;
        // After 21 attempts round-robin takes the key: by weight over the members that are up.
        else weights.forEach((w, i) => (counts[i]! += down[i] ? 0 : w / upWeight));
      }
      counts.forEach((count, i) => expect(Math.abs(count / KEYS.length - shares[i]!)).toBeLessThan(0.006));
      expect(shares.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
    }
  });

  it('states the rehash approximation only when a member is down', () => {
    expect(predictShares(poolOf([1, 1])).caveat).not.toMatch(/rehash/);
    expect(predictShares(poolOf([1, 1, 1], [false, true, false])).caveat).toMatch(/rehash/);
  });

  it('falls back to round-robin when the key is empty', () => {
    const pool = poolOf([2, 1]);
    expect(route(pool, ['', '', '', '', '', ''])).toEqual([0, 1, 0, 0, 1, 0]);
  });

  it('shares the round-robin state between empty-key requests and keyed ones', () => {
    const created = createRouter(poolOf([1, 1, 1]));
    if (!created.ok) throw new Error(created.reason);
    const pick = (uri: string): number => {
      const r = created.router.route({ uri });
      return r.ok ? r.member : -1;
    };
    // Keyed requests do not advance round-robin; the empty-key ones rotate 0, 1, 2.
    expect([pick('/'), pick('/?k=abc'), pick('/'), pick('/?k=xyz'), pick('/')]).toEqual([0, bruteForcePeer('abc', [1, 1, 1], []), 1, bruteForcePeer('xyz', [1, 1, 1], []), 2]);
  });

  it('gives a constant key all the traffic of one member', () => {
    const pool = poolOf([1, 1, 1], [], 'fixed');
    const shares = predictShares(pool).members.map((m) => m.share);
    expect(shares.filter((s) => s === 1)).toHaveLength(1);
    expect(shares[bruteForcePeer('fixed', [1, 1, 1], [])]).toBe(1);
  });
});
