import { describe, expect, it } from 'vitest';
import { createRouter, predictShares, swrrSequence } from '../../server/src/traffic';
import type { Pool } from '../../server/src/core/model';
import { buildPool, type MemberSpec } from '../helpers/pool-builder';

function routeMany(pool: Pool, count: number): string[] {
  const created = createRouter(pool);
  if (!created.ok) throw new Error(created.reason);
  return Array.from({ length: count }, () => {
    const result = created.router.route({ uri: '/' });
    return result.ok ? pool.members[result.member]!.address : `error: ${result.reason}`;
  });
}

describe('smooth weighted round-robin', () => {
  it('gives a a b a c a a for weights 5/1/1', () => {
    expect(swrrSequence([5, 1, 1], 7).map((i) => 'abc'[i]).join(' ')).toBe('a a b a c a a');
  });

  it('repeats the same cycle', () => {
    const two = swrrSequence([5, 1, 1], 14).map((i) => 'abc'[i]).join('');
    expect(two).toBe('aabacaaaabacaa');
  });

  it('is plain rotation for equal weights and breaks ties by declaration order', () => {
    expect(swrrSequence([1, 1, 1], 6)).toEqual([0, 1, 2, 0, 1, 2]);
    expect(swrrSequence([2, 3], 5)).toEqual([1, 0, 1, 0, 1]);
  });

  it('routes requests in the same order and predicts exact cycle shares', () => {
    const pool = buildPool({ members: [{ address: 'a', weight: 5 }, 'b', 'c'] });
    expect(routeMany(pool, 7).join(' ')).toBe('a a b a c a a');
    const shares = predictShares(pool);
    expect(shares.members.map((m) => m.share)).toEqual([5 / 7, 1 / 7, 1 / 7]);
    expect(shares.members[0]!.why).toBe('smooth weighted round-robin: 5 of every 7 requests');
    expect(shares.caveat).toBeUndefined();
  });

  it('least_conn at no concurrency routes exactly like round-robin', () => {
    const members: (MemberSpec | string)[] = [{ address: 'a', weight: 3 }, { address: 'b', weight: 2 }, 'c'];
    const rr = routeMany(buildPool({ members }), 30);
    const lc = routeMany(buildPool({ algorithm: 'least-conn', members }), 30);
    expect(lc).toEqual(rr);
    expect(predictShares(buildPool({ algorithm: 'least-conn', members })).caveat).toMatch(/low concurrency/);
  });
});

describe('down, backup and peers', () => {
  it('skips a down member and gives it no share', () => {
    const pool = buildPool({ members: [{ address: 'a', weight: 2 }, { address: 'b', down: true }, 'c'] });
    expect(routeMany(pool, 6).join(' ')).toBe('a c a a c a');
    const shares = predictShares(pool).members;
    expect(shares.map((m) => m.share)).toEqual([2 / 3, 0, 1 / 3]);
    expect(shares[1]!.why).toMatch(/^down/);
  });

  it('keeps backups idle while a primary can serve', () => {
    const pool = buildPool({ members: ['a', 'b', { address: 'z', backup: true }] });
    expect(routeMany(pool, 4)).toEqual(['a', 'b', 'a', 'b']);
    const shares = predictShares(pool).members;
    expect(shares[2]!.share).toBe(0);
    expect(shares[2]!.why).toMatch(/^backup: 0% while a primary can serve, and 2 primary members can/);
  });

  it('lets backups share by round-robin when every primary is down', () => {
    const pool = buildPool({
      members: [{ address: 'a', down: true }, { address: 'y', backup: true, weight: 2 }, { address: 'z', backup: true }],
    });
    expect(routeMany(pool, 6)).toEqual(['y', 'z', 'y', 'y', 'z', 'y']);
    const shares = predictShares(pool).members;
    expect(shares.map((m) => m.share)).toEqual([0, 2 / 3, 1 / 3]);
    expect(shares[1]!.why).toMatch(/over the backups/);
  });

  it('reports 502 when nothing can serve', () => {
    const pool = buildPool({ members: [{ address: 'a', down: true }, { address: 'b', down: true }] });
    const created = createRouter(pool);
    expect(created.ok).toBe(true);
    if (!created.ok) return;
    const result = created.router.route({ uri: '/' });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(/502/);
    const shares = predictShares(pool);
    expect(shares.members.every((m) => m.share === 0)).toBe(true);
    expect(shares.caveat).toMatch(/No member can serve/);
  });

  it('counts a member with k peers as k peers of its weight', () => {
    const pool = buildPool({ members: [{ address: 'app.internal', peers: 3, resolvesByName: true }, '10.0.0.9'] });
    // Four peers of weight 1 rotate one by one; the first three are the name's addresses.
    expect(routeMany(pool, 8)).toEqual(['app.internal', 'app.internal', 'app.internal', '10.0.0.9', 'app.internal', 'app.internal', 'app.internal', '10.0.0.9']);
    const shares = predictShares(pool);
    expect(shares.members.map((m) => m.share)).toEqual([0.75, 0.25]);
    expect(shares.members[0]!.why).toBe('smooth weighted round-robin: 3 of every 4 requests');
    expect(shares.caveat).toMatch(/app\.internal \(counted as 3 peers\).*cannot know/);
  });

  it('approximates methods it does not emulate, and says so', () => {
    const pool = buildPool({ algorithm: 'maglev', dialect: 'envoy', members: [{ address: 'a', weight: 3 }, 'b'] });
    const shares = predictShares(pool);
    expect(shares.members.map((m) => m.share)).toEqual([0.75, 0.25]);
    expect(shares.caveat).toMatch(/approximated/);
    expect(createRouter(pool).ok).toBe(false);
  });
});
