/**
 * ip_hash counts over all /24 networks are made from a slot table of the pool's total weight
 * (traffic/nginx/ip-hash.ts `bySlot`): the networks whose first attempt lands on each slot, and
 * the residues of each slot. A table is made once per total and shared by every weight list with
 * that total, so the residues are walked once per total, not once per pool; only the residues of
 * slots whose peer cannot serve follow their retries. The counts must be the recurrence's own,
 * whichever peer owns which slot and whichever peers are down.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { BoundedCache } from '../../server/src/traffic/lru';
import { ipHashCounts, networksPerResidue } from '../../server/src/traffic/nginx/ip-hash';
import type { Peer } from '../../server/src/traffic/nginx/peers';
import { seededRandom } from './reference';

interface Written {
  readonly weights: readonly number[];
  readonly up: readonly boolean[];
}

function peersOf({ weights, up }: Written): Peer[] {
  return weights.map((weight, member) => ({ member, weight, up: up[member]!, server: `10.0.0.${member + 1}:80` }));
}

/** nginx's loop written out: hash = 89, then (hash * 113^3 + c) % 6271 per attempt, slot = hash % total, 21 attempts. */
function plainCounts({ weights, up }: Written): { byPeer: number[]; fallback: number } {
  const perResidue = networksPerResidue();
  const total = weights.reduce((a, b) => a + b, 0);
  const byPeer = weights.map(() => 0);
  let fallback = 0;
  for (let c = 0; c < 6271; c++) {
    let hash = 89;
    let served = false;
    for (let attempt = 0; attempt < 21 && !served; attempt++) {
      hash = (hash * ((113 * 113 * 113) % 6271) + c) % 6271;
      let slot = hash % total;
      let peer = 0;
      while (slot >= weights[peer]!) slot -= weights[peer++]!;
      if (up[peer]) {
        byPeer[peer]! += perResidue[c]!;
        served = true;
      }
    }
    if (!served) fallback += perResidue[c]!;
  }
  return { byPeer, fallback };
}

afterEach(() => vi.restoreAllMocks());

describe('ip_hash slot tables', () => {
  it('are made once per total weight, and every list with that total gets its own exact counts, down peers included', () => {
    const random = seededRandom(2024);
    // 240 lists over totals 6 to 12 and 1,024, their weights in different arrangements, some peers down.
    const lists: Written[] = [];
    for (let i = 0; i < 240; i++) {
      const total = i % 8 === 7 ? 1024 : 6 + (i % 7);
      const weights: number[] = [];
      let left = total;
      while (left > 0) {
        const weight = Math.min(left, 1 + Math.floor(random() * (total > 100 ? 400 : 4)));
        weights.push(weight);
        left -= weight;
      }
      // Every third list has down peers; one in 24 has every peer down (all to round-robin).
      const up = weights.map(() => i % 24 === 5 ? false : i % 3 !== 0 || random() < 0.6);
      lists.push({ weights, up });
    }
    const computed: string[] = [];
    const get = BoundedCache.prototype.get;
    vi.spyOn(BoundedCache.prototype, 'get').mockImplementation(function (this: BoundedCache<unknown>, key: string, compute: (key: string) => unknown) {
      return get.call(this, key, () => {
        computed.push(key);
        return compute(key);
      });
    });
    let down = 0;
    for (const list of lists) {
      const counts = ipHashCounts(peersOf(list));
      const expected = plainCounts(list);
      expect([...counts.byPeer]).toEqual(expected.byPeer);
      expect(counts.fallback).toBe(expected.fallback);
      expect(counts.networks).toBe(2 ** 24);
      if (expected.fallback > 0 || list.up.includes(false)) down++;
    }
    expect(down).toBeGreaterThan(60);
    // One table per total (the module may have made some before this test: at most 8).
    const perTotal = computed.filter((key) => key !== 'all');
    expect(perTotal.length).toBeGreaterThan(0);
    expect(perTotal.length).toBeLessThanOrEqual(8);
    expect(new Set(perTotal).size).toBe(perTotal.length);
  });
});
