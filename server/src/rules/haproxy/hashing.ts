/**
 * The HAProxy branches of hash-not-consistent, client-ip-affinity and unbalanced-ring. Remap
 * fractions are the traffic engine's exact ones (map-based tables over their residues,
 * consistent trees over their arcs).
 */
import { percent } from '../../core/format';
import { deferredReport, immediateReport, type ReportWords } from '../../core/deferred-report';
import type { Fix } from '../../core/fix';
import { activeMembers, isActive, type Pool } from '../../core/model';
import type { Report, RuleContext } from '../../core/rule';
import type { PoolShares } from '../../core/shares';
import type { Loc } from '../../core/span';
import { memberIdentity } from '../../traffic/address-key';
import { haproxyRemovalRemap } from '../../traffic/haproxy/remap';
import { consistentTreeShares, predictHaproxyShares } from '../../traffic/haproxy/shares';
import { countActive, liesInPool, lineBreakOf, offsetInPool, plainMember, proxyLabel, serverLabel } from './common';

const MAP_HASHING = new Set(['source-hash', 'uri-hash', 'header-hash', 'hash']);
/** HAProxy's largest server weight. */
const MAX_WEIGHT = 256;

/** `hash-type consistent` as HAProxy reads it without a function: sdbm with avalanche. */
function consistentPool(pool: Pool): Pool {
  return { ...pool, algorithm: 'consistent-hash', hash: { ...pool.hash!, consistent: true, function: 'sdbm avalanche' } };
}

export function checkHashNotConsistentHaproxy(context: RuleContext): void {
  // The words hold the file texts, not the context (which names the whole model).
  const { sources } = context;
  for (const pool of context.model.pools) {
    if (!MAP_HASHING.has(pool.algorithm) || !pool.hash || pool.hash.consistent || countActive(pool, 2) < 2) continue;
    const hashType = pool.facts['hash-type'];
    const loc = pool.algorithmLoc ?? pool.nameLoc;
    // The fix rewrites the hash-type line, or adds one after the balance line; it is made with
    // the words, which (two remap tables, the pool's shares and its consistent tree's) are made
    // when the finding is listed: a generated file has thousands of such backends, of which the
    // cap lists 100. A `balance` or `hash-type` inherited from a defaults section lies outside
    // the pool, and a deferred report may not point there: such a report is made at once.
    const editInPool = hashType ? liesInPool(pool, hashType.loc) : !pool.algorithmLoc || offsetInPool(pool, pool.algorithmLoc.file, pool.algorithmLoc.end);
    context.report(hashNotConsistentReport(context, sources, pool, loc, liesInPool(pool, loc) && editInPool));
  }
}

/**
 * The report about one backend, its words made by a function made here: a function made in the
 * rule's loop kept every backend's variables in a context of their own, reported or not.
 */
function hashNotConsistentReport(context: RuleContext, sources: ReadonlyMap<string, string>, pool: Pool, loc: Loc, deferred: boolean): Report {
  if (deferred) return deferredReport(loc, { fixes: true }, () => hashNotConsistentWords(pool, hashTypeEdit(sources, pool), predictHaproxyShares));
  return immediateReport(loc, () => hashNotConsistentWords(pool, hashTypeEdit(sources, pool), context.shares));
}

/** The edit that makes a backend's hashing consistent: its hash-type line rewritten, or one added after its balance line. */
function hashTypeEdit(sources: ReadonlyMap<string, string>, pool: Pool): { loc: Loc; newText: string } | undefined {
  const hashType = pool.facts['hash-type'];
  if (hashType) return { loc: hashType.loc, newText: 'hash-type consistent' };
  const balance = pool.algorithmLoc;
  return balance && { loc: { ...balance, start: balance.end }, newText: `${lineBreakOf(sources.get(pool.loc.file) ?? '')}    hash-type consistent` };
}

/** The message and fix of hash-not-consistent about a map-based backend with two active servers or more. */
function hashNotConsistentWords(pool: Pool, edit: { loc: Loc; newText: string } | undefined, sharesOf: (pool: Pool) => PoolShares): ReportWords {
  const serving = activeMembers(pool);
  const last = serving[serving.length - 1]!;
  const removed = haproxyRemovalRemap(pool, last).fraction;
  // On a consistent tree, removing a server moves exactly the keys it owned: its share.
  const before = sharesOf(pool).members;
  const after = consistentTreeShares(pool) ?? Float64Array.from(sharesOf(consistentPool(pool)).members, (m) => m.share);
  const ringRemoved = after[pool.members.indexOf(last)] ?? 0;
  // The switch changes the hash function too (avalanche), so a key's new server is independent
  // of its old one: it stays only where both versions pick the same server.
  const stays = before.reduce((sum, m, i) => sum + m.share * (after[i] ?? 0), 0);
  const fixes: Fix[] = edit ? [{ title: `Set hash-type consistent in ${proxyLabel(pool)} (remaps ${percent(1 - stays)} of keys once)`, safety: 'unsafe', intents: [{ kind: 'edit', edits: [edit] }] }] : [];
  return {
    message:
      `${pool.algorithmText || 'balance'} in ${proxyLabel(pool)} hashes with a map-based table: removing ${serverLabel(last)}, the last of ${serving.length} servers, ` +
      `would send ${percent(removed)} of keys to another server; with hash-type consistent only its own ${percent(ringRemoved)}. ` +
      'A server that fails its health check changes the table the same way. Set hash-type consistent.',
    fixes,
  };
}

export function checkClientIpAffinityHaproxy(context: RuleContext): void {
  for (const pool of context.model.pools) {
    if (pool.algorithm !== 'source-hash') continue;
    const serving = countActive(pool);
    if (serving < 2) continue;
    const loc = pool.algorithmLoc ?? pool.nameLoc;
    // Every balance source backend has one, and the cap lists 100: the message is made when the
    // finding is listed. A balance line inherited from a defaults section lies outside the
    // backend, where a deferred report may not point.
    const words = clientIpAffinityWords(pool, serving);
    context.report(liesInPool(pool, loc) ? deferredReport(loc, {}, words) : immediateReport(loc, words));
  }
}

function clientIpAffinityWords(pool: Pool, serving: number): () => ReportWords {
  return () => ({
    message:
      `balance source in ${proxyLabel(pool)} keys clients by their source address: everyone behind one NAT, proxy, load balancer or CDN edge lands on one of its ${serving} servers, ` +
      `which carries 100% of that group's load instead of ${percent(1 / serving)}. With mode http, cookie persistence (cookie SRV insert) or balance hdr(X-Forwarded-For) keeps clients as sticky without grouping them.`,
  });
}

export function checkUnbalancedRingHaproxy(context: RuleContext, tolerance: number): void {
  for (const pool of context.model.pools) {
    if (pool.algorithm !== 'consistent-hash' && !(pool.hash?.consistent && MAP_HASHING.has(pool.algorithm))) continue;
    // The active members are counted and walked in place: their list is never needed.
    const serving = countActive(pool);
    if (serving < 2) continue;
    const predicted = context.shares(pool);
    if (predicted.estimated) continue;
    const { members } = pool;
    let total = 0;
    let heaviest = 0;
    for (const m of members) {
      if (!isActive(m)) continue;
      total += m.weight;
      heaviest = Math.max(heaviest, m.weight);
    }
    // More tree nodes per server balance better; HAProxy caps weights at 256.
    const scale = Math.max(1, Math.floor(MAX_WEIGHT / heaviest));
    // The tree with scaled weights is built for the words only, which are made when the finding
    // is listed (the cap lists 100 per rule), once per pool; its function is made at the pool's
    // first report (most consistent pools have none).
    let scaledShares: (() => readonly { share: number }[]) | undefined;
    for (let at = 0; at < members.length; at++) {
      const member = members[at]!;
      if (!isActive(member)) continue;
      const share = predicted.members[at]?.share ?? 0;
      const fair = member.weight / total;
      if (share <= fair * (1 + tolerance) + 1e-9) continue;
      scaledShares ??= scaledTreeShares(pool, scale);
      // A server's address lies on its own line, in the pool's section.
      context.report(deferredReport(member.addressLoc, {}, overShareWords(pool, at, { share, fair, total, serving, scale, scaledShares })));
    }
  }
}

/** What the words about one server of a consistent tree read besides the pool and the server. */
interface OverShare {
  readonly share: number;
  readonly fair: number;
  /** The active servers' weight and number. */
  readonly total: number;
  readonly serving: number;
  readonly scale: number;
  readonly scaledShares: () => readonly { share: number }[];
}

/**
 * The words about the server at `index`, made by a function made here: a function made in the
 * rule's loop kept every server's variables (its share as a number object) in a context of their
 * own, reported or not.
 */
function overShareWords(pool: Pool, index: number, over: OverShare): () => ReportWords {
  const member = pool.members[index]!;
  const { share, fair, total, serving, scale } = over;
  return () => ({
    message:
      `${serverLabel(member)} owns ${percent(share)} of the consistent-hash tree of ${proxyLabel(pool)} but ${percent(fair)} of its weight (weight ${member.weight} of ${total}): ` +
      `${percent(share / fair - 1)} more keys than its weight says (HAProxy puts 16 tree nodes per unit of weight, too few with ${serving} servers).` +
      (scale > 1 ? ` With every weight multiplied by ${scale} (the most HAProxy's limit of 256 allows) it would own ${percent(over.scaledShares()[index]?.share ?? 0)}.` : ''),
  });
}

/** The shares of `pool`'s consistent tree with every weight multiplied by `scale`, predicted on first call and kept. */
function scaledTreeShares(pool: Pool, scale: number): () => readonly { share: number }[] {
  let scaled: readonly { share: number }[] | undefined;
  return () => (scaled ??= predictHaproxyShares({ ...pool, members: pool.members.map((m) => ({ ...plainMember(m), weight: m.weight * scale, weightExplicit: true })) }).members);
}

/**
 * The remap of a switch of HAProxy's hash function (`hash-type map-based` to `consistent`, which
 * adds avalanche, or `sdbm` to `djb2`) on the same key: the two versions place a key unrelatedly,
 * so it stays only where both pick the same server, which happens with the product of that
 * server's shares before and after. An estimate for evenly spread keys, hence not exact.
 */
export function haproxyHashSwitchRemap(context: RuleContext, then: Pool, now: Pool): { fraction: number; unit: 'keys'; exact: false } | undefined {
  if (then.dialect !== 'haproxy' || now.dialect !== 'haproxy' || !then.hash || !now.hash) return undefined;
  if (then.algorithm !== now.algorithm && !(HASHED_ALIKE.has(then.algorithm) && HASHED_ALIKE.has(now.algorithm))) return undefined;
  if (then.hash.key !== now.hash.key || then.hash.function === now.hash.function) return undefined;
  const before = new Map<string, number>();
  context.shares(then).members.forEach((m, i) => {
    const id = memberIdentity(then.members[i]!, then);
    before.set(id, (before.get(id) ?? 0) + m.share);
  });
  let stays = 0;
  context.shares(now).members.forEach((m, i) => (stays += m.share * (before.get(memberIdentity(now.members[i]!, now)) ?? 0)));
  return { fraction: 1 - stays, unit: 'keys', exact: false };
}

/** `balance hash`, `url_param` and `rdp-cookie` are `hash` or `consistent-hash` by their hash-type. */
const HASHED_ALIKE = new Set(['hash', 'consistent-hash']);
