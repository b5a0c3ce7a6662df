/**
 * nginx balances over peers, not over `server` lines: a name that resolves to k addresses is k
 * peers of the same weight, listed one after the other in declaration order. Primary and backup
 * peers form two separate lists, as in ngx_http_upstream_init_round_robin.
 */
import type { Member, Pool } from '../../core/model';

export interface Peer {
  /** Index of the member (the `server` line) this peer comes from. */
  readonly member: number;
  readonly weight: number;
  /** Whether the balancer may pick this peer: not `down`/`drained` and with a positive weight. */
  readonly up: boolean;
  /** The address as written; consistent hashing names ring points by it. */
  readonly server: string;
}

export interface PeerLists {
  readonly primary: readonly Peer[];
  readonly backup: readonly Peer[];
}

export function peerCount(member: Member): number {
  return Number.isInteger(member.peers) && member.peers > 1 ? member.peers : 1;
}

export function memberCanServe(member: Member): boolean {
  return member.state === 'up' && member.weight > 0;
}

export function expandPeers(pool: Pool): PeerLists {
  const primary: Peer[] = [];
  const backup: Peer[] = [];
  pool.members.forEach((member, index) => {
    const list = member.role === 'backup' ? backup : primary;
    const peer: Peer = {
      member: index,
      weight: Math.max(0, member.weight),
      up: memberCanServe(member),
      server: member.address,
    };
    for (let k = 0; k < peerCount(member); k++) list.push(peer);
  });
  return { primary, backup };
}

/** Sum of the weights of all peers in a list, down ones included (nginx's `total_weight`). */
export function totalWeight(peers: readonly Peer[]): number {
  let total = 0;
  for (const peer of peers) total += peer.weight;
  return total;
}

export function anyUp(peers: readonly Peer[]): boolean {
  for (const peer of peers) if (peer.up) return true;
  return false;
}

/**
 * Which list serves when nothing special happens: the primaries, or the backups when no primary
 * can serve (nginx then moves `rrp->peers` to the backup list).
 */
export function servingList(lists: PeerLists): { peers: readonly Peer[]; backups: boolean } | undefined {
  if (anyUp(lists.primary)) return { peers: lists.primary, backups: false };
  if (anyUp(lists.backup)) return { peers: lists.backup, backups: true };
  return undefined;
}
