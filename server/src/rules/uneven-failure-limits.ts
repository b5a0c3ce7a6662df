import { durationText, nginxSeconds } from '../core/duration';
import type { Related } from '../core/finding';
import type { Member, MemberLimits } from '../core/model';
import { deferredReport } from '../core/deferred-report';
import { defineRule } from '../core/rule';
import type { Loc } from '../core/span';

/** A `fail_timeout` past this keeps a member out for so long that it is never the value to copy. */
const HARMFUL_FAIL_TIMEOUT = 600;

type Limit = 'max_fails' | 'fail_timeout';

const rule = defineRule({
  meta: {
    id: 'uneven-failure-limits',
    scope: 'pool',
    title: 'Members of one pool are taken out of rotation under different failure limits',
    severity: 'info',
    dialects: ['nginx'],
    fixable: 'none',
    options: {},
    docs: {
      whatItDoes:
        'Compares the effective `max_fails` (default 1) and `fail_timeout` (default 10s) of the primary members of each pool that are not `down`, and reports, once per pool, the members whose values differ from the others, with both values. The value the others are measured against is the one most members use, unless that value is harmful (`max_fails=0`, which never takes a member out, or a `fail_timeout` over 10 minutes): then the members with the harmful value are the odd ones out, and the message never advises copying it. Times are compared by duration, so `fail_timeout=10` equals the default `10s`. Backups are not compared: they serve only when the primaries cannot, and often fail differently on purpose.',
      whyItMatters:
        'Interchangeable members should fail the same way. A member with a higher `max_fails` stays in rotation through more failures and keeps receiving its share of requests while it is broken; one with `max_fails=0` is never taken out at all. A longer `fail_timeout` keeps a member out for longer, and a shorter one counts failures over a shorter window. Such a difference is usually a leftover from an incident, not a design.',
      example: 'upstream app {\n    server 10.0.0.1:8080;\n    server 10.0.0.2:8080;\n    server 10.0.0.3:8080 max_fails=5;\n}',
      fix: 'Give every primary member of the pool the same `max_fails` and `fail_timeout` (the ones the message names), or write the intended value on each member so the difference is visible.',
      references: [
        'https://nginx.org/en/docs/http/ngx_http_upstream_module.html#max_fails',
        'https://nginx.org/en/docs/http/ngx_http_upstream_module.html#fail_timeout',
      ],
    },
  },
  check(context) {
    for (const pool of context.model.pools) {
      if (pool.kind !== 'members') continue;
      const members = comparedMembers(pool.members);
      if (!members) continue;
      // A list is made only for a pool that is reported (most pools' limits differ on neither).
      const maxFails = unevenLimit(members, 'max_fails');
      const failTimeout = unevenLimit(members, 'fail_timeout');
      if (!maxFails && !failTimeout) continue;
      const uneven = maxFails && failTimeout ? [maxFails, failTimeout] : [(maxFails ?? failTimeout)!];
      // The finding sits on the first odd member of the first limit; its words are made only when
      // the finding is read (the cap lists 100 of the thousands a generated file can have).
      const { firstOdd } = uneven[0]!;
      const loc = writtenAt(firstOdd, uneven[0]!.limit) ?? firstOdd.addressLoc;
      context.report(
        deferredReport(loc, { related: true }, () => {
          const found = uneven.map(wordsOf);
          const related = found.flatMap((f) => f.related);
          return {
            message: `Members of upstream ${pool.name} are taken out of rotation under different limits: ${found.map((f) => f.clause).join('; ')}. Give them the limits of the others.`,
            related: related.slice(1),
          };
        }),
      );
    }
  },
});

/**
 * The primary members that are not down, when there are two or more and their limits differ;
 * else undefined. Members with the same limits share one limits object (upstream-server.ts), so
 * most pools are answered by one pass that makes no list.
 */
function comparedMembers(all: readonly Member[]): Member[] | undefined {
  let count = 0;
  let firstLimits: MemberLimits | undefined;
  let differ = false;
  for (const m of all) {
    if (m.state === 'down' || m.role !== 'primary') continue;
    if (count++ === 0) firstLimits = m.limits;
    else if (m.limits !== firstLimits) differ = true;
  }
  if (count < 2 || !differ) return undefined;
  return all.filter((m) => m.state !== 'down' && m.role === 'primary');
}

/** Whether two members write one limit alike (both leave it to the default, or write the same text). */
const writtenAlike = (a: Member, b: Member, limit: Limit): boolean =>
  limit === 'max_fails' ? a.limits.maxFails === b.limits.maxFails : a.limits.failTimeout === b.limits.failTimeout;
const value = (m: Member, limit: Limit): number => (limit === 'max_fails' ? (m.limits.maxFails ?? 1) : nginxSeconds(m.limits.failTimeout ?? '10s'));
const written = (m: Member, limit: Limit): string => (limit === 'max_fails' ? String(m.limits.maxFails ?? 1) : (m.limits.failTimeout ?? '10s'));
const harmful = (v: number, limit: Limit): boolean => (limit === 'max_fails' ? v === 0 : v > HARMFUL_FAIL_TIMEOUT);

/**
 * How the members differ on one limit: the value the others are measured against and the first
 * member without it. Which members are odd, and their values, are read again only when the words
 * are made (`oddOf`): most findings are past the cap and never listed.
 */
interface UnevenLimit {
  readonly limit: Limit;
  readonly members: readonly Member[];
  readonly usual: number;
  /** The first member whose value is not the usual one. */
  readonly firstOdd: Member;
}

/** The members with another value than the usual one, and the first member with it. */
interface OddMembers {
  /** The first member with the usual value. */
  readonly reference: Member;
  /** The members with another value, in order, and their distinct values in order of appearance. */
  readonly odd: readonly Member[];
  readonly oddValues: readonly number[];
}

/**
 * Each member's value of the limit, and the distinct values in order of first appearance with
 * their counts, for the pool being read: one set of arrays for every pool (grown when a pool is
 * larger), as the rule runs for most pools of a large file and three small lists per limit and
 * pool were most of what it allocated (about 12 MB of a ring-heavy 10 MB file's analysis).
 * Only indexes below the pool's member count are read, each after it is written.
 */
let values = new Float64Array(16);
let distinct = new Float64Array(16);
let counts = new Int32Array(16);

/**
 * How the members differ on one limit, when they do not all share its value. Each member's value
 * is read once; the distinct values are kept in order of first appearance with their counts (a
 * pool has a handful of members, so lists are cheaper than a map; `===` as `indexOf` compares).
 * Plain loops without closures: the function runs for most pools of a large file, and the
 * optimising compiler's work on it grew with every callback and builtin it inlined (it was among
 * the costliest functions to compile in a cold check).
 */
function unevenLimit(members: readonly Member[], limit: Limit): UnevenLimit | undefined {
  // A member that writes the limit as the first member does has its value: times are read only
  // when some text differs (`10s` against `10`, or another time).
  let alike = true;
  for (let i = 1; i < members.length && alike; i++) alike = writtenAlike(members[0]!, members[i]!, limit);
  if (alike) return undefined;
  const count = members.length;
  if (values.length < count) {
    values = new Float64Array(count);
    distinct = new Float64Array(count);
    counts = new Int32Array(count);
  }
  let distinctCount = 0;
  for (let i = 0; i < count; i++) {
    const v = value(members[i]!, limit);
    values[i] = v;
    let at = 0;
    while (at < distinctCount && distinct[at] !== v) at++;
    if (at < distinctCount) counts[at]!++;
    else {
      distinct[distinctCount] = v;
      counts[distinctCount++] = 1;
    }
  }
  if (distinctCount < 2) return undefined;
  // The value to measure against: the most common one that does no harm (on a tie, the first
  // member's), so a harmful value is never the one the others are told to copy.
  let anyHarmless = false;
  for (let d = 0; d < distinctCount; d++) if (!harmful(distinct[d]!, limit)) anyHarmless = true;
  let usual = -1;
  for (let d = 0; d < distinctCount; d++) {
    if (anyHarmless && harmful(distinct[d]!, limit)) continue;
    // The first member's value comes first among the distinct ones, so it wins a tie.
    if (usual < 0 || counts[d]! > counts[usual]!) usual = d;
  }
  const usualValue = distinct[usual]!;
  let firstOdd = 0;
  while (values[firstOdd] === usualValue) firstOdd++;
  return { limit, members, usual: usualValue, firstOdd: members[firstOdd]! };
}

/** The odd members of an uneven limit, read again from the members (for its words). */
function oddOf({ limit, members, usual }: UnevenLimit): OddMembers {
  const odd: Member[] = [];
  const oddValues: number[] = [];
  let reference: Member | undefined;
  for (let i = 0; i < members.length; i++) {
    const v = value(members[i]!, limit);
    if (v === usual) {
      reference ??= members[i];
      continue;
    }
    odd.push(members[i]!);
    if (oddValues.indexOf(v) < 0) oddValues.push(v);
  }
  return { reference: reference!, odd, oddValues };
}

/** The clause and related locations that say how the members differ on one limit. */
function wordsOf(uneven: UnevenLimit): { clause: string; related: Related[] } {
  const { limit, members, usual } = uneven;
  const { reference, odd, oddValues } = oddOf(uneven);
  const others = members.length - odd.length;
  const describe = (m: Member) => `${written(m, limit)}${isWritten(m, limit) ? '' : ' (the default)'}`;
  const subject = odd.length === 1 ? `${odd[0]!.address} has` : odd.length <= 3 ? `${odd.map((m) => m.address).join(' and ')} have` : `${odd.length} members have`;
  const own = oddValues.length === 1 ? `${limit}=${describe(odd[0]!)}` : `other ${limit} values (${[...new Set(odd.map((m) => written(m, limit)))].join(', ')})`;
  const peers = others === 1 ? `${reference.address} uses` : `the other ${others} use`;
  const clause = `${subject} ${own} where ${peers} ${describe(reference)}, so ${oddValues.length === 1 ? effect(limit, oddValues[0]!, usual, odd.length) : 'they fail on other terms than the rest'}`;
  return {
    clause,
    related: odd.map((m) => ({ loc: writtenAt(m, limit) ?? m.addressLoc, message: `${m.address}: ${limit}=${describe(m)}` })),
  };
}

/**
 * Whether the member's line writes the limit. An nginx member's limits hold exactly the values
 * its line writes, so this is read without making the member's parameter list.
 */
function isWritten(m: Member, limit: Limit): boolean {
  return (limit === 'max_fails' ? m.limits.maxFails : m.limits.failTimeout) !== undefined;
}

/** Where the member's line first writes the limit; the parameter list is made only when it does. */
function writtenAt(m: Member, limit: Limit): Loc | undefined {
  if (!isWritten(m, limit)) return undefined;
  for (const param of m.params) if (param.name === limit) return param.loc;
  return undefined;
}

function effect(limit: Limit, own: number, usual: number, count: number): string {
  const it = count === 1 ? 'it' : 'they';
  const verb = (singular: string, pluralForm: string) => (count === 1 ? singular : pluralForm);
  if (limit === 'max_fails') {
    if (own === 0) return `${it} ${verb('is', 'are')} never taken out of rotation, however often ${it} fail${verb('s', '')}`;
    if (usual === 0) return `${it} ${verb('is', 'are')} taken out after ${own} failed attempt${own === 1 ? '' : 's'}, the others never are`;
    return own > usual
      ? `${it} keep${verb('s', '')} receiving requests through ${own} failures where the others are taken out after ${usual}`
      : `${it} ${verb('is', 'are')} taken out after ${own} failure${own === 1 ? '' : 's'} where the others take ${usual}`;
  }
  return `a failure takes ${count === 1 ? 'it' : 'them'} out for ${durationText(own)} where the others are out for ${durationText(usual)}, and failures are counted over that window`;
}

export default rule;
