/**
 * The optimised consistent-hash ring (fixed buffers, bucket sort, signed 32-bit points, one chain
 * per address) against the plain reference implementation, on random pools: the same points, the
 * same owners and exactly the same shares, including pools that take the large-ring path.
 */
import { describe, expect, it } from 'vitest';
import type { Pool } from '../../server/src/core/model';
import { chashShares } from '../../server/src/traffic/nginx/chash';
import { crc32OfText, crc32OfUint32LEBits } from '../../server/src/traffic/nginx/crc32';
import { ketamaRing } from '../../server/src/traffic/nginx/ketama';
import { expandPeers, type Peer } from '../../server/src/traffic/nginx/peers';
import { ARCS_MIN_POINTS, arcsAlone, arcsOfPoints, ringArcs, SLICE_POINTS } from '../../server/src/traffic/nginx/ring-arcs';
import { SERVER_CAPACITY } from '../../server/src/traffic/nginx/ring-buffers';
import { ringPoints, sortPoints, type RingArcs } from '../../server/src/traffic/nginx/ring-points';
import { buildPool, type MemberSpec } from '../helpers/pool-builder';
import { bytesOf, referenceChashShares, referenceCrc32, referenceRing, seededRandom } from './reference';

const random = seededRandom(7_2026);
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
const int = (n: number): number => Math.floor(random() * n);

/** Addresses written in every way the ring splits them, with names that several members share. */
const SHARED = ['app.internal:8080', 'backend.example', 'unix:/run/app.sock', 'UNIX:/run/b.sock', '[::1]:8080', '[2001:db8::1]', 'hôte.example:81', '10.0.0.7'];

function randomMember(): MemberSpec {
  const address = random() < 0.6 ? `10.${int(256)}.${int(256)}.${int(256)}:${1 + int(65535)}` : pick(SHARED);
  const weight = random() < 0.05 ? 0 : 1 + int(random() < 0.2 ? 9 : 3);
  const spec: MemberSpec = { address, weight, down: random() < 0.2, drained: random() < 0.05 };
  return random() < 0.15 ? { ...spec, peers: 2 + int(3), resolvesByName: true } : spec;
}

function randomPool(members: number): Pool {
  return buildPool({ algorithm: 'consistent-hash', key: '$request_uri', members: Array.from({ length: members }, randomMember) });
}

function primaryOf(pool: Pool): readonly Peer[] {
  return expandPeers(pool).primary;
}

function expectSameShares(primary: readonly Peer[]): void {
  const actual = chashShares(primary);
  const expected = referenceChashShares(primary.map((p) => ({ address: p.server, weight: p.weight, up: p.up })));
  expect(Array.from(actual.pointsByPeer)).toEqual(expected.pointsByPeer);
  expect(Array.from(actual.ownedByPeer)).toEqual(expected.ownedByPeer);
  expect(Array.from(actual.byPeer)).toEqual(expected.byPeer);
  expect(actual.fallback).toBe(expected.fallback);
}

function expectSameRing(primary: readonly Peer[]): void {
  const ring = ketamaRing(primary.map((p) => ({ address: p.server, weight: p.weight })));
  const reference = referenceRing(primary.map((p) => [p.server, p.weight] as const));
  expect(Array.from(ring.points)).toEqual(reference.map((p) => p.hash));
  expect(Array.from(ring.owners, (o) => ring.servers[o])).toEqual(reference.map((p) => p.server));
  primary.forEach((peer, i) => expect(ring.servers[ring.serverOf[i]!]).toBe(peer.server));
}

describe('consistent-hash ring against the reference', () => {
  it('gives exactly the reference shares on 300 random pools, down members included', () => {
    for (let n = 0; n < 300; n++) expectSameShares(primaryOf(randomPool(1 + int(8))));
  });

  it('builds the reference ring on 60 random pools', () => {
    for (let n = 0; n < 60; n++) expectSameRing(primaryOf(randomPool(1 + int(6))));
  });

  it('passes keys on past a run of down members and sends what finds none to round-robin', () => {
    // One serving member among many down ones: some arcs are more than 20 points from it.
    const members: MemberSpec[] = Array.from({ length: 30 }, (_, i) => ({ address: `10.1.0.${i}:80`, down: i !== 0 }));
    const primary = primaryOf(buildPool({ algorithm: 'consistent-hash', key: '$uri', members }));
    expectSameShares(primary);
    expect(chashShares(primary).fallback).toBeGreaterThan(0);
  });

  it('agrees on a ring too large for the fixed buffers (76,800 points)', () => {
    const members: MemberSpec[] = Array.from({ length: 12 }, (_, i) => ({ address: `10.2.0.${i}:80`, weight: 40, down: i % 5 === 1 }));
    const primary = primaryOf(buildPool({ algorithm: 'consistent-hash', key: '$uri', members }));
    expectSameShares(primary);
    expectSameRing(primary);
  });

  it('agrees on a pool with more addresses than the fixed buffers take', () => {
    const members: MemberSpec[] = Array.from({ length: 4200 }, (_, i) => ({ address: `10.3.${i >> 8}.${i & 255}:80`, weight: i % 1000 === 0 ? 1 : 0 }));
    expectSameShares(primaryOf(buildPool({ algorithm: 'consistent-hash', key: '$uri', members })));
  });

  it('gives the same shares when asked again (from the cache) and for an equal pool', () => {
    const pool = randomPool(5);
    const first = chashShares(primaryOf(pool));
    expect(chashShares(primaryOf(pool))).toBe(first);
    const changed = buildPool({ algorithm: 'consistent-hash', key: '$uri', members: pool.members.map((m, i) => ({ address: m.address, weight: m.weight, down: i === 0 ? m.state === 'up' : m.state === 'down' })) });
    expectSameShares(primaryOf(changed));
  });
});

describe('ring point sort', () => {
  function referenceSort(keys: Int32Array): { keys: number[]; values: number[] } {
    const order = Array.from(keys, (k, i) => ({ k: k >>> 0, i })).sort((a, b) => a.k - b.k);
    return { keys: order.map((o) => o.k), values: order.map((o) => o.i) };
  }

  function expectSorted(keys: Int32Array): void {
    const values = Uint32Array.from(keys, (_, i) => i);
    const sorted = sortPoints(keys, values);
    const expected = referenceSort(keys);
    expect(Array.from(sorted.keys, (k) => k >>> 0)).toEqual(expected.keys);
    expect(Array.from(sorted.values)).toEqual(expected.values);
  }

  it('sorts uniform values as unsigned numbers, keeping equal ones in order', () => {
    const keys = Int32Array.from({ length: 3000 }, () => (random() * 2 ** 32) | 0);
    for (let i = 0; i < 40; i++) keys[int(3000)] = keys[int(3000)]!;
    expectSorted(keys);
  });

  it('stays exact and stable on clustered values (the radix sort takes over)', () => {
    // Values packed around the sign boundary and at the top land in a couple of buckets.
    const keys = Int32Array.from({ length: 5000 }, (_, i) => (i % 3 === 0 ? 0x7fffffff - int(50) : i % 3 === 1 ? -1 - int(50) : 0x80000000 + int(50)) | 0);
    expectSorted(keys);
  });

  it('sorts more values than the fixed buffers take', () => {
    expectSorted(Int32Array.from({ length: 70_000 }, () => (random() * 2 ** 32) | 0));
  });
});

/** A key drawn from one of several shapes: uniform, clustered near a few values, or at the ends. */
function randomKey(centres: readonly number[]): number {
  const shape = random();
  if (shape < 0.5) return (random() * 2 ** 32) | 0;
  if (shape < 0.9) return (centres[int(centres.length)]! + int(64)) | 0;
  return [0, -1, 0x7fffffff, -0x80000000, 1, -2][int(6)]!;
}

function emptyArcs(servers: number): RingArcs {
  return { owned: new Float64Array(servers), points: new Uint32Array(servers) };
}

describe('arcs of large rings without sorting them (ring-arcs.ts)', () => {
  /** Sorted, first of equal values kept: each owner's points left and the hashes its points receive. */
  function referenceArcs(keys: Int32Array, owners: Uint32Array, servers: number): { owned: number[]; points: number[]; count: number } {
    const order = Array.from(keys, (k, i) => ({ k: k >>> 0, owner: owners[i]! })).sort((a, b) => a.k - b.k);
    const kept = order.filter((p, i) => i === 0 || p.k !== order[i - 1]!.k);
    const owned = new Array<number>(servers).fill(0);
    const points = new Array<number>(servers).fill(0);
    kept.forEach((p, i) => {
      owned[p.owner]! += i === 0 ? 2 ** 32 - kept[kept.length - 1]!.k + p.k : p.k - kept[i - 1]!.k;
      points[p.owner]!++;
    });
    return { owned, points, count: kept.length };
  }

  function expectReferenceArcs(keys: Int32Array, owners: Uint32Array, servers: number): void {
    const points = new Uint32Array(servers);
    for (const owner of owners) points[owner]!++;
    const arcs = { owned: new Float64Array(servers), points };
    const count = arcsOfPoints(keys, owners, arcs);
    const expected = referenceArcs(keys, owners, servers);
    expect(count).toBe(expected.count);
    expect(Array.from(arcs.points)).toEqual(expected.points);
    expect(Array.from(arcs.owned)).toEqual(expected.owned);
  }

  it('gives the reference shares of pools whose rings it sums (every address serving, 8K points and more)', () => {
    for (let n = 0; n < 4; n++) {
      const members: MemberSpec[] = Array.from({ length: 2 + int(4) }, () => ({ address: random() < 0.8 ? `10.${int(256)}.${int(256)}.${int(256)}:${1 + int(65535)}` : pick(SHARED), weight: 20 + int(15) }));
      const primary = primaryOf(buildPool({ algorithm: 'consistent-hash', key: '$uri', members }));
      const total = primary.reduce((sum, p) => sum + p.weight * 160, 0);
      expect(arcsAlone(total, primary.length)).toBe(true);
      expectSameShares(primary);
    }
  });

  it('keeps the first of repeated points, in generation order, across owners and within one', () => {
    const n = ARCS_MIN_POINTS;
    const keys = Int32Array.from({ length: n }, () => (random() * 2 ** 32) | 0);
    const owners = Uint32Array.from({ length: n }, (_, i) => Math.floor((i * 5) / n));
    for (let i = 0; i < 300; i++) keys[int(n)] = keys[int(n)]!;
    expectReferenceArcs(keys, owners, 5);
  });

  it('sums clustered values, a single group, and points at both ends of the ring', () => {
    const n = 3 * 4000;
    const keys = Int32Array.from({ length: n }, (_, i) => (i % 3 === 0 ? 0x7fffffff - int(50) : i % 3 === 1 ? -1 - int(50) : 0x80000000 + int(50)) | 0);
    keys[0] = 0;
    keys[1] = -1;
    expectReferenceArcs(keys, Uint32Array.from({ length: n }, () => int(7)), 7);
    // Every point in one group of the top 10 bits: only the wrap-around arc crosses groups.
    expectReferenceArcs(Int32Array.from({ length: 9000 }, () => 0x12c00000 + int(1 << 22)), Uint32Array.from({ length: 9000 }, () => int(3)), 3);
  });

  // Points are sorted packed with their owners in one double (ring-buffers.ts, OWNER_UNIT): owners
  // up to the largest, whose packed values are the largest, equal points of owners in any order,
  // and chain rings around the sizes where the path changes and where rings are cut in slices.
  it('equals a plain sort on 3,000 random point sets with repeats, clusters and the largest owners', () => {
    for (let n = 0; n < 3000; n++) {
      const size = n % 10 === 0 ? [1, 2047, 2048, 2049, ARCS_MIN_POINTS - 1, ARCS_MIN_POINTS][int(6)]! : 1 + int(600);
      const servers = random() < 0.3 ? SERVER_CAPACITY : 1 + int(100);
      const centres = Array.from({ length: 1 + int(4) }, () => (random() * 2 ** 32) | 0);
      const keys = Int32Array.from({ length: size }, () => randomKey(centres));
      // Repeats copied from elsewhere, so equal points have owners in any order.
      for (let r = int(size / 4); r > 0; r--) keys[int(size)] = keys[int(size)]!;
      // Owners near the top of the range half the time: their packed values are the largest.
      const owners = Uint32Array.from({ length: size }, () => (random() < 0.5 ? servers - 1 - int(Math.min(servers, 3)) : int(servers)));
      expectReferenceArcs(keys, owners, servers);
    }
  });

  it('equals the sorted ring for chain rings around ARCS_MIN_POINTS and the slice sizes, with repeated chains', () => {
    const totals = [ARCS_MIN_POINTS, ARCS_MIN_POINTS + 1, ARCS_MIN_POINTS + 159, 40_000, SLICE_POINTS - 1, SLICE_POINTS, SLICE_POINTS + 1, 2 * SLICE_POINTS + 161, 3 * SLICE_POINTS - 7];
    for (const total of totals) {
      for (let attempt = 0; attempt < 2; attempt++) {
        // Weights of 1 to 100 (160 points each), the last chain taking what is left so the ring
        // has exactly `total` points; a chain length may be odd.
        const lengths: number[] = [];
        let left = total;
        while (left > 0) {
          const length = Math.min(left, 160 * (1 + int(100)) + (random() < 0.3 ? int(160) : 0));
          lengths.push(length);
          left -= length;
        }
        const servers = lengths.length;
        const bases = Int32Array.from({ length: servers }, () => (random() * 2 ** 32) | 0);
        // A chain sharing another's base repeats every point of the shorter one (a server written twice).
        if (servers > 2) bases[servers - 1] = bases[int(servers - 1)]!;
        const chainLengths = Float64Array.from(lengths);
        const arcs = emptyArcs(servers);
        const count = ringArcs(bases, chainLengths, total, arcs);
        const sorted = emptyArcs(servers);
        const ring = ringPoints(bases, chainLengths, total, sorted);
        expect(count).toBe(ring.count);
        expect(Array.from(arcs.points)).toEqual(Array.from(sorted.points));
        expect(Array.from(arcs.owned)).toEqual(Array.from(sorted.owned));
      }
    }
  });

  it('equals the sorted ring for a ring of SERVER_CAPACITY chains (owners up to the largest)', () => {
    const servers = SERVER_CAPACITY;
    const lengths = Float64Array.from({ length: servers }, () => 1 + int(5));
    const total = lengths.reduce((sum, length) => sum + length, 0);
    expect(total).toBeGreaterThanOrEqual(ARCS_MIN_POINTS);
    const bases = Int32Array.from({ length: servers }, () => (random() * 2 ** 32) | 0);
    for (let r = 0; r < 50; r++) bases[int(servers)] = bases[int(servers)]!;
    const arcs = emptyArcs(servers);
    const count = ringArcs(bases, lengths, total, arcs);
    const sorted = emptyArcs(servers);
    expect(count).toBe(ringPoints(bases, lengths, total, sorted).count);
    expect(Array.from(arcs.points)).toEqual(Array.from(sorted.points));
    expect(Array.from(arcs.owned)).toEqual(Array.from(sorted.owned));
  });
});

describe('crc32 helpers', () => {
  it('computes four little-endian bytes with slicing tables like a bitwise CRC', () => {
    for (let n = 0; n < 200; n++) {
      const head = Array.from({ length: int(12) }, () => int(256));
      const value = (random() * 2 ** 32) >>> 0;
      const bytes = [...head, value & 0xff, (value >>> 8) & 0xff, (value >>> 16) & 0xff, value >>> 24];
      expect(crc32OfUint32LEBits(value, referenceCrc32(head)) >>> 0).toBe(referenceCrc32(bytes));
    }
  });

  it('hashes text ranges, ASCII or not, like their UTF-8 bytes', () => {
    for (const text of ['', '10.0.0.1:80', 'hôte.example:81', '[::1]:8080', 'unix:/run/ü.sock']) {
      expect(crc32OfText(text, 0)).toBe(referenceCrc32(bytesOf(text)));
      const cut = Math.floor(text.length / 2);
      const previous = referenceCrc32(bytesOf('prefix'));
      expect(crc32OfText(text, previous, cut)).toBe(referenceCrc32(bytesOf(`prefix${text.slice(cut)}`)));
      // A running value is accepted as signed bits too.
      expect(crc32OfText(text, previous | 0, 0, cut)).toBe(referenceCrc32(bytesOf(`prefix${text.slice(0, cut)}`)));
    }
  });
});
