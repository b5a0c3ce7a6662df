/**
 * Shares of the methods that split by weight over the members that can serve: nginx round-robin
 * (exact over one cycle of smooth weighted round-robin), least_conn at low concurrency (which is
 * round-robin), and plain random (in expectation). Backups take over only when no primary can
 * serve, and then share among themselves the same way.
 */
import { isActive, type Algorithm, type Pool } from '../../core/model';
import type { PoolShares } from '../../core/shares';
import { assemble, weightText } from './assemble';
import { ofEvery } from '../format';
import type { PeerLists } from './peers';
import { servingList } from './peers';
import type { Wording } from './share-words';

export type WeightedFlavour = 'round-robin' | 'least-conn' | 'random' | 'weight';

export interface WeightedCycle {
  /** Per member: the sum of its serving peers' weights. */
  readonly weights: Float64Array;
  readonly total: number;
  readonly backups: boolean;
}

export function weightedCycle(pool: Pool, lists: PeerLists): WeightedCycle {
  const weights = new Float64Array(pool.members.length);
  const serving = servingList(lists);
  if (!serving) return { weights, total: 0, backups: false };
  let total = 0;
  for (const peer of serving.peers) {
    if (!peer.up) continue;
    weights[peer.member]! += peer.weight;
    total += peer.weight;
  }
  return { weights, total, backups: serving.backups };
}

function sentence(flavour: WeightedFlavour, weight: number, total: number, backups: boolean): string {
  const over = backups ? ' over the backups, as no primary can serve' : '';
  switch (flavour) {
    case 'round-robin':
      return `smooth weighted round-robin${over}: ${ofEvery(weight, total)} requests`;
    case 'least-conn':
      return `least_conn at low concurrency is smooth weighted round-robin${over}: ${ofEvery(weight, total)} requests`;
    case 'random':
      return `random${over}: ${weightText(weight, total)}`;
    case 'weight':
      return `weighted${over}: ${weightText(weight, total)}`;
  }
}

const NO_CAVEATS: readonly string[] = [];
const LEAST_CONN_CAVEAT =
  'least_conn is predicted at low concurrency (one request at a time); under load the member with the fewest active connections per unit of weight wins.';

export function weightedShares(
  pool: Pool,
  lists: PeerLists,
  flavour: WeightedFlavour,
  wording: Wording,
  caveats: readonly string[] = NO_CAVEATS,
): PoolShares {
  const cycle = weightedCycle(pool, lists);
  const shares = cycle.weights.map((w) => (cycle.total > 0 ? w / cycle.total : 0));
  return assemble(pool, lists, {
    shares,
    why: (index) => sentence(flavour, cycle.weights[index]!, cycle.total, cycle.backups),
    caveats: flavour === 'least-conn' ? [...caveats, LEAST_CONN_CAVEAT] : caveats,
    describesBackups: true,
  }, wording);
}

/** The nginx methods whose shares weightedShares predicts. */
const WEIGHT_FOLLOWING: ReadonlySet<Algorithm> = new Set<Algorithm>(['round-robin', 'least-conn', 'random']);

/**
 * Whether every active member's share is its weight over the active members' total, so a rule
 * may read it without a prediction: nginx's round-robin, least_conn (at low concurrency) and
 * random, which weightedShares predicts by dividing each member's weight by that total when a
 * primary can serve (as some active member can), with one peer per member.
 */
export function sharesFollowWeights(pool: Pool): boolean {
  if (pool.dialect !== 'nginx' || !WEIGHT_FOLLOWING.has(pool.algorithm)) return false;
  for (const m of pool.members) if (isActive(m) && m.peers !== 1) return false;
  return true;
}
