/**
 * A HAProxy backend's servers as its load balancer holds them (recount_servers,
 * update_backend_weight): which servers are usable (not `disabled`, weight above 0), the active
 * group, the backup group, and the single backup that serves alone when no active server is
 * usable and `option allbackups` is off (the first usable backup in declaration order).
 */
import type { Member, Pool } from '../../core/model';

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
    weight: Math.max(0, Math.min(256, m.weight)),
    backup: m.role === 'backup',
    usable: m.state !== 'down' && m.weight > 0,
    id: serverId(m, member),
    name: m.name ?? m.address,
  }));
}

/** The server id (`puid`) of the member at `index`: explicit `id` or HAProxy's numbering, else its position from 1. */
export function serverId(member: Member, index: number): number {
  return member.hashId ?? index + 1;
}

/** The group that serves: usable actives, else the first usable backup or all usable backups. */
export function servingGroup(pool: Pool, servers: readonly HaServer[]): ServingGroup | undefined {
  const active = servers.filter((s) => !s.backup && s.usable);
  if (active.length > 0) return { servers: active, backups: false };
  const backups = servers.filter((s) => s.backup && s.usable);
  if (backups.length === 0) return undefined;
  if (!pool.facts['option allbackups']) return { servers: backups, only: backups[0]!, backups: true };
  return { servers: backups, backups: true };
}

/** The greatest common divisor of the non-zero weights of every server (map-based `wmult`). */
export function weightGcd(servers: readonly HaServer[]): number {
  let gcd = 0;
  for (const s of servers) {
    if (s.weight === 0) continue;
    let a = gcd;
    let b = s.weight;
    while (b) [a, b] = [b, a % b];
    gcd = a;
  }
  return gcd || 1;
}
