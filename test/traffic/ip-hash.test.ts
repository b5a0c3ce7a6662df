import { describe, expect, it } from 'vitest';
import { createRouter, predictShares } from '../../server/src/traffic';
import { ipHashCounts, networksPerResidue } from '../../server/src/traffic/nginx/ip-hash';
import { expandPeers } from '../../server/src/traffic/nginx/peers';
import type { Pool } from '../../server/src/core/model';
import { buildPool, type MemberSpec } from '../helpers/pool-builder';
import { seededRandom } from './reference';

/**
 * nginx's ip_hash loop for one IPv4 client, written out from the C code: returns the peer index,
 * or -1 when 21 attempts all land on down peers (nginx then uses round-robin).
 */
function bruteForcePeer(o1: number, o2: number, o3: number, weights: number[], down: boolean[]): number {
  const total = weights.reduce((a, b) => a + b, 0);
  let hash = 89;
  for (let tries = 0; tries <= 20; tries++) {
    hash = (hash * 113 + o1) % 6271;
    hash = (hash * 113 + o2) % 6271;
    hash = (hash * 113 + o3) % 6271;
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

function bruteForceCounts(weights: number[], down: boolean[], from: number, to: number): { counts: number[]; fallback: number } {
  const counts = weights.map(() => 0);
  let fallback = 0;
  for (let o1 = from; o1 <= to; o1++) {
    for (let o2 = 0; o2 < 256; o2++) {
      for (let o3 = 0; o3 < 256; o3++) {
        const p = bruteForcePeer(o1, o2, o3, weights, down);
        if (p < 0) fallback++;
        else counts[p]!++;
      }
    }
  }
  return { counts, fallback };
}

function poolOf(weights: number[], down: boolean[] = []): Pool {
  const members: MemberSpec[] = weights.map((weight, i) => ({ address: `10.0.0.${i + 1}:80`, weight, down: down[i] ?? false }));
  return buildPool({ algorithm: 'ip-hash', members });
}

describe('ip_hash distribution', () => {
  it('counts /24 networks per residue like the plain three-octet recurrence', () => {
    for (const range of [{ from: 0, to: 255 }, { from: 7, to: 9 }, { from: 255, to: 255 }]) {
      // The recurrence run directly over the first octet and all second and third octets.
      const expected = new Float64Array(6271);
      for (let o1 = range.from; o1 <= range.to; o1++) {
        for (let o2 = 0; o2 < 256; o2++) {
          const h2 = ((o1 % 6271) * 113 + o2) % 6271;
          for (let o3 = 0; o3 < 256; o3++) expected[(h2 * 113 + o3) % 6271]! += 1;
        }
      }
      expect(Array.from(networksPerResidue(range))).toEqual(Array.from(expected));
    }
  });

  it('matches brute force over a reduced range of networks (no member down)', () => {
    const weights = [2, 1, 3];
    const exact = ipHashCounts(expandPeers(poolOf(weights)).primary, { from: 10, to: 12 });
    const brute = bruteForceCounts(weights, [false, false, false], 10, 12);
    expect(Array.from(exact.byPeer)).toEqual(brute.counts);
    expect(exact.fallback).toBe(0);
    expect(exact.networks).toBe(3 * 65536);
  });

  it('matches brute force over a reduced range with down members, rehashing included', () => {
    const weights = [1, 1, 1, 1, 1];
    const down = [false, true, true, false, true];
    const exact = ipHashCounts(expandPeers(poolOf(weights, down)).primary, { from: 190, to: 193 });
    const brute = bruteForceCounts(weights, down, 190, 193);
    expect(Array.from(exact.byPeer)).toEqual(brute.counts);
    expect(exact.fallback).toBe(brute.fallback);
  });

  it('matches brute force over all 2^24 networks with a down member', () => {
    const weights = [1, 2, 1];
    const down = [false, false, true];
    const exact = ipHashCounts(expandPeers(poolOf(weights, down)).primary);
    const brute = bruteForceCounts(weights, down, 0, 255);
    expect(Array.from(exact.byPeer)).toEqual(brute.counts);
    expect(exact.fallback).toBe(brute.fallback);
  });

  it('gives equal weights shares within a fraction of a percent of equal', () => {
    for (const n of [2, 3, 4, 7]) {
      const shares = predictShares(poolOf(new Array<number>(n).fill(1))).members.map((m) => m.share);
      for (const share of shares) expect(Math.abs(share - 1 / n)).toBeLessThan(0.005);
      expect(shares.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    }
  });

  it('words the share as client networks, with the exact count', () => {
    const shares = predictShares(poolOf([1, 1]));
    expect(shares.members[0]!.why).toMatch(/^ip_hash: \d+\.\d% of IPv4 \/24 client networks \(\d+ of 16777216\)$/);
    expect(shares.caveat).toMatch(/\/24 client networks/);
  });
});

describe('ip_hash routing', () => {
  it('sends clients from K /24 networks to at most K servers', () => {
    const pool = poolOf(new Array<number>(10).fill(1));
    const created = createRouter(pool);
    if (!created.ok) throw new Error(created.reason);
    const random = seededRandom(3);
    for (const k of [1, 2, 3]) {
      const networks = Array.from({ length: k }, () => [1 + Math.floor(random() * 223), Math.floor(random() * 256), Math.floor(random() * 256)]);
      const servers = new Set<number>();
      for (let i = 0; i < 500; i++) {
        const [a, b, c] = networks[i % k]!;
        const result = created.router.route({ uri: '/', clientIp: `${a}.${b}.${c}.${Math.floor(random() * 256)}` });
        if (!result.ok) throw new Error(result.reason);
        servers.add(result.member);
      }
      expect(servers.size).toBeLessThanOrEqual(k);
    }
  });

  it('routes like the brute-force loop, and rehashes past a down member', () => {
    const weights = [1, 3, 1];
    const down = [false, true, false];
    const created = createRouter(poolOf(weights, down));
    if (!created.ok) throw new Error(created.reason);
    const random = seededRandom(11);
    for (let i = 0; i < 2000; i++) {
      const o = [0, 1, 2, 3].map(() => Math.floor(random() * 256));
      const result = created.router.route({ uri: '/', clientIp: o.join('.') });
      if (!result.ok) throw new Error(result.reason);
      const expected = bruteForcePeer(o[0]!, o[1]!, o[2]!, weights, down);
      if (expected >= 0) expect(result.member).toBe(expected);
      else expect(result.member).not.toBe(1);
    }
  });

  it('hashes all 16 bytes of an IPv6 client', () => {
    const created = createRouter(poolOf([1, 1, 1, 1, 1, 1, 1, 1]));
    if (!created.ok) throw new Error(created.reason);
    const members = new Set<number>();
    for (let i = 0; i < 64; i++) {
      const result = created.router.route({ uri: '/', clientIp: `2001:db8::${i.toString(16)}` });
      if (!result.ok) throw new Error(result.reason);
      members.add(result.member);
    }
    // Only the last byte differs, and IPv4 would ignore it; IPv6 spreads these clients.
    expect(members.size).toBeGreaterThan(4);
  });

  it('needs a client address', () => {
    const created = createRouter(poolOf([1, 1]));
    if (!created.ok) throw new Error(created.reason);
    const result = created.router.route({ uri: '/' });
    expect(result).toEqual({ ok: false, reason: 'ip_hash needs the client address, and the request has no "clientIp"' });
  });
});
