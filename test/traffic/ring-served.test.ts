/**
 * Large consistent-hash rings with servers that cannot serve, built slice by slice and walked in
 * order (ring-served.ts) instead of sorted whole: exactly the reference shares (a plain ring of
 * objects, every point's arc handed on by a linear search), on rings where the runs of points
 * that cannot serve are longer than the 20 points a key looks on, wrap around the ring's end,
 * start at its first point, or cover the whole ring, and on rings of several slices.
 */
import { describe, expect, it } from 'vitest';
import { chashShares } from '../../server/src/traffic/nginx/chash';
import { ketamaServedArcs, ringChains, type RingServer } from '../../server/src/traffic/nginx/ketama';
import type { Peer } from '../../server/src/traffic/nginx/peers';
import { ARCS_MIN_POINTS, SLICE_POINTS } from '../../server/src/traffic/nginx/ring-arcs';
import { servedArcsOfPoints } from '../../server/src/traffic/nginx/ring-served';
import { referenceChashShares, referenceRing, seededRandom } from './reference';

const random = seededRandom(2026_1207);
const int = (n: number): number => Math.floor(random() * n);

function peer(address: string, weight: number, up: boolean): Peer {
  return { member: 0, server: address, weight, up };
}

function randomPeers(count: number, weight: () => number, down: (i: number) => boolean): Peer[] {
  return Array.from({ length: count }, (_, i) => peer(`10.${int(256)}.${int(256)}.${int(256)}:${8000 + i}`, weight(), !down(i)));
}

/** The weights of each address that can serve, as chash.ts passes them. */
function upWeights(primary: readonly Peer[]): { chains: ReturnType<typeof ringChains>; upWeight: Float64Array } {
  const chains = ringChains(primary.map((p): RingServer => ({ address: p.server, weight: p.weight })));
  const upWeight = new Float64Array(chains.names.length);
  primary.forEach((p, i) => {
    if (p.up) upWeight[chains.serverOf[i]!]! += p.weight;
  });
  return { chains, upWeight };
}

/** Asserts that the pool takes the sliced walk and gives exactly the reference shares. */
function expectReferenceShares(primary: readonly Peer[]): void {
  const { chains, upWeight } = upWeights(primary);
  expect(chains.total).toBeGreaterThanOrEqual(ARCS_MIN_POINTS);
  expect(ketamaServedArcs(chains, upWeight)).toBeDefined();
  const actual = chashShares(primary);
  const expected = referenceChashShares(primary.map((p) => ({ address: p.server, weight: p.weight, up: p.up })));
  const { byPeer, ownedByPeer, pointsByPeer, fallback } = actual;
  expect({ byPeer: Array.from(byPeer), ownedByPeer: Array.from(ownedByPeer), pointsByPeer: Array.from(pointsByPeer), fallback }).toEqual(expected);
}

describe('large rings with down servers, walked slice by slice', () => {
  it('gives the reference shares on 40 random pools with down members', () => {
    for (let n = 0; n < 40; n++) {
      const primary = randomPeers(2 + int(7), () => 1 + Math.floor(99 * random() ** 1.5), () => random() < 0.25);
      if (primary.every((p) => p.up)) primary[int(primary.length)] = { ...primary[0]!, up: false };
      if (ringChains(primary.map((p) => ({ address: p.server, weight: p.weight }))).total < ARCS_MIN_POINTS) continue;
      expectReferenceShares(primary);
    }
  });

  it('gives the reference shares with owners past 1,024 (their packed values in the sort are the largest)', () => {
    const primary = randomPeers(1_100, () => 1, () => random() < 0.3);
    expectReferenceShares(primary);
  });

  it('sends the arcs of runs longer than 20 points to round-robin', () => {
    // One light serving member among heavy down ones: most runs of down points are long.
    const primary = [peer('10.9.0.1:80', 1, true), ...randomPeers(6, () => 20, () => true)];
    expectReferenceShares(primary);
    expect(chashShares(primary).fallback).toBeGreaterThan(0.5);
  });

  it('hands on past the ring’s end and from its first point, whichever server owns them', () => {
    // Different seeds put the first and last points on serving and non-serving servers alike.
    const firstDown = { seen: false };
    const lastDown = { seen: false };
    for (let n = 0; n < 30 && !(firstDown.seen && lastDown.seen); n++) {
      const primary = randomPeers(3, () => 30, (i) => i === 0);
      const ring = referenceRing(primary.map((p) => [p.server, p.weight] as const));
      firstDown.seen ||= ring[0]!.server === primary[0]!.server;
      lastDown.seen ||= ring[ring.length - 1]!.server === primary[0]!.server;
      expectReferenceShares(primary);
    }
    expect(firstDown.seen && lastDown.seen).toBe(true);
  });

  it('sends everything to round-robin when no server can serve', () => {
    const primary = randomPeers(3, () => 25, () => true);
    expectReferenceShares(primary);
    expect(chashShares(primary).fallback).toBe(1);
  });

  it('gives the reference shares on a ring of several slices', () => {
    const primary = randomPeers(5, () => 700, (i) => i === 2 || i === 3);
    expect(ringChains(primary.map((p) => ({ address: p.server, weight: p.weight }))).total).toBeGreaterThan(2 * SLICE_POINTS);
    expectReferenceShares(primary);
  }, 60_000);
});

/**
 * The plain walk: points sorted by unsigned value (the first generated of equal ones kept), every
 * point's arc to the first of it and the next 20 points whose owner serves, else to round-robin.
 */
function plainServed(keys: readonly number[], owners: readonly number[], serves: readonly boolean[]): { owned: number[]; served: number[]; fallback: number } {
  const order = keys.map((key, i) => ({ hash: key >>> 0, owner: owners[i]!, i })).sort((a, b) => a.hash - b.hash || a.i - b.i);
  const ring = order.filter((p, k) => k === 0 || p.hash !== order[k - 1]!.hash);
  const owned = serves.map(() => 0);
  const served = serves.map(() => 0);
  let fallback = 0;
  ring.forEach((point, k) => {
    const arc = k === 0 ? 2 ** 32 - ring[ring.length - 1]!.hash + point.hash : point.hash - ring[k - 1]!.hash;
    owned[point.owner]! += arc;
    for (let attempt = 0; attempt <= 20; attempt++) {
      const candidate = ring[(k + attempt) % ring.length]!.owner;
      if (serves[candidate]) {
        served[candidate]! += arc;
        return;
      }
    }
    fallback += arc;
  });
  return { owned, served, fallback };
}

describe('the walk on given points', () => {
  it('ends every run exactly 20 points on, around the ring’s end too', () => {
    // 60 points, owner 0 serving and owner 1 not: a run of `lead` points of owner 1 opens the
    // ring and one of `trail` points closes it, for every length either side of 20, so the
    // points at the ring's end reach the first serving point only when they are near enough.
    const n = 60;
    for (let lead = 0; lead <= 22; lead++) {
      for (let trail = 1; trail <= 22; trail++) {
        const owners = Array.from({ length: n }, (_, k) => (k < lead || k >= n - trail ? 1 : 0));
        const hashes = Array.from({ length: n }, (_, k) => Math.floor((k + 0.5 + (random() - 0.5) * 0.9) * (2 ** 32 / n)));
        // Generated in a shuffled order, with one hash repeated by the other owner afterwards.
        const order = hashes.map((_, k) => k).sort(() => random() - 0.5);
        const repeat = int(n);
        const keys = [...order.map((k) => hashes[k]! | 0), hashes[repeat]! | 0];
        const keyOwners = [...order.map((k) => owners[k]!), 1 - owners[repeat]!];
        const points = new Uint32Array(2);
        for (const owner of keyOwners) points[owner]!++;
        const arcs = { owned: new Float64Array(2), points };
        const actual = servedArcsOfPoints(Int32Array.from(keys), Uint32Array.from(keyOwners), Float64Array.of(1, 0), arcs)!;
        const expected = plainServed(keys, keyOwners, [true, false]);
        expect({ owned: Array.from(actual.arcs.owned), served: Array.from(actual.served), fallback: actual.fallback }, `lead ${lead}, trail ${trail}`).toEqual(expected);
        expect(Array.from(actual.arcs.points)).toEqual([n - lead - trail, lead + trail]);
      }
    }
  });
});
