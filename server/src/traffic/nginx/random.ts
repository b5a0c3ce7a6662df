/**
 * `random` and `random two` (ngx_http_upstream_random_module). A draw picks peer i with
 * probability weight_i / total weight, down peers included in the total. Plain `random` retries
 * draws that land on a peer that cannot serve, so its shares are weight / total over the peers
 * that can. `random two` draws a first peer, then a second, different one, and keeps the second
 * unless it has more connections per weight than the first; at zero load that comparison is
 * 0 > 0, so the second draw always wins. Every draw, the successful first one included, counts as
 * an attempt; after 21 attempts round-robin takes the request.
 */
import type { Peer } from './peers';
import { totalWeight } from './peers';
import { HASH_ATTEMPTS } from './retry';

export interface RandomTwoShares {
  /** Fraction of requests each primary peer receives from the two-choice draw. */
  readonly byPeer: Float64Array;
  /** Fraction that exhausts the attempts and goes to round-robin. */
  readonly fallback: number;
}

/** Exact expected shares of `random two` at zero load (a DP over attempts and first picks). */
export function randomTwoShares(peers: readonly Peer[]): RandomTwoShares {
  const n = peers.length;
  const total = totalWeight(peers);
  const byPeer = new Float64Array(n);
  if (total === 0) return { byPeer, fallback: 1 };
  const p = peers.map((peer) => peer.weight / total);
  // Probability of still looking for the first peer, and of having first peer i, before a draw.
  let first = 1;
  let second = new Float64Array(n);
  // Two buffers take turns as this attempt's and the next attempt's distribution.
  let nextSecond = new Float64Array(n);
  for (let attempt = 0; attempt < HASH_ATTEMPTS; attempt++) {
    let nextFirst = 0;
    nextSecond.fill(0);
    for (let j = 0; j < n; j++) {
      const q = first * p[j]!;
      if (peers[j]!.up && peers[j]!.weight > 0) nextSecond[j]! += q;
      else nextFirst += q;
    }
    for (let i = 0; i < n; i++) {
      const mass = second[i]!;
      if (mass === 0) continue;
      for (let j = 0; j < n; j++) {
        const q = mass * p[j]!;
        if (j !== i && peers[j]!.up && peers[j]!.weight > 0) byPeer[j]! += q;
        else nextSecond[i]! += q;
      }
    }
    first = nextFirst;
    const done = second;
    second = nextSecond;
    nextSecond = done;
  }
  let fallback = first;
  for (let i = 0; i < n; i++) fallback += second[i]!;
  return { byPeer, fallback };
}
