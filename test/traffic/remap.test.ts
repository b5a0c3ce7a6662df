/**
 * Key remapping between two revisions of a hashing pool. Two independent checks:
 * - exact small cases by brute force: every one of nginx's 32768 map-hash values, every arc
 *   between the points of both reference rings, every one of the 2^24 IPv4 /24 networks;
 * - 200,000 random requests routed through `createRouter` for both revisions, the observed
 *   fraction of requests that reach another backend within sampling error of the prediction.
 */
import { describe, expect, it } from 'vitest';
import type { Pool } from '../../server/src/core/model';
import { createRouter, keyRemap, memberIdentity, type RouteRequest } from '../../server/src/traffic';
import { buildPool, buildSplitPool, type MemberSpec } from '../helpers/pool-builder';
import { movedValues } from '../../server/src/rules/hash-not-consistent';
import { TYPICAL_KEY_LENGTHS } from '../../server/src/traffic/nginx/remap-rehash';
import { referenceRing, seededRandom } from './reference';

const A = '10.0.0.1:80';
const B = '10.0.0.2:80';
const C = '10.0.0.3:80';
const D = '10.0.0.4:80';

function pool(algorithm: Pool['algorithm'], members: readonly (MemberSpec | string)[]): Pool {
  const hashing = algorithm === 'hash' || algorithm === 'consistent-hash';
  return buildPool({ algorithm, members, ...(hashing ? { key: '$request_uri' } : {}) });
}

function remap(a: Pool, b: Pool): number {
  const result = keyRemap(a, b);
  if (!result) throw new Error('not comparable');
  return result.fraction;
}

const SAMPLES = 200_000;

/** Routes the same random requests through both revisions and counts changed backends. */
function observed(a: Pool, b: Pool, request: (random: () => number) => RouteRequest): number {
  const ra = createRouter(a);
  const rb = createRouter(b);
  if (!ra.ok || !rb.ok) throw new Error('no router');
  const random = seededRandom(20261120);
  let moved = 0;
  for (let i = 0; i < SAMPLES; i++) {
    const req = request(random);
    const x = ra.router.route(req);
    const y = rb.router.route(req);
    const ix = x.ok ? memberIdentity(a.members[x.member]!, a) : 'none';
    const iy = y.ok ? memberIdentity(b.members[y.member]!, b) : 'none';
    if (ix !== iy) moved++;
  }
  return moved / SAMPLES;
}

const CHARS = 'abcdefghijklmnopqrstuvwxyz0123456789-_';

/** A request whose `$request_uri` is `length` bytes long. */
function uriOf(random: () => number, length: number): RouteRequest {
  let uri = '/';
  while (uri.length < length) uri += CHARS[Math.floor(random() * CHARS.length)];
  return { uri };
}

/** Keys with lengths spread like the typical lengths the remap averages over. */
const byUri = (random: () => number): RouteRequest => uriOf(random, TYPICAL_KEY_LENGTHS[Math.floor(random() * TYPICAL_KEY_LENGTHS.length)]!);
const byClient = (random: () => number): RouteRequest => ({ clientIp: [0, 0, 0, 0].map(() => Math.floor(random() * 256)).join('.'), uri: '/' });

/** Within 5 standard deviations of a binomial proportion over SAMPLES requests (and 0.002). */
function expectSampled(observedFraction: number, predicted: number): void {
  const sd = Math.sqrt(Math.max(predicted * (1 - predicted), 1e-6) / SAMPLES);
  expect(Math.abs(observedFraction - predicted), `observed ${observedFraction}, predicted ${predicted}`).toBeLessThan(5 * sd + 0.002);
}

const MAP_CASES: [string, Pool, Pool][] = [
  ['adding a fourth member', pool('hash', [A, B, C]), pool('hash', [A, B, C, D])],
  ['removing the middle member', pool('hash', [A, B, C]), pool('hash', [A, C])],
  ['raising a weight', pool('hash', [A, B, C]), pool('hash', [{ address: A, weight: 2 }, B, C])],
  ['reordering the lines', pool('hash', [A, B, C]), pool('hash', [C, A, B])],
  ['marking a member down', pool('hash', [A, B, C]), pool('hash', [A, { address: B, down: true }, C])],
  ['bringing a member back', pool('hash', [A, { address: B, down: true }, C]), pool('hash', [A, B, C])],
  ['a member down and one added', pool('hash', [A, { address: B, down: true }, C]), pool('hash', [A, { address: B, down: true }, C, D])],
  ['switching to consistent', pool('hash', [A, B, C]), pool('consistent-hash', [A, B, C])],
  ['switching to consistent with a member down', pool('hash', [A, { address: B, down: true }, C]), pool('consistent-hash', [A, { address: B, down: true }, C])],
];

const RING_CASES: [string, Pool, Pool][] = [
  ['adding a fourth member', pool('consistent-hash', [A, B, C]), pool('consistent-hash', [A, B, C, D])],
  ['removing a member', pool('consistent-hash', [A, B, C, D]), pool('consistent-hash', [A, C, D])],
  ['raising a weight', pool('consistent-hash', [A, B, C]), pool('consistent-hash', [A, { address: B, weight: 3 }, C])],
  ['marking a member down', pool('consistent-hash', [A, B, C]), pool('consistent-hash', [A, B, { address: C, down: true }])],
  ['respelling an address (the ring hashes it as written)', pool('consistent-hash', [A, B, C]), pool('consistent-hash', ['10.0.0.1', B, C])],
];

describe('map-based hash remap', () => {
  it('is exact over the 32768 hash values when every member can serve', () => {
    const weights = (p: Pool) => p.members.map((m) => ({ id: memberIdentity(m, p), w: m.weight }));
    const owner = (slots: { id: string; w: number }[], h: number): string => {
      let w = h % slots.reduce((s, x) => s + x.w, 0);
      for (const slot of slots) {
        if (w < slot.w) return slot.id;
        w -= slot.w;
      }
      throw new Error('unreachable');
    };
    for (const [, a, b] of MAP_CASES.slice(0, 4)) {
      let moved = 0;
      for (let h = 0; h < 32768; h++) if (owner(weights(a), h) !== owner(weights(b), h)) moved++;
      expect(remap(a, b)).toBe(moved / 32768);
    }
  });

  it('agrees with the count hash-not-consistent makes of removing or adding the last member', () => {
    for (const weights of [[1, 1, 1], [2, 1, 3], [5, 5, 5, 5, 1]]) {
      const members = weights.map((weight, i) => ({ address: `10.0.0.${i + 1}:80`, weight }));
      const whole = pool('hash', members);
      const fewer = pool('hash', members.slice(0, -1));
      const more = pool('hash', [...members, { address: '10.0.0.99:80', weight: weights[weights.length - 1]! }]);
      expect(remap(whole, fewer)).toBe(movedValues(weights, weights.slice(0, -1)) / 32768);
      expect(remap(whole, more)).toBe(movedValues(weights, [...weights, weights[weights.length - 1]!]) / 32768);
    }
  });

  it('moves nothing for a respelled address or an identical pool', () => {
    expect(remap(pool('hash', [A, B, C]), pool('hash', ['10.0.0.1', '10.0.0.2:0080', C]))).toBe(0);
    expect(remap(pool('hash', [A, { address: B, down: true }, C]), pool('hash', [A, { address: B, down: true }, C]))).toBe(0);
  });

  it('moves exactly the down member\'s first-attempt keys when one is marked down', () => {
    // 3 equal members: B's slots hold 10923 of the 32768 values; the others keep theirs.
    expect(remap(pool('hash', [A, B, C]), pool('hash', [A, { address: B, down: true }, C]))).toBeCloseTo(10923 / 32768, 12);
  });

  it('is exact for one key length when both revisions rehash (nginx rehashes by crc32 of "N" + key)', () => {
    const [, a, b] = MAP_CASES[6]!;
    for (const length of [4, 13, 40]) {
      const predicted = keyRemap(a, b, { keyLengths: [length] })!.fraction;
      expectSampled(observed(a, b, (random) => uriOf(random, length)), predicted);
    }
    // Short keys rehash differently from long ones, so the default answer is an average.
    expect(keyRemap(a, b, { keyLengths: [4] })!.fraction).not.toBeCloseTo(keyRemap(a, b, { keyLengths: [40] })!.fraction, 2);
    expect(keyRemap(a, b)!.exact).toBe(false);
    // Marking one member down moves exactly its keys, whatever their length.
    expect(keyRemap(MAP_CASES[4]![1], MAP_CASES[4]![2])!.exact).toBe(true);
  });

  it.each(MAP_CASES)('agrees with 200,000 routed requests: %s', (_name, a, b) => {
    expectSampled(observed(a, b, byUri), remap(a, b));
  });
});

describe('consistent-hash remap', () => {
  it('is exact: matches every arc between the points of both reference rings', () => {
    for (const [, a, b] of RING_CASES) {
      const ringOf = (p: Pool) => referenceRing(p.members.map((m) => [m.address, m.weight] as const));
      const down = (p: Pool) => new Set(p.members.filter((m) => m.state !== 'up').map((m) => m.address));
      const identity = (p: Pool, address: string) => memberIdentity(p.members.find((m) => m.address === address)!, p);
      // The owner of hash x: the first point >= x, passing over down points for 21 points in all.
      const owner = (p: Pool, ring: ReturnType<typeof ringOf>, x: number): string => {
        let k = ring.findIndex((point) => point.hash >= x);
        if (k < 0) k = 0;
        for (let t = 0; t <= 20; t++) {
          const point = ring[(k + t) % ring.length]!;
          if (!down(p).has(point.server)) return identity(p, point.server);
        }
        return 'rr';
      };
      const ra = ringOf(a);
      const rb = ringOf(b);
      // Owners are constant between consecutive points of the union, so each arc is checked once.
      const cuts = [...new Set([...ra, ...rb].map((p) => p.hash))].sort((x, y) => x - y);
      let moved = 0;
      cuts.forEach((cut, i) => {
        const arc = i === 0 ? 2 ** 32 - cuts[cuts.length - 1]! + cut : cut - cuts[i - 1]!;
        if (owner(a, ra, cut) !== owner(b, rb, cut)) moved += arc;
      });
      expect(remap(a, b)).toBe(moved / 2 ** 32);
    }
  });

  it('moves nothing when only the order of the lines changes', () => {
    expect(remap(pool('consistent-hash', [A, B, C]), pool('consistent-hash', [C, A, B]))).toBe(0);
  });

  it('moves only the keys of the added member when one is added', () => {
    const a = pool('consistent-hash', [A, B, C]);
    const b = pool('consistent-hash', [A, B, C, D]);
    expect(remap(a, b)).toBeGreaterThan(0.15);
    expect(remap(a, b)).toBeLessThan(0.35);
  });

  it.each(RING_CASES)('agrees with 200,000 routed requests: %s', (_name, a, b) => {
    expectSampled(observed(a, b, byUri), remap(a, b));
  });
});

describe('ip_hash remap', () => {
  const ip = (members: (MemberSpec | string)[]) => buildPool({ algorithm: 'ip-hash', members });
  const CASES: [string, Pool, Pool][] = [
    ['adding a member', ip([A, B, C]), ip([A, B, C, D])],
    ['marking a member down', ip([A, B, C]), ip([A, { address: B, down: true }, C])],
    ['raising a weight', ip([A, B, C]), ip([A, B, { address: C, weight: 2 }])],
  ];

  it('is exact over all 2^24 /24 networks, rehashing included', () => {
    const [, a, b] = CASES[1]!;
    const [, c, d] = CASES[0]!;
    const owner = (p: Pool, o1: number, o2: number, o3: number): string => {
      const weights = p.members.map((m) => m.weight);
      const total = weights.reduce((x, y) => x + y, 0);
      let hash = 89;
      for (let t = 0; t <= 20; t++) {
        hash = (((hash * 113 + o1) % 6271) * 113 + o2) % 6271;
        hash = (hash * 113 + o3) % 6271;
        let w = hash % total;
        let i = 0;
        while (w >= weights[i]!) w -= weights[i++]!;
        if (p.members[i]!.state === 'up') return p.members[i]!.address;
      }
      return 'rr';
    };
    let movedDown = 0;
    let movedAdded = 0;
    for (let o1 = 0; o1 < 256; o1++)
      for (let o2 = 0; o2 < 256; o2++)
        for (let o3 = 0; o3 < 256; o3++) {
          if (owner(a, o1, o2, o3) !== owner(b, o1, o2, o3)) movedDown++;
          if (owner(c, o1, o2, o3) !== owner(d, o1, o2, o3)) movedAdded++;
        }
    expect(remap(a, b)).toBe(movedDown / 2 ** 24);
    expect(remap(c, d)).toBe(movedAdded / 2 ** 24);
    expect(keyRemap(a, b)!.unit).toBe('client networks');
  });

  it.each(CASES)('agrees with 200,000 routed clients: %s', (_name, a, b) => {
    expectSampled(observed(a, b, byClient), remap(a, b));
  });
});

describe('split_clients remap', () => {
  const split = (parts: [string, string][]) => buildSplitPool('variant', '$request_uri', parts);
  const CASES: [string, Pool, Pool][] = [
    ['10% -> 20% canary', split([['10%', 'canary'], ['*', 'stable']]), split([['20%', 'canary'], ['*', 'stable']])],
    ['parts swapped', split([['10%', 'a'], ['*', 'b']]), split([['90%', 'b'], ['*', 'a']])],
    ['a part renamed', split([['50%', 'a'], ['*', 'b']]), split([['50%', 'c'], ['*', 'b']])],
  ];

  it('measures the hash values whose part changes, exactly', () => {
    const tenth = Math.floor((1000 * 0xffffffff) / 10000);
    const fifth = Math.floor((2000 * 0xffffffff) / 10000);
    expect(remap(CASES[0]![1], CASES[0]![2])).toBe((fifth - tenth) / 2 ** 32);
    // 10% a then b, against 90% b then a: a's first 10% and everything past 90% move.
    const ninety = Math.floor((9000 * 0xffffffff) / 10000);
    expect(remap(CASES[1]![1], CASES[1]![2])).toBe((tenth + (2 ** 32 - ninety)) / 2 ** 32);
  });

  it.each(CASES)('agrees with 200,000 routed requests: %s', (_name, a, b) => {
    expectSampled(observed(a, b, byUri), remap(a, b));
  });
});

describe('comparability', () => {
  it('compares only revisions that hash the same keys the same way', () => {
    expect(keyRemap(pool('round-robin', [A, B]), pool('round-robin', [A, B, C]))).toBeUndefined();
    expect(keyRemap(pool('hash', [A, B]), buildPool({ algorithm: 'hash', key: '$cookie_user', members: [A, B] }))).toBeUndefined();
    expect(keyRemap(pool('hash', [A, B]), buildPool({ algorithm: 'ip-hash', members: [A, B] }))).toBeUndefined();
  });
});
