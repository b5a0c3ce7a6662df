/**
 * The pieces of one HAProxy backend's balancer at low load, shared by routing and shares: the
 * serving group, and the lookup its algorithm uses (fwrr, map, consistent tree, leastconn
 * rotation, first by id).
 */
import type { Member, Pool } from '../../core/model';
import { ChashTree } from './chash';
import { ServerMap } from './map';
import { haServers, servingGroup, type HaServer, type ServingGroup } from './servers';

export const HASHING = new Set(['source-hash', 'uri-hash', 'header-hash', 'hash', 'consistent-hash']);

/**
 * Whether HAProxy builds the backend's balancer once (static-rr, map-based hashing): such a
 * backend refuses run-time weights other than 0% and 100% ("Backend is using a static LB
 * algorithm"), so slowstart ramps and weights from agents or SRV records never apply.
 */
export function isStaticAlgorithm(pool: Pool): boolean {
  return pool.algorithm === 'static-rr' || (HASHING.has(pool.algorithm) && pool.hash !== undefined && !pool.hash.consistent);
}

export interface Balancer {
  readonly servers: readonly HaServer[];
  readonly group: ServingGroup | undefined;
  /** `tot_used`: 1 when one server (or one backup alone) serves. */
  readonly used: number;
}

/**
 * The balancer of a pool as written, made once per pool: hash-not-consistent (the removal
 * remap and the consistent tree it compares with) and routing all ask for it, and its servers
 * are an object per server. Pools do not change once lowered (an edit makes new ones), and
 * nothing changes a balancer once made.
 */
const balancers = new WeakMap<Pool, Balancer>();

/** `members` stands in for the pool's own list when asking about a changed version of the pool. */
export function balancerOf(pool: Pool, members?: readonly Member[]): Balancer {
  if (members !== undefined && members !== pool.members) return makeBalancer(pool, members);
  let balancer = balancers.get(pool);
  if (!balancer) balancers.set(pool, (balancer = makeBalancer(pool, pool.members)));
  return balancer;
}

function makeBalancer(pool: Pool, members: readonly Member[]): Balancer {
  const servers = haServers(pool, members);
  const group = servingGroup(pool, servers, members);
  return { servers, group, used: group ? (group.only ? 1 : group.servers.length) : 0 };
}

/** The hash lookup of a hashing pool: the consistent tree or the map-based table. */
export function hashLookup(pool: Pool, balancer: Balancer & { group: ServingGroup }): ChashTree | ServerMap {
  return pool.hash?.consistent ? new ChashTree(balancer.group) : new ServerMap(balancer.group, balancer.servers);
}

/** `first`: the usable server with the lowest id takes everything at low load. */
export function firstServer(group: ServingGroup): HaServer {
  if (group.only) return group.only;
  return group.servers.reduce((best, s) => (s.id < best.id ? s : best));
}

/**
 * `leastconn` at low load: every idle server has the same key (no connection), so the tree
 * hands them out in the order they were queued, and a server that finished its request is
 * queued again behind the others: a rotation in declaration order, whatever the weights.
 */
export class LeastConnRotation {
  private index = 0;

  constructor(private readonly group: ServingGroup) {}

  pick(): HaServer {
    if (this.group.only) return this.group.only;
    const server = this.group.servers[this.index % this.group.servers.length]!;
    this.index++;
    return server;
  }
}
