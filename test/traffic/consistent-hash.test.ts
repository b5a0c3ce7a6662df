import { describe, expect, it } from 'vitest';
import { createRouter, crc32, ketamaRing, predictShares, ringHostPort, ringShares } from '../../server/src/traffic';
import type { Pool } from '../../server/src/core/model';
import { buildPool, type MemberSpec } from '../helpers/pool-builder';
import { bytesOf, referenceChashServer, referenceCrc32, referenceRing } from './reference';

const FOUR = [1, 2, 3, 4].map((i) => `127.0.0.1:1808${i}`);

function routeKey(pool: Pool, keys: readonly string[]): string[] {
  const created = createRouter(pool);
  if (!created.ok) throw new Error(created.reason);
  return keys.map((k) => {
    const result = created.router.route({ uri: `/item?k=${k}` });
    if (!result.ok) throw new Error(result.reason);
    return pool.members[result.member]!.address;
  });
}

describe('ketama ring', () => {
  it('gives four equal servers 25.5 / 24.6 / 26.4 / 23.6 % of the ring', () => {
    const shares = Array.from(ringShares(ketamaRing(FOUR.map((address) => ({ address, weight: 1 })))));
    expect(shares.map((s) => (s * 100).toFixed(1))).toEqual(['25.5', '24.6', '26.4', '23.6']);
    for (const share of shares) {
      expect(share).toBeGreaterThanOrEqual(0.2355);
      expect(share).toBeLessThanOrEqual(0.2645);
    }
    expect(shares.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
  });

  it('matches a plain reference ring point for point', () => {
    const servers: [string, number][] = [['127.0.0.1:18081', 2], ['backend.example', 1], ['unix:/run/app.sock', 1], ['[::1]:8080', 3]];
    const ring = ketamaRing(servers.map(([address, weight]) => ({ address, weight })));
    const reference = referenceRing(servers);
    expect(ring.points.length).toBe(reference.length);
    expect(Array.from(ring.points)).toEqual(reference.map((p) => p.hash));
    expect(Array.from(ring.owners, (o) => ring.servers[o])).toEqual(reference.map((p) => p.server));
  });

  it('uses zlib crc32 that agrees with a bitwise CRC-32', () => {
    for (const text of ['', 'a', '/item?k=42', '127.0.0.1\u000018081']) {
      expect(crc32(Buffer.from(text))).toBe(referenceCrc32(bytesOf(text)));
    }
  });

  it('splits host and port as nginx does', () => {
    expect(ringHostPort('127.0.0.1:18081')).toEqual({ host: '127.0.0.1', port: '18081' });
    expect(ringHostPort('backend.example')).toEqual({ host: 'backend.example', port: '' });
    expect(ringHostPort('unix:/run/app.sock')).toEqual({ host: '/run/app.sock', port: '' });
    expect(ringHostPort('UNIX:/x')).toEqual({ host: '/x', port: '' });
    expect(ringHostPort('[::1]:80')).toEqual({ host: '[::1]', port: '80' });
    expect(ringHostPort('[::1]')).toEqual({ host: '[::1]', port: '' });
  });

  it('predicts shares with the ring sentence', () => {
    const shares = predictShares(buildPool({ algorithm: 'consistent-hash', key: '$request_uri', members: FOUR }));
    expect(shares.members[0]!.why).toBe('consistent hash ring: owns 25.5% of the ring (160 points)');
    expect(shares.members.reduce((a, m) => a + m.share, 0)).toBeCloseTo(1, 12);
  });
});

describe('consistent-hash routing against an independent implementation', () => {
  const keys = Array.from({ length: 5000 }, (_, i) => `user-${i * 7919}`);

  it('agrees on 5000 keys with unequal weights', () => {
    const members: (MemberSpec | string)[] = [{ address: '127.0.0.1:18081', weight: 3 }, '127.0.0.1:18082', { address: '127.0.0.1:18083', weight: 2 }];
    const pool = buildPool({ algorithm: 'consistent-hash', key: '$arg_k', members });
    const ring = referenceRing([['127.0.0.1:18081', 3], ['127.0.0.1:18082', 1], ['127.0.0.1:18083', 2]]);
    const expected = keys.map((k) => referenceChashServer(ring, bytesOf(k), new Set()));
    expect(routeKey(pool, keys)).toEqual(expected);
  });

  it('agrees on 5000 keys when a member is down (keys walk to the next points)', () => {
    const members: MemberSpec[] = FOUR.map((address, i) => ({ address, down: i === 1 }));
    const pool = buildPool({ algorithm: 'consistent-hash', key: '$arg_k', members });
    const ring = referenceRing(FOUR.map((s) => [s, 1] as const));
    const down = new Set([FOUR[1]!]);
    const expected = keys.map((k) => referenceChashServer(ring, bytesOf(k), down));
    expect(routeKey(pool, keys)).toEqual(expected);
    expect(expected).not.toContain(FOUR[1]);
  });

  it('predicts down-member shares that match routing of many keys', () => {
    const members: MemberSpec[] = FOUR.map((address, i) => ({ address, down: i === 2 }));
    const pool = buildPool({ algorithm: 'consistent-hash', key: '$arg_k', members });
    const shares = predictShares(pool).members.map((m) => m.share);
    const many = Array.from({ length: 40000 }, (_, i) => `k${i}`);
    const routed = routeKey(pool, many);
    FOUR.forEach((address, i) => {
      const observed = routed.filter((a) => a === address).length / many.length;
      expect(Math.abs(observed - shares[i]!)).toBeLessThan(0.012);
    });
    expect(shares[2]).toBe(0);
    expect(predictShares(pool).members[0]!.why).toMatch(/more from down members/);
  });

  it('falls back to round-robin for an empty key', () => {
    const pool = buildPool({ algorithm: 'consistent-hash', key: '$arg_k', members: [{ address: 'a:1', weight: 2 }, 'b:1'] });
    const created = createRouter(pool);
    if (!created.ok) throw new Error(created.reason);
    const picks = Array.from({ length: 6 }, () => {
      const r = created.router.route({ uri: '/no-key' });
      return r.ok ? r.member : -1;
    });
    expect(picks).toEqual([0, 1, 0, 0, 1, 0]);
  });
});
