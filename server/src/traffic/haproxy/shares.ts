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
import { HASHING } from './balancer';
import { chashSharesOfMembers, NODES_PER_WEIGHT } from './chash';
import { pinningOf, ruleText } from './server-rules';
import { memberWeightGcd, serverId, serverWeight, servingMembers, type ServingMembers } from './servers';

const LEASTCONN_NOTE =
  'leastconn is predicted at low load (one request at a time), where every server is idle and they take turns whatever their weights; under load the server with the fewest connections per unit of weight wins.';
const RANDOM_NOTE = 'random picks a random point of the consistent tree for every request, so these are expected shares; at low load the extra draws change nothing, as every server has the same number of requests in flight.';

export function predictHaproxyShares(pool: Pool): PoolShares {
  const { members } = pool;
  const caveats: Caveat[] = [];
  const pinning = pinningOf(pool);
  if (pinning.kind === 'pinned') {
    const shares = new Float64Array(members.length);
    shares[pinning.member] = 1;
    const rule = ruleText(pinning.rule);
    return {
      members: members.map((_, index) => ({
        share: shares[index]!,
        why: index === pinning.member ? `"${rule}" sends every request here before balancing` : `0%: "${rule}" sends every request to ${pinning.rule.name}`,
      })),
    };
  }
  if (pinning.kind === 'undecided') caveats.push(() => `"${ruleText(pinning.rule)}" sends the requests it matches to ${pinning.rule.name} before balancing; these shares are for the other requests.`);
  const fallback = pool.facts['layer7-fallback'];
  if (fallback) caveats.push(() => `${fallback.value}.`);
  const serving = servingMembers(pool);
  const shares = scratchShares(members.length);
  if (!serving) {
    caveats.push('No server can serve: every server is disabled or has weight 0 (or is a backup of those), so HAProxy answers 503.');
    return finish(pool, serving, shares, () => '', caveats);
  }
  // The group by member index (`serving.members`); the explanations read the share they are
  // given, never `shares`, which the next prediction reuses.
  const group = serving.members;
  let why: (index: number, share: number) => string;
  let total = 0;
  for (const index of group) total += serverWeight(members[index]!);
  const byWeight = (label: string) => {
    for (const index of group) shares[index] = serverWeight(members[index]!) / total;
    return (index: number, share: number) => `${label}: weight ${members[index]!.weight} of ${total} (${percent(share)})`;
  };
  if (serving.only >= 0) {
    shares[serving.only] = 1;
    why = () => 'the first usable backup serves alone, as no active server can and option allbackups is off';
  } else if (pool.algorithm === 'round-robin' || pool.algorithm === 'static-rr') {
    why = byWeight(pool.algorithm === 'round-robin' ? 'weighted round-robin' : 'static round-robin');
  } else if (pool.algorithm === 'least-conn') {
    for (const index of group) shares[index] = 1 / group.length;
    why = () => `leastconn at low load takes the ${group.length} idle servers in turn: 1 request in ${group.length}`;
    caveats.push(LEASTCONN_NOTE);
  } else if (pool.algorithm === 'first') {
    const first = lowestIdOf(members, group);
    const member = members[first]!;
    shares[first] = 1;
    why = (index) => (index === first ? `first: the usable server with the lowest id (${serverId(member, first)}) takes every request until its maxconn` : 'first: used only when the servers before it are full');
    if (!member.limits.maxConns) caveats.push(() => `balance first without maxconn on ${member.name ?? member.address}: it takes all traffic, whatever the load.`);
  } else if (pool.algorithm === 'random') {
    why = ringShares(chashSharesOfMembers(members, group), shares, members, group, 'random over the consistent tree');
    caveats.push(RANDOM_NOTE);
  } else if (HASHING.has(pool.algorithm) && pool.hash) {
    why = hashShares(pool, group, shares);
    caveats.push(pool.hash.key === 'source' ? SOURCE_KEYS_NOTE : KEYS_NOTE);
    if (pool.facts['hash-balance-factor']) caveats.push(BALANCE_FACTOR_NOTE);
    const limited = group.find((index) => members[index]!.limits.maxConns);
    if (limited !== undefined) caveats.push(() => maxconnNote(pool, limited));
  } else {
    why = byWeight('weighted');
  }
  if (hasDiscoveredServer(pool)) caveats.push(SRV_NOTE);
  if (pool.stickiness?.kind.startsWith('cookie')) caveats.push(COOKIE_NOTE);
  return finish(pool, serving, shares, why, caveats);
}

const SOURCE_KEYS_NOTE = 'Shares of client addresses, assuming keys spread evenly over the hash space; a few heavy keys or clients move real traffic.';
const KEYS_NOTE = 'Shares of keys, assuming keys spread evenly over the hash space; a few heavy keys or clients move real traffic.';
const BALANCE_FACTOR_NOTE = "hash-balance-factor bounds a server's load only while requests are in flight; at low load it changes nothing.";
const COOKIE_NOTE = 'Clients that already hold a persistence cookie go back to their server; the shares are for new clients.';

/** A caveat sentence, or a function that writes it when the caveat is read. */
type Caveat = string | (() => string);

/**
 * The shares of the prediction under way, zeroed for `count` members: `finish` copies each into
 * its member's entry, so one array serves every prediction (a typed array per backend of a large
 * file cost more than filling it).
 */
let scratch = new Float64Array(64);

function scratchShares(count: number): Float64Array {
  if (scratch.length < count) scratch = new Float64Array(Math.max(count, scratch.length * 2));
  scratch.fill(0, 0, count);
  return scratch;
}

/** The member of `group` (member indexes) with the lowest server id, the first written on a tie, as `first` picks it. */
function lowestIdOf(members: readonly Member[], group: readonly number[]): number {
  let lowest = group[0]!;
  let lowestId = serverId(members[lowest]!, lowest);
  for (let k = 1; k < group.length; k++) {
    const index = group[k]!;
    const id = serverId(members[index]!, index);
    if (id < lowestId) {
      lowest = index;
      lowestId = id;
    }
  }
  return lowest;
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
  const serving = servingMembers(pool);
  if (!serving) return out;
  if (serving.only >= 0) {
    out[serving.only] = 1;
    return out;
  }
  const owned = chashSharesOfMembers(pool.members, serving.members);
  serving.members.forEach((index, i) => (out[index] = owned[i]!));
  return out;
}

function ringShares(owned: Float64Array, out: Float64Array, members: readonly Member[], group: readonly number[], label: string): (index: number, share: number) => string {
  let total = 0;
  for (let i = 0; i < group.length; i++) {
    out[group[i]!] = owned[i]!;
    total += serverWeight(members[group[i]!]!);
  }
  return (index, share) => {
    const weight = group.includes(index) ? serverWeight(members[index]!) : 0;
    return `${label}: its ${weight * NODES_PER_WEIGHT} nodes own ${percent(share)} of the hash space (weight ${weight} of ${total}, ${percent(weight / total)})`;
  };
}

function hashShares(pool: Pool, group: readonly number[], out: Float64Array): (index: number, share: number) => string {
  // A tree is read only for its shares, computed once per server list; a table only for its
  // slot counts, which are the weights over the table's divisor.
  if (group.length === 1) {
    // HAProxy looks hash 0 up: the tree and the table give the one usable server.
    out[group[0]!] = 1;
    return () => 'the only usable server: HAProxy does not hash';
  }
  if (pool.hash?.consistent) return ringShares(chashSharesOfMembers(pool.members, group), out, pool.members, group, 'consistent hashing');
  // A server holds its weight over the divisor of the slots (map.ts `fullTableCounts`, here
  // without a list of counts): the same divisions in the same order.
  const { members } = pool;
  const gcd = memberWeightGcd(members);
  let total = 0;
  for (const index of group) total += serverWeight(members[index]!) / gcd;
  for (const index of group) out[index] = serverWeight(members[index]!) / gcd / total;
  return (_index, share) => `map-based hashing: ${Math.round(share * total)} of ${total} table slots (${percent(share)})`;
}

function finish(pool: Pool, serving: ServingMembers | undefined, shares: Float64Array, why: (index: number, share: number) => string, caveats: readonly Caveat[]): PoolShares {
  const count = pool.members.length;
  const members = new Array<MemberShare>(count);
  for (let index = 0; index < count; index++) {
    const share = shares[index]!;
    const fixed = share > 0 ? undefined : idleReason(pool.members[index]!, serving);
    members[index] = fixed === undefined ? new ExplainedLater(share, index, why) : { share, why: fixed };
  }
  return caveats.length > 0 ? new CaveatLater(members, caveats) : { members };
}

/**
 * Shares with a caveat written when read: the caveat is read for a hover or `lb-drift shares`
 * only, and writing one (a maxconn note names a server and its limit) for every hashing backend
 * of a large file cost more than its shares. `members` is the only own field, and JSON carries
 * `{ members, caveat }`.
 */
class CaveatLater implements PoolShares {
  #caveats: readonly Caveat[];
  #text: string | undefined;

  constructor(
    readonly members: readonly MemberShare[],
    caveats: readonly Caveat[],
  ) {
    this.#caveats = caveats;
  }

  get caveat(): string {
    return (this.#text ??= sentences(this.#caveats.map((c) => (typeof c === 'string' ? c : c()))));
  }

  toJSON(): PoolShares {
    return { members: this.members, caveat: this.caveat };
  }
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
function idleReason(member: Member, serving: ServingMembers | undefined): string | undefined {
  if (member.state === 'down') return 'disabled: 0% of traffic';
  if (member.weight === 0) return 'weight 0: drained, 0% of new traffic';
  if (member.role === 'backup' && serving && !serving.backups) return 'backup: 0% while an active server can serve';
  if (member.role === 'backup' && serving && serving.only >= 0) return 'backup: 0%, as only the first usable backup serves without option allbackups';
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
