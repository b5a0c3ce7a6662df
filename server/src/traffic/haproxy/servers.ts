/**
 * A HAProxy backend's servers as its load balancer holds them (recount_servers,
 * update_backend_weight): which servers are usable (not `disabled`, weight above 0), the active
 * group, the backup group, and the single backup that serves alone when no active server is
 * usable and `option allbackups` is off (the first usable backup in declaration order).
 */
import type { Member, Pool } from '../../core/model';
import { gcd } from '../format';

export interface HaServer {
  /** Index into `pool.members`. */
  readonly member: number;
  /** The configured weight, 0..256 (`uweight`). */
  readonly weight: number;
  readonly backup: boolean;
  readonly usable: boolean;
  /** The server id (`puid`): explicit `id`, else HAProxy's numbering. */
  readonly id: number;
  readonly name: string;
}

export interface ServingGroup {
  /** The servers the algorithm balances over, in declaration order. */
  readonly servers: readonly HaServer[];
  /** Set when one backup serves alone (no usable active server, no `option allbackups`). */
  readonly only?: HaServer;
  readonly backups: boolean;
}

/** `members` stands in for the pool's own list when asking about a changed version of the pool. */
export function haServers(pool: Pool, members: readonly Member[] = pool.members): HaServer[] {
  return members.map((m, member) => ({
    member,
    weight: serverWeight(m),
    backup: m.role === 'backup',
    usable: isUsable(m),
    id: serverId(m, member),
    name: m.name ?? m.address,
  }));
}

/** A member's weight as its balancer holds it (`uweight`, 0..256). */
export function serverWeight(member: Member): number {
  return Math.max(0, Math.min(256, member.weight));
}

/** Whether a server can take requests at all: not `disabled`, weight above 0. */
function isUsable(member: Member): boolean {
  return member.state !== 'down' && member.weight > 0;
}

/** The server id (`puid`) of the member at `index`: explicit `id` or HAProxy's numbering, else its position from 1. */
export function serverId(member: Member, index: number): number {
  return member.hashId ?? index + 1;
}

/** The group that serves (`servers` made from `members`): usable actives, else the first usable backup or all usable backups. */
export function servingGroup(pool: Pool, servers: readonly HaServer[], members: readonly Member[] = pool.members): ServingGroup | undefined {
  const serving = servingMembers(pool, members);
  if (!serving) return undefined;
  const list = serving.members.map((index) => servers[index]!);
  if (!serving.backups) return { servers: list, backups: false };
  if (serving.only >= 0) return { servers: list, only: servers[serving.only]!, backups: true };
  return { servers: list, backups: true };
}

/**
 * The serving group by member index, as `servingGroup` makes it, without an object per server:
 * a prediction of shares reads a few numbers of each member once, and the server objects cost
 * more than the prediction (one per server of every backend of a large file).
 */
export interface ServingMembers {
  /** Indexes into the pool's members, in declaration order. */
  readonly members: readonly number[];
  /** The backup that serves alone (no usable active server, no `option allbackups`), else -1. */
  readonly only: number;
  readonly backups: boolean;
}

export function servingMembers(pool: Pool, members: readonly Member[] = pool.members): ServingMembers | undefined {
  let active: number[] | undefined;
  for (let i = 0; i < members.length; i++) {
    const m = members[i]!;
    if (m.role !== 'backup' && isUsable(m)) (active ??= []).push(i);
  }
  if (active) return { members: active, only: -1, backups: false };
  let backups: number[] | undefined;
  for (let i = 0; i < members.length; i++) {
    const m = members[i]!;
    if (m.role === 'backup' && isUsable(m)) (backups ??= []).push(i);
  }
  if (!backups) return undefined;
  return { members: backups, only: pool.facts['option allbackups'] ? -1 : backups[0]!, backups: true };
}

/** The greatest common divisor of the non-zero weights of every server (map-based `wmult`). */
export function weightGcd(servers: readonly { readonly weight: number }[]): number {
  let g = 0;
  // gcd(g, 0) is g: a weight of 0 leaves it unchanged.
  for (const s of servers) g = gcd(g, s.weight);
  return g || 1;
}

/** `weightGcd` of the servers `members` make, read from the members. */
export function memberWeightGcd(members: readonly Member[]): number {
  let g = 0;
  for (const m of members) g = gcd(g, serverWeight(m));
  return g || 1;
}

