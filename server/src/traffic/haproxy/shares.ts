/**
 * Expected shares of HAProxy backends at low load: by weight for roundrobin and static-rr (one
 * cycle of the schedule), one per server for leastconn (an idle rotation ignores weights), all
 * to the lowest server id for `first`, the exact slot counts of the map-based table, and the
 * exact part of the 2^32 hash values each server's nodes attract in the consistent tree (which
 * `random` also draws from). Backups serve only when no active server can, and only the first
 * of them unless `option allbackups`.
 */
import { percent } from '../../core/format';
import { isActive, type Member, type Pool } from '../../core/model';
import type { MemberShare, PoolShares } from '../../core/shares';
import { balancerOf, firstServer, freshBalancer, HASHING, type Balancer } from './balancer';
import { chashShares, NODES_PER_WEIGHT } from './chash';
import { fullTableCounts, ServerMap } from './map';
import { pinningOf, ruleText } from './server-rules';
import { serverId, type ServingGroup } from './servers';

const LEASTCONN_NOTE =
  'leastconn is predicted at low load (one request at a time), where every server is idle and they take turns whatever their weights; under load the server with the fewest connections per unit of weight wins.';
const RANDOM_NOTE = 'random picks a random point of the consistent tree for every request, so these are expected shares; at low load the extra draws change nothing, as every server has the same number of requests in flight.';

export function predictHaproxyShares(pool: Pool): PoolShares {
  const balancer = freshBalancer(pool);
  const { group } = balancer;
  const caveats: string[] = [];
  const pinning = pinningOf(pool);
  if (pinning.kind === 'pinned') {
    const shares = new Float64Array(pool.members.length);
    shares[pinning.member] = 1;
    const rule = ruleText(pinning.rule);
    return {
      members: pool.members.map((_, index) => ({
        share: shares[index]!,
        why: index === pinning.member ? `"${rule}" sends every request here before balancing` : `0%: "${rule}" sends every request to ${pinning.rule.name}`,
      })),
    };
  }
  if (pinning.kind === 'undecided') caveats.push(`"${ruleText(pinning.rule)}" sends the requests it matches to ${pinning.rule.name} before balancing; these shares are for the other requests.`);
  const fallback = pool.facts['layer7-fallback'];
  if (fallback) caveats.push(`${fallback.value}.`);
  if (!group) {
    caveats.push('No server can serve: every server is disabled or has weight 0 (or is a backup of those), so HAProxy answers 503.');
    return finish(pool, balancer, new Float64Array(pool.members.length), () => '', caveats);
  }
  const shares = new Float64Array(pool.members.length);
  let why: (index: number, share: number) => string;
  let total = 0;
  for (const s of group.servers) total += s.weight;
  const byWeight = (label: string) => {
    for (const s of group.servers) shares[s.member] = group.only ? (s === group.only ? 1 : 0) : s.weight / total;
    return (index: number) => `${label}: weight ${pool.members[index]!.weight} of ${total} (${percent(shares[index]!)})`;
  };
  if (group.only) {
    shares[group.only.member] = 1;
    why = () => 'the first usable backup serves alone, as no active server can and option allbackups is off';
  } else if (pool.algorithm === 'round-robin' || pool.algorithm === 'static-rr') {
    why = byWeight(pool.algorithm === 'round-robin' ? 'weighted round-robin' : 'static round-robin');
  } else if (pool.algorithm === 'least-conn') {
    for (const s of group.servers) shares[s.member] = 1 / group.servers.length;
    why = () => `leastconn at low load takes the ${group.servers.length} idle servers in turn: 1 request in ${group.servers.length}`;
    caveats.push(LEASTCONN_NOTE);
  } else if (pool.algorithm === 'first') {
    const first = firstServer(group);
    shares[first.member] = 1;
    why = (index) => (index === first.member ? `first: the usable server with the lowest id (${first.id}) takes every request until its maxconn` : 'first: used only when the servers before it are full');
    if (!pool.members[first.member]!.limits.maxConns) caveats.push(`balance first without maxconn on ${first.name}: it takes all traffic, whatever the load.`);
  } else if (pool.algorithm === 'random') {
    why = ringShares(chashShares(group), shares, group, 'random over the consistent tree');
    caveats.push(RANDOM_NOTE);
  } else if (HASHING.has(pool.algorithm) && pool.hash) {
    why = hashShares(pool, balancer, group, shares);
    caveats.push(`Shares of ${pool.hash.key === 'source' ? 'client addresses' : 'keys'}, assuming keys spread evenly over the hash space; a few heavy keys or clients move real traffic.`);
    if (pool.facts['hash-balance-factor']) caveats.push('hash-balance-factor bounds a server\'s load only while requests are in flight; at low load it changes nothing.');
    const limited = group.servers.find((s) => pool.members[s.member]!.limits.maxConns);
    if (limited) caveats.push(maxconnNote(pool, limited.member));
  } else {
    why = byWeight('weighted');
  }
  if (hasDiscoveredServer(pool)) caveats.push(SRV_NOTE);
  if (pool.stickiness?.kind.startsWith('cookie')) caveats.push('Clients that already hold a persistence cookie go back to their server; the shares are for new clients.');
  return finish(pool, balancer, shares, why, caveats);
}

/**
 * How an active server's share follows from the active servers alone, when it does, so a rule
 * may read it without a prediction (unless a use-server rule pins every request):
 * - `weights`: roundrobin and static-rr, which `predictHaproxyShares` divides by weight whenever
 *   an active server can serve, and map-based hashing, where a server holds weight / gcd of the
 *   table's sum of weight / gcd slots: both are whole numbers, so their quotient is the same
 *   double as weight over total;
 * - `even`: leastconn, 1 / the number of active servers, the division the prediction makes;
 * - `first`: everything to the active server with the lowest id (`lowestIdActive`), none to the
 *   others.
 * The active servers (core/model.ts `isActive`) are the serving group whenever there is one:
 * primary, not disabled, weight above 0. Undefined for consistent hashing and random, whose
 * shares come from the tree.
 */
export function haproxyActiveShares(pool: Pool): 'weights' | 'even' | 'first' | undefined {
  if (pool.dialect !== 'haproxy') return undefined;
  const algorithm = pool.algorithm;
  const kind =
    algorithm === 'round-robin' || algorithm === 'static-rr' || (HASHING.has(algorithm) && pool.hash !== undefined && !pool.hash.consistent)
      ? 'weights'
      : algorithm === 'least-conn'
        ? 'even'
        : algorithm === 'first'
          ? 'first'
          : undefined;
  return kind !== undefined && pinningOf(pool).kind !== 'pinned' ? kind : undefined;
}

/** The index of the active member with the lowest server id (the first written on a tie), as `first` picks it; -1 without one. */
export function lowestIdActive(pool: Pool): number {
  let lowest = -1;
  let lowestId = Infinity;
  for (let index = 0; index < pool.members.length; index++) {
    const member = pool.members[index]!;
    if (!isActive(member)) continue;
    const id = serverId(member, index);
    if (id < lowestId) {
      lowest = index;
      lowestId = id;
    }
  }
  return lowest;
}

/**
 * A hashing balance does not move a key off a full server (HAProxy issue #2893): measured in
 * test/conformance/haproxy-surprises.test.ts, where a second request for a busy key waits.
 */
function maxconnNote(pool: Pool, index: number): string {
  const member = pool.members[index]!;
  return (
    `maxconn ${member.limits.maxConns} on ${member.name ?? member.address} does not send its keys elsewhere: once it has that many requests in flight, ` +
    'the next requests for its keys wait in its queue (503 after timeout queue), and option redispatch does not move them' +
    (pool.facts['hash-balance-factor'] ? '; hash-balance-factor moves a request only when the server is above its share of the load in flight.' : '; only hash-balance-factor moves a request off a busy server.')
  );
}

/** Whether a server is named like a DNS SRV record (`_http._tcp.app`) and has resolvers; a first character is read before any parameter list. */
function hasDiscoveredServer(pool: Pool): boolean {
  for (const m of pool.members) if (m.address.charCodeAt(0) === 95 && m.params.some((p) => p.name === 'resolvers')) return true;
  return false;
}

/** Servers filled from DNS SRV records take the records' weights (HAProxy issues #195, #1910, #3300). */
const SRV_NOTE =
  'Servers resolved from DNS SRV records take their weight from the records whenever they resolve (record weight / 256 + 1, so 0-255 all give 1), not from the configuration; these shares use the configured weights.';

/**
 * Per member: its share of the keys if the pool hashed on a consistent tree (hash-type
 * consistent), from the cached tree shares, without building the pool's explanations; undefined
 * when a use-server rule pins every request (the shares then do not depend on the tree).
 */
export function consistentTreeShares(pool: Pool): Float64Array | undefined {
  if (pinningOf(pool).kind === 'pinned') return undefined;
  const out = new Float64Array(pool.members.length);
  const { group } = balancerOf(pool);
  if (!group) return out;
  const owned = chashShares(group);
  group.servers.forEach((s, i) => (out[s.member] = owned[i]!));
  return out;
}

function ringShares(owned: Float64Array, out: Float64Array, group: ServingGroup, label: string): (index: number) => string {
  group.servers.forEach((s, i) => (out[s.member] = owned[i]!));
  const total = group.servers.reduce((sum, s) => sum + s.weight, 0);
  return (index) => {
    const weight = group.servers.find((s) => s.member === index)?.weight ?? 0;
    return `${label}: its ${weight * NODES_PER_WEIGHT} nodes own ${percent(out[index]!)} of the hash space (weight ${weight} of ${total}, ${percent(weight / total)})`;
  };
}

function hashShares(pool: Pool, balancer: Balancer, group: ServingGroup, out: Float64Array): (index: number) => string {
  // A tree is read only for its shares, computed once per server list; a table only for its
  // slot counts, which are the weights over the table's divisor.
  if (balancer.used === 1) {
    // HAProxy looks hash 0 up (the tree gives the one usable server, or the backup serving alone).
    const only = pool.hash?.consistent ? (group.only ?? group.servers[0]!) : new ServerMap(group, balancer.servers).byHash(0);
    out[only.member] = 1;
    return () => 'the only usable server: HAProxy does not hash';
  }
  if (pool.hash?.consistent) return ringShares(chashShares(group), out, group, 'consistent hashing');
  const { counts, total } = fullTableCounts(group, balancer.servers);
  for (let i = 0; i < counts.length; i++) out[group.servers[i]!.member] = counts[i]! / total;
  return (index) => `map-based hashing: ${Math.round(out[index]! * total)} of ${total} table slots (${percent(out[index]!)})`;
}

function finish(pool: Pool, balancer: Balancer, shares: Float64Array, why: (index: number, share: number) => string, caveats: readonly string[]): PoolShares {
  const count = pool.members.length;
  const members = new Array<MemberShare>(count);
  for (let index = 0; index < count; index++) {
    const share = shares[index]!;
    const fixed = share > 0 ? undefined : idleReason(pool.members[index]!, balancer);
    members[index] = fixed === undefined ? new ExplainedLater(share, index, why) : { share, why: fixed };
  }
  return caveats.length > 0 ? { members, caveat: sentences(caveats) } : { members };
}

/**
 * The caveats as one text, joined by concatenation: the joined string is read for a hover or
 * `lb-drift shares` only, and `join` copied a few hundred characters for every hashing pool.
 */
function sentences(caveats: readonly string[]): string {
  let text = caveats[0]!;
  for (let i = 1; i < caveats.length; i++) text = `${text} ${caveats[i]!}`;
  return text;
}

/** Why a member without a share gets nothing, when its state says it; undefined otherwise. */
function idleReason(member: Member, balancer: Balancer): string | undefined {
  if (member.state === 'down') return 'disabled: 0% of traffic';
  if (member.weight === 0) return 'weight 0: drained, 0% of new traffic';
  if (member.role === 'backup' && balancer.group && !balancer.group.backups) return 'backup: 0% while an active server can serve';
  if (member.role === 'backup' && balancer.group?.only) return 'backup: 0%, as only the first usable backup serves without option allbackups';
  return undefined;
}

/**
 * A member's share whose explanation is written when read: an analysis reads the shares of every
 * pool and the explanation of almost none (a hover, `lb-drift shares`), and writing one for every
 * server of a large file cost more than predicting the shares. `share` is the only own field (the
 * others are private), and JSON carries `{ share, why }`.
 */
class ExplainedLater implements MemberShare {
  readonly #index: number;
  readonly #explain: (index: number, share: number) => string;

  constructor(
    readonly share: number,
    index: number,
    explain: (index: number, share: number) => string,
  ) {
    this.#index = index;
    this.#explain = explain;
  }

  get why(): string {
    return this.#explain(this.#index, this.share);
  }

  toJSON(): MemberShare {
    return { share: this.share, why: this.why };
  }
}
