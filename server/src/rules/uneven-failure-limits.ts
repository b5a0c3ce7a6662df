import { durationText, nginxSeconds } from '../core/duration';
import type { Related } from '../core/finding';
import type { Member, MemberLimits, Pool } from '../core/model';
import { ReportOnRead, type ReportWords } from '../core/deferred-report';
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
      const members = pool.members;
      if (!limitsDiffer(members)) continue;
      // Each limit is compared over the members in place; a report keeps the usual values and
      // finds the odd members again when its words are read (the cap lists 100 of the thousands
      // a generated file can have).
      const oddMaxFails = unevenLimit(members, 'max_fails');
      const usualMaxFails = usual;
      const oddFailTimeout = unevenLimit(members, 'fail_timeout');
      if (oddMaxFails < 0 && oddFailTimeout < 0) continue;
      // The finding sits on the first odd member of the first uneven limit.
      const limit: Limit = oddMaxFails >= 0 ? 'max_fails' : 'fail_timeout';
      const firstOdd = members[oddMaxFails >= 0 ? oddMaxFails : oddFailTimeout]!;
      const loc = writtenAt(firstOdd, limit) ?? firstOdd.addressLoc;
      context.report(new UnevenReport(loc, pool, oddMaxFails >= 0 ? usualMaxFails : undefined, oddFailTimeout >= 0 ? usual : undefined));
    }
  },
});

/** Which optional fields the rule's findings have. */
const SHAPE = { related: true } as const;

/**
 * A pool's finding, its words made when read: the pool and the usual value of each uneven limit
 * are all they need (one object per report; a closure, the list of compared members and an object
 * per limit were most of what the rule allocated on a ring-heavy file, where it reports 6,819 of
 * 7,401 upstreams).
 */
class UnevenReport extends ReportOnRead {
  constructor(
    loc: Loc,
    private readonly pool: Pool,
    private readonly usualMaxFails: number | undefined,
    private readonly usualFailTimeout: number | undefined,
  ) {
    super(loc, SHAPE, undefined);
  }

  protected makeWords(): ReportWords {
    const { pool, usualMaxFails, usualFailTimeout } = this;
    const members = pool.members.filter(compared);
    const uneven: UnevenLimit[] = [];
    if (usualMaxFails !== undefined) uneven.push({ limit: 'max_fails', members, usual: usualMaxFails });
    if (usualFailTimeout !== undefined) uneven.push({ limit: 'fail_timeout', members, usual: usualFailTimeout });
    const found = uneven.map(wordsOf);
    const related = found.flatMap((f) => f.related);
    return {
      message: `Members of upstream ${pool.name} are taken out of rotation under different limits: ${found.map((f) => f.clause).join('; ')}. Give them the limits of the others.`,
      related: related.slice(1),
    };
  }
}

/** Whether a member's limits are compared: a primary that is not down. */
const compared = (m: Member): boolean => m.state !== 'down' && m.role === 'primary';

/**
 * Whether two or more members are compared and their limits differ. Members with the same limits
 * share one limits object (upstream-server.ts), so most pools are answered by one pass.
 */
function limitsDiffer(all: readonly Member[]): boolean {
  let count = 0;
  let firstLimits: MemberLimits | undefined;
  let differ = false;
  for (let i = 0; i < all.length; i++) {
    const m = all[i]!;
    if (!compared(m)) continue;
    if (count++ === 0) firstLimits = m.limits;
    else if (m.limits !== firstLimits) differ = true;
  }
  return count >= 2 && differ;
}

/** Whether two members write one limit alike (both leave it to the default, or write the same text). */
const writtenAlike = (a: Member, b: Member, limit: Limit): boolean =>
  limit === 'max_fails' ? a.limits.maxFails === b.limits.maxFails : a.limits.failTimeout === b.limits.failTimeout;
const value = (m: Member, limit: Limit): number => (limit === 'max_fails' ? (m.limits.maxFails ?? 1) : nginxSeconds(m.limits.failTimeout ?? '10s'));
const written = (m: Member, limit: Limit): string => (limit === 'max_fails' ? String(m.limits.maxFails ?? 1) : (m.limits.failTimeout ?? '10s'));
const harmful = (v: number, limit: Limit): boolean => (limit === 'max_fails' ? v === 0 : v > HARMFUL_FAIL_TIMEOUT);

/**
 * How the compared members differ on one limit: the value the others are measured against. Which
 * members are odd, and their values, are read again only when the words are made (`oddOf`).
 */
interface UnevenLimit {
  readonly limit: Limit;
  readonly members: readonly Member[];
  readonly usual: number;
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
 * Each compared member's value of the limit, and the distinct values in order of first appearance
 * with their counts, for the pool being read: one set of arrays for every pool (grown when a pool
 * is larger), as the rule runs for most pools of a large file and three small lists per limit and
 * pool were most of what it allocated (about 12 MB of a ring-heavy 10 MB file's analysis).
 * Only indexes below the pool's compared count are read, each after it is written.
 */
let values = new Float64Array(16);
let distinct = new Float64Array(16);
let counts = new Int32Array(16);
/** The usual value `unevenLimit` found last (read right after it returns). */
let usual = 0;

/**
 * The index in `members` of the first compared member whose value of the limit is not the usual
 * one (left in `usual`), or -1 when the compared members all share its value. Each member's value
 * is read once; the distinct values are kept in order of first appearance with their counts (a
 * pool has a handful of members, so lists are cheaper than a map; `===` as `indexOf` compares).
 * Plain loops without closures or lists: the function runs for most pools of a large file.
 */
function unevenLimit(members: readonly Member[], limit: Limit): number {
  // A member that writes the limit as the first compared member does has its value: times are
  // read only when some text differs (`10s` against `10`, or another time).
  let first: Member | undefined;
  let alike = true;
  for (let i = 0; i < members.length && alike; i++) {
    const m = members[i]!;
    if (!compared(m)) continue;
    if (first === undefined) first = m;
    else alike = writtenAlike(first, m, limit);
  }
  if (alike) return -1;
  if (values.length < members.length) {
    values = new Float64Array(members.length);
    distinct = new Float64Array(members.length);
    counts = new Int32Array(members.length);
  }
  let count = 0;
  let distinctCount = 0;
  for (let i = 0; i < members.length; i++) {
    const m = members[i]!;
    if (!compared(m)) continue;
    const v = value(m, limit);
    values[count++] = v;
    let at = 0;
    while (at < distinctCount && distinct[at] !== v) at++;
    if (at < distinctCount) counts[at]!++;
    else {
      distinct[distinctCount] = v;
      counts[distinctCount++] = 1;
    }
  }
  if (distinctCount < 2) return -1;
  // The value to measure against: the most common one that does no harm (on a tie, the first
  // member's), so a harmful value is never the one the others are told to copy.
  let anyHarmless = false;
  for (let d = 0; d < distinctCount; d++) if (!harmful(distinct[d]!, limit)) anyHarmless = true;
  let chosen = -1;
  for (let d = 0; d < distinctCount; d++) {
    if (anyHarmless && harmful(distinct[d]!, limit)) continue;
    // The first member's value comes first among the distinct ones, so it wins a tie.
    if (chosen < 0 || counts[d]! > counts[chosen]!) chosen = d;
  }
  usual = distinct[chosen]!;
  // The first compared member without the usual value, as an index in `members`.
  let k = 0;
  for (let i = 0; i < members.length; i++) {
    if (!compared(members[i]!)) continue;
    if (values[k++] !== usual) return i;
  }
  return -1;
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
