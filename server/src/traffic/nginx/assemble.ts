/**
 * Turns per-peer results into one `MemberShare` per member: adds up the peers of a member, spreads
 * round-robin fallbacks by weight, and words the members (when asked to: share-words.ts).
 */
import type { Pool } from '../../core/model';
import { noServerCaveat } from '../../core/runtime-managed';
import type { MemberShare, PoolShares } from '../../core/shares';
import { joinCaveats, percent } from '../format';
import type { Peer, PeerLists } from './peers';
import { anyUp, servingList, totalWeight } from './peers';
import { sharesWordedLater, WORDS_NOW, type Wording } from './share-words';

/** Adds `amount` to the members of the peers that round-robin would serve, by weight. */
export function addRoundRobin(target: Float64Array, lists: PeerLists, amount: number): void {
  if (amount <= 0) return;
  const serving = servingList(lists);
  if (!serving) return;
  const up = serving.peers.filter((p) => p.up);
  const total = totalWeight(up);
  for (const peer of up) target[peer.member]! += (amount * peer.weight) / total;
}

/** Sums per-peer values into per-member values. */
export function perMember(pool: Pool, peers: readonly Peer[], values: ArrayLike<number>): Float64Array {
  const out = new Float64Array(pool.members.length);
  for (let i = 0; i < peers.length; i++) out[peers[i]!.member]! += values[i]!;
  return out;
}

/** Why a member gets nothing, when the reason is its state or role rather than arithmetic. */
export function idleReason(pool: Pool, index: number, lists: PeerLists): string | undefined {
  const member = pool.members[index]!;
  if (member.state === 'down') return 'down: 0% of traffic, as the balancer skips it';
  if (member.state === 'drained') return 'drained: 0% of new traffic, as the balancer skips it';
  if (member.weight <= 0) return 'weight 0: 0% of traffic';
  if (member.role === 'backup' && lists.primary.some((p) => p.up)) {
    const up = new Set(lists.primary.filter((p) => p.up).map((p) => p.member)).size;
    return `backup: 0% while a primary can serve, and ${up} primary member${up === 1 ? '' : 's'} can`;
  }
  return undefined;
}

export interface Assembly {
  readonly shares: Float64Array;
  /** The sentence for a member with traffic (or without, when no idle reason applies). */
  readonly why: (index: number, share: number) => string;
  readonly caveats: readonly string[];
  /** Whether `why` words serving backups itself; otherwise they get a round-robin sentence. */
  readonly describesBackups?: boolean;
  /** How the shares were estimated, when they are not exact (also added to the caveats). */
  readonly estimated?: string;
}

export function assemble(pool: Pool, lists: PeerLists, assembly: Assembly, wording: Wording): PoolShares {
  const members = wording === WORDS_NOW ? wordedMembers(pool, lists, assembly) : sharesWordedLater(assembly.shares, wording);
  // Most pools need no caveat beyond the algorithm's own, so the list is only copied when needed.
  const named = nameCaveat(pool);
  const noServer = anyUp(lists.primary) || anyUp(lists.backup) ? undefined : pool.members.length === 0 ? noServerCaveat(pool) : NO_SERVER;
  const { estimated } = assembly;
  const extra = [...(estimated ? [estimated] : []), ...(named ? [named] : []), ...(noServer ? [noServer] : [])];
  const caveats = extra.length > 0 ? [...assembly.caveats, ...extra] : assembly.caveats;
  const caveat = joinCaveats(caveats);
  if (estimated) return { members, caveat: caveat!, estimated };
  return caveat ? { members, caveat } : { members };
}

function wordedMembers(pool: Pool, lists: PeerLists, assembly: Assembly): MemberShare[] {
  const members: MemberShare[] = [];
  for (let index = 0; index < pool.members.length; index++) {
    const share = assembly.shares[index]!;
    const idle = share === 0 ? idleReason(pool, index, lists) : undefined;
    if (idle) members.push({ share, why: idle });
    else if (share > 0 && pool.members[index]!.role === 'backup' && !assembly.describesBackups) {
      members.push({ share, why: `backup serving because no primary can: round-robin over the backups gives it ${percent(share)}` });
    } else members.push({ share, why: assembly.why(index, share) });
  }
  return members;
}

function nameCaveat(pool: Pool): string | undefined {
  if (!pool.members.some((m) => m.resolvesByName)) return undefined;
  const named = pool.members.filter((m) => m.resolvesByName);
  const list = named.map((m) => `${m.address} (counted as ${m.peers > 1 ? `${m.peers} peers` : '1 peer'})`).join(', ');
  return (
    `${named.length === 1 ? 'A member address is a host name' : 'Some member addresses are host names'}: ${list}; ` +
    'nginx makes one peer per address the name resolves to, which lb-drift cannot know.'
  );
}

const NO_SERVER = 'No member can serve: every member is down or has no weight, so nginx answers 502.';

/** `5 of 7 (71.4%)`-style text of a weight share. */
export function weightText(weight: number, total: number): string {
  return `weight ${weight} of ${total} (${percent(weight / total)})`;
}
