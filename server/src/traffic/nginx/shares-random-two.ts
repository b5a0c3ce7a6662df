/**
 * Shares of nginx `random two` at low load, from the exact DP in random.ts, with the requests that
 * exhaust their attempts spread by round-robin.
 */
import type { Pool } from '../../core/model';
import type { PoolShares } from '../../core/shares';
import { addRoundRobin, assemble, perMember } from './assemble';
import { percent } from '../format';
import type { PeerLists } from './peers';
import { totalWeight } from './peers';
import { randomTwoShares } from './random';
import type { Wording } from './share-words';

export function randomTwoPoolShares(pool: Pool, lists: PeerLists, wording: Wording): PoolShares {
  const { primary, backup } = lists;
  let shares: Float64Array;
  if (primary.length === 1 && backup.length === 0) {
    shares = new Float64Array(pool.members.length);
    addRoundRobin(shares, lists, 1);
  } else {
    const result = randomTwoShares(primary);
    shares = perMember(pool, primary, result.byPeer);
    addRoundRobin(shares, lists, result.fallback);
  }
  const total = totalWeight(primary.filter((p) => p.up));
  const weightOf = perMember(pool, primary, primary.map((p) => (p.up ? p.weight : 0)));
  return assemble(pool, lists, {
    shares,
    why: (index, share) =>
      `random two: picks the lighter of two random members; at low load the second pick wins, so heavier members are picked less: ${percent(share)} with weight ${weightOf[index]} of ${total}`,
    caveats: ['random two is predicted at low load (no open connections); under load it prefers the member with fewer connections per unit of weight, which moves shares back toward the weights.'],
  }, wording);
}
