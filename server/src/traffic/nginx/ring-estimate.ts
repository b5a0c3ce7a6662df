/**
 * Consistent-hash shares of a ring too large to build (more than RING_POINT_LIMIT points: a total
 * weight above 26,214; nginx allows weights up to 2^63 - 1). The points of a ring are crc32
 * values, as good as independent and uniform over the 2^32 hashes, so:
 * - an address with n of the ring's N points owns n / N of it in expectation, and its arcs add up
 *   like a Dirichlet variable: the standard deviation is sqrt(p (1 - p) / (N + 1)) for p = n / N,
 *   under 0.025 percentage points once N passes 4M; the estimate reports three of them;
 * - a key whose point cannot serve goes to the next point that can, among the next 20: the chance
 *   that 21 points in a row cannot is q^21, q being the share of points whose address cannot
 *   serve, and the rest is split among the addresses that can in proportion to their points.
 * The shares are therefore the points' (the weights') fractions, and they are labelled estimates.
 */
import type { ChashShares } from './chash';
import type { RingChains } from './ketama';
import type { Peer } from './peers';
import { HASH_ATTEMPTS } from './retry';

/** How a ring's shares were estimated, for the caveat that says so. */
export interface RingEstimate {
  /** The points nginx would build (160 per unit of weight). */
  readonly points: number;
  /** Three standard deviations of the largest member's share of the ring, as a fraction. */
  readonly spread: number;
}

export function estimateChashShares(primary: readonly Peer[], chains: RingChains): ChashShares & { estimate: RingEstimate } {
  const { lengths, serverOf, total } = chains;
  const groups = lengths.length;
  const upWeight = new Float64Array(groups);
  for (let i = 0; i < primary.length; i++) if (primary[i]!.up) upWeight[serverOf[i]!]! += primary[i]!.weight;
  let cannot = 0;
  let spread = 0;
  for (let g = 0; g < groups; g++) {
    const p = lengths[g]! / total;
    if (upWeight[g] === 0) cannot += p;
    spread = Math.max(spread, 3 * Math.sqrt((p * (1 - p)) / (total + 1)));
  }
  const fallback = cannot >= 1 ? 1 : cannot ** HASH_ATTEMPTS;
  const byPeer = new Float64Array(primary.length);
  const ownedByPeer = new Float64Array(primary.length);
  const pointsByPeer = new Float64Array(primary.length);
  for (let i = 0; i < primary.length; i++) {
    const g = serverOf[i]!;
    const owned = lengths[g]! / total;
    const peer = primary[i]!;
    // Peers of one address split its keys by weight, as in chash.ts.
    if (peer.up && cannot < 1) byPeer[i] = (((owned / (1 - cannot)) * (1 - fallback)) * peer.weight) / upWeight[g]!;
    ownedByPeer[i] = owned;
    pointsByPeer[i] = lengths[g]!;
  }
  return { byPeer, ownedByPeer, pointsByPeer, fallback, estimate: { points: total, spread } };
}
