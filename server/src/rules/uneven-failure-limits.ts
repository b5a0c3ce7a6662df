import type { Member, Pool } from '../core/model';
import { defineRule, type RuleContext } from '../core/rule';

const rule = defineRule({
  meta: {
    id: 'uneven-failure-limits',
    title: 'Members of one pool are taken out of rotation under different failure limits',
    severity: 'info',
    dialects: ['nginx'],
    fixable: 'none',
    options: {},
    docs: {
      whatItDoes:
        'Compares the effective `max_fails` (default 1) and `fail_timeout` (default 10s) of the members of each pool that are not `down`, and reports each member whose value differs from what most members use, with both values. Times are compared by duration, so `fail_timeout=10` equals the default `10s`.',
      whyItMatters:
        'Interchangeable members should fail the same way. A member with a higher `max_fails` stays in rotation through more failures and keeps receiving its share of requests while it is broken; one with `max_fails=0` is never taken out at all. A longer `fail_timeout` keeps a member out for longer, and a shorter one counts failures over a shorter window. Such a difference is usually a leftover from an incident, not a design.',
      example: 'upstream app {\n    server 10.0.0.1:8080;\n    server 10.0.0.2:8080;\n    server 10.0.0.3:8080 max_fails=5;\n}',
      fix: 'Give every member of the pool the same `max_fails` and `fail_timeout`, or write the intended value on each member so the difference is visible.',
      references: [
        'https://nginx.org/en/docs/http/ngx_http_upstream_module.html#max_fails',
        'https://nginx.org/en/docs/http/ngx_http_upstream_module.html#fail_timeout',
      ],
    },
  },
  check(context) {
    for (const pool of context.model.pools) {
      if (pool.kind !== 'members') continue;
      const members = pool.members.filter((m) => m.state !== 'down');
      if (members.length < 2) continue;
      compare(context, pool, members, 'max_fails', (m) => m.limits.maxFails ?? 1, (m) => String(m.limits.maxFails ?? 1));
      compare(context, pool, members, 'fail_timeout', (m) => seconds(m.limits.failTimeout ?? '10s'), (m) => m.limits.failTimeout ?? '10s');
    }
  },
});

function compare(
  context: RuleContext,
  pool: Pool,
  members: readonly Member[],
  name: 'max_fails' | 'fail_timeout',
  value: (m: Member) => number,
  written: (m: Member) => string,
): void {
  const counts = new Map<number, number>();
  for (const m of members) counts.set(value(m), (counts.get(value(m)) ?? 0) + 1);
  if (counts.size < 2) return;
  // The value most members use; on a tie, the one the first member uses.
  let usual = value(members[0]!);
  for (const [v, n] of counts) if (n > counts.get(usual)!) usual = v;
  const reference = members.find((m) => value(m) === usual)!;
  const others = counts.get(usual)!;
  const usualText = `${written(reference)}${explicit(reference, name) ? '' : ' (the default)'}`;
  for (const member of members) {
    if (value(member) === usual) continue;
    const param = member.params.find((p) => p.name === name);
    const own = `${name}=${written(member)}${param ? '' : ' (the default)'}`;
    const peers = others === 1 ? `${reference.address} uses` : `${others} other members use`;
    context.report({
      message: `${member.address} has ${own} while ${peers} ${usualText} in upstream ${pool.name}: ${effect(name, value(member), usual)}. Use the same limits on every member.`,
      loc: param?.loc ?? member.addressLoc,
      related: [{ loc: reference.loc, message: `${reference.address} has ${name}=${written(reference)}` }],
    });
  }
}

function effect(name: 'max_fails' | 'fail_timeout', own: number, usual: number): string {
  if (name === 'max_fails') {
    if (own === 0) return 'it is never taken out of rotation, however often it fails';
    if (usual === 0) return `it is taken out after ${own} failed attempt${own === 1 ? '' : 's'}, the others never are`;
    return own > usual
      ? `it keeps receiving requests through ${own} failures where the others are taken out after ${usual}`
      : `it is taken out after ${own} failure${own === 1 ? '' : 's'} where the others take ${usual}`;
  }
  return `a failure takes it out for ${duration(own)} where the others are out for ${duration(usual)}, and failures are counted over that window`;
}

function explicit(member: Member, name: string): boolean {
  return member.params.some((p) => p.name === name);
}

const UNIT_SECONDS: Record<string, number> = { ms: 0.001, s: 1, m: 60, h: 3600, d: 86400, w: 604800, M: 2592000, y: 31536000 };

/** nginx time syntax (`10s`, `1m30s`, `500ms`, plain seconds) in seconds. */
/** Parsed durations by text: a large config repeats the same few values thousands of times. */
const parsedSeconds = new Map<string, number>();

function seconds(text: string): number {
  let total = parsedSeconds.get(text);
  if (total === undefined) {
    total = 0;
    for (const [, n, unit] of text.matchAll(/(\d+)(ms|s|m|h|d|w|M|y)?/g)) total += Number(n) * UNIT_SECONDS[unit ?? 's']!;
    if (parsedSeconds.size < 1024) parsedSeconds.set(text, total);
  }
  return total;
}

function duration(s: number): string {
  if (s >= 60 && s % 60 === 0) return `${s / 60}m`;
  return `${Number(s.toFixed(3))}s`;
}

export default rule;
