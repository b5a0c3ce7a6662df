import { durationText, nginxSeconds } from '../core/duration';
import type { Related } from '../core/finding';
import type { Member } from '../core/model';
import { defineRule } from '../core/rule';

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
      const members = pool.members.filter((m) => m.state !== 'down' && m.role === 'primary');
      if (members.length < 2) continue;
      // Members with the same limits share one limits object (upstream-server.ts): nothing to compare.
      if (members.every((m) => m.limits === members[0]!.limits)) continue;
      const clauses: string[] = [];
      const related: Related[] = [];
      for (const limit of ['max_fails', 'fail_timeout'] as const) {
        const found = compare(members, limit);
        if (!found) continue;
        clauses.push(found.clause);
        related.push(...found.related);
      }
      if (clauses.length === 0) continue;
      const [first, ...rest] = related;
      context.report({
        message: `Members of upstream ${pool.name} are taken out of rotation under different limits: ${clauses.join('; ')}. Give them the limits of the others.`,
        loc: first!.loc,
        related: rest,
      });
    }
  },
});

const value = (m: Member, limit: Limit): number => (limit === 'max_fails' ? (m.limits.maxFails ?? 1) : nginxSeconds(m.limits.failTimeout ?? '10s'));
const written = (m: Member, limit: Limit): string => (limit === 'max_fails' ? String(m.limits.maxFails ?? 1) : (m.limits.failTimeout ?? '10s'));
const harmful = (v: number, limit: Limit): boolean => (limit === 'max_fails' ? v === 0 : v > HARMFUL_FAIL_TIMEOUT);

function compare(members: readonly Member[], limit: Limit): { clause: string; related: Related[] } | undefined {
  const first = value(members[0]!, limit);
  if (members.every((m) => value(m, limit) === first)) return undefined;
  const counts = new Map<number, number>();
  for (const m of members) {
    const v = value(m, limit);
    counts.set(v, (counts.get(v) ?? 0) + 1);
  }
  // The value to measure against: the most common one that does no harm (on a tie, the first
  // member's), so a harmful value is never the one the others are told to copy.
  const candidates = [...counts.keys()].filter((v) => !harmful(v, limit));
  const pickFrom = candidates.length > 0 ? candidates : [...counts.keys()];
  let usual = pickFrom.includes(value(members[0]!, limit)) ? value(members[0]!, limit) : pickFrom[0]!;
  for (const v of pickFrom) if (counts.get(v)! > counts.get(usual)!) usual = v;
  const reference = members.find((m) => value(m, limit) === usual)!;
  const odd = members.filter((m) => value(m, limit) !== usual);
  const others = members.length - odd.length;
  const param = (m: Member) => m.params.find((p) => p.name === limit);
  const describe = (m: Member) => `${written(m, limit)}${param(m) ? '' : ' (the default)'}`;
  const oddValues = new Set(odd.map((m) => value(m, limit)));
  const subject = odd.length === 1 ? `${odd[0]!.address} has` : odd.length <= 3 ? `${odd.map((m) => m.address).join(' and ')} have` : `${odd.length} members have`;
  const own = oddValues.size === 1 ? `${limit}=${describe(odd[0]!)}` : `other ${limit} values (${[...new Set(odd.map((m) => written(m, limit)))].join(', ')})`;
  const peers = others === 1 ? `${reference.address} uses` : `the other ${others} use`;
  const clause = `${subject} ${own} where ${peers} ${describe(reference)}, so ${oddValues.size === 1 ? effect(limit, value(odd[0]!, limit), usual, odd.length) : 'they fail on other terms than the rest'}`;
  return {
    clause,
    related: odd.map((m) => ({ loc: param(m)?.loc ?? m.addressLoc, message: `${m.address}: ${limit}=${describe(m)}` })),
  };
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
