/**
 * Pools lb-drift does not emulate exactly yet (other dialects' hashing, `first`, Maglev, ...):
 * weight share over the members that can serve, with a caveat that says so. Plain weighted
 * methods of other dialects (round-robin, least connections, random, weighted splits) share by
 * weight in the long run, so they get no caveat beyond the backup rule.
 */
import type { Pool } from '../../core/model';
import type { PoolShares } from '../../core/shares';
import type { PeerLists } from './peers';
import { servingList } from './peers';
import { weightedShares } from './shares-weighted';
import type { Wording } from './share-words';

const WEIGHT_SHARING = new Set(['round-robin', 'static-rr', 'least-conn', 'random', 'weighted-split']);

export function approximateShares(pool: Pool, lists: PeerLists, wording: Wording, reason?: string): PoolShares {
  const caveats: string[] = [];
  const method = pool.algorithmText || pool.algorithm;
  if (reason) caveats.push(reason);
  else if (!(pool.dialect !== 'nginx' && WEIGHT_SHARING.has(pool.algorithm))) {
    caveats.push(`"${method}" balancing is approximated by weight share; lb-drift does not emulate it exactly yet.`);
  }
  if (pool.dialect !== 'nginx' && servingList(lists)?.backups) {
    caveats.push('Backups are assumed to share by weight; some balancers use only the first backup.');
  }
  return weightedShares(pool, lists, 'weight', wording, caveats);
}
