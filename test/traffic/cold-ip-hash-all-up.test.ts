/**
 * ip_hash counts of a pool whose peers can all serve are stepped along the residues instead of
 * divided out per residue (traffic/nginx/ip-hash.ts). They must be the very numbers nginx's
 * recurrence gives: compared here with the plain loop written out from the module's description
 * (first attempt hash = (89 * 113^3 + c) % 6271, slot = hash % total weight), over all 2^24
 * networks, for weight sums from 1 to past the modulus.
 */
import { describe, expect, it } from 'vitest';
import { ipHashCounts, networksPerResidue } from '../../server/src/traffic/nginx/ip-hash';
import type { Peer } from '../../server/src/traffic/nginx/peers';
import { seededRandom } from './reference';

function peersOf(weights: readonly number[]): Peer[] {
  return weights.map((weight, member) => ({ member, weight, up: true, server: `10.0.0.${member + 1}:80` }));
}

/** The first-attempt loop with both divisions, peer by walking the weights. */
function plainCounts(weights: readonly number[]): { byPeer: number[]; networks: number } {
  const perResidue = networksPerResidue();
  const total = weights.reduce((a, b) => a + b, 0);
  const byPeer = weights.map(() => 0);
  let networks = 0;
  for (let c = 0; c < 6271; c++) {
    const count = perResidue[c]!;
    if (count === 0) continue;
    networks += count;
    let slot = ((89 * 113 * 113 * 113 + c) % 6271) % total;
    let peer = 0;
    while (slot >= weights[peer]!) slot -= weights[peer++]!;
    byPeer[peer]! += count;
  }
  return { byPeer, networks };
}

describe('ip_hash counts when every peer can serve', () => {
  it('equal the plain recurrence for random weights, one peer, and weight sums past 6271', () => {
    const random = seededRandom(1207);
    const lists: number[][] = [[1], [7], [1, 1], [6271], [6270, 1], [5000, 3000, 2], [100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 1000]];
    for (let i = 0; i < 300; i++) lists.push(Array.from({ length: 1 + Math.floor(random() * 12) }, () => 1 + Math.floor(random() * (random() < 0.1 ? 2000 : 100))));
    for (const weights of lists) {
      const counts = ipHashCounts(peersOf(weights));
      const expected = plainCounts(weights);
      expect([...counts.byPeer]).toEqual(expected.byPeer);
      expect(counts.networks).toBe(2 ** 24);
      expect(counts.networks).toBe(expected.networks);
      expect(counts.fallback).toBe(0);
    }
  });
});
