import { durationText, nginxSeconds } from '../core/duration';
import { percents, trafficUnit } from '../core/format';
import type { Member, Pool } from '../core/model';
import { defineRule, numberOption, type RuleContext } from '../core/rule';
import { withMembersOut } from '../core/what-if';

const rule = defineRule({
  meta: {
    id: 'long-fail-timeout',
    scope: 'pool',
    title: 'A failure takes a member out of rotation for far too long',
    severity: 'warning',
    dialects: ['nginx'],
    fixable: 'none',
    options: {
      thresholdMinutes: {
        type: 'number',
        default: 10,
        minimum: 0,
        description: 'Report a `fail_timeout` longer than this many minutes on a primary member that can be taken out (`max_fails` is not 0).',
      },
    },
    docs: {
      whatItDoes:
        'Reports, once per pool, the primary members whose `fail_timeout` is longer than `thresholdMinutes` (default 10) while passive checks can take them out (`max_fails` is not 0). The message says how long a member stays out after `max_fails` failed attempts, and what the shares become while it is out: the traffic engine predicts the pool with that member out of rotation, and, when every primary has the long timeout, with all of them out, which is when the backups (or nobody) take everything.',
      whyItMatters:
        '`fail_timeout` is both the window in which failures are counted and how long a member stays out of rotation once it reached `max_fails`. With `max_fails=1 fail_timeout=9999m`, one failed request (a timeout during a deploy, a reset connection) takes the server out for almost a week: the remaining members or the backups silently carry its traffic, nothing in the config looks wrong, and capacity is gone until someone reloads nginx.',
      example: 'upstream app {\n    server 10.0.0.1:8080 max_fails=1 fail_timeout=9999m;\n    server 10.0.0.2:8080 max_fails=1 fail_timeout=9999m;\n    server 10.0.0.9:8080 backup;\n}',
      fix: 'Use a `fail_timeout` of seconds (the default is 10s): long enough to stop hammering a broken member, short enough that it comes back by itself. To take a member out for maintenance, mark it `down` instead.',
      references: [
        'https://nginx.org/en/docs/http/ngx_http_upstream_module.html#fail_timeout',
        'https://nginx.org/en/docs/http/ngx_http_upstream_module.html#max_fails',
      ],
    },
  },
  check(context) {
    const threshold = numberOption(context, rule.meta, 'thresholdMinutes') * 60;
    for (const pool of context.model.pools) {
      if (pool.kind !== 'members') continue;
      // Most pools have no long timeout: that is known without making a list (or a closure) per pool.
      if (!someLong(pool.members, threshold)) continue;
      // nginx never takes out the only member of a pool without backups.
      if (servingCount(pool.members) < 2) continue;
      const long = pool.members.filter((m) => isLong(m, threshold));
      report(context, pool, long);
    }
  },
});

/** nginx's `fail_timeout` when a server line gives none. */
const DEFAULT_FAIL_TIMEOUT_SECONDS = 10;

/** How long a failed member stays out, in seconds: its `fail_timeout`, or nginx's default. */
function failSeconds(m: Member): number {
  const written = m.limits.failTimeout;
  return written === undefined ? DEFAULT_FAIL_TIMEOUT_SECONDS : nginxSeconds(written);
}

/** The member's `fail_timeout` as written, or nginx's default said as one (`10s`). */
function failText(m: Member): string {
  return m.limits.failTimeout ?? `${DEFAULT_FAIL_TIMEOUT_SECONDS}s`;
}

function isLong(m: Member, threshold: number): boolean {
  if (!canServe(m) || m.role !== 'primary' || m.limits.maxFails === 0) return false;
  return failSeconds(m) > threshold;
}

function someLong(members: readonly Member[], threshold: number): boolean {
  for (const m of members) if (isLong(m, threshold)) return true;
  return false;
}

function canServe(m: Member): boolean {
  return m.state === 'up' && m.weight > 0;
}

function servingCount(members: readonly Member[]): number {
  let count = 0;
  for (const m of members) if (canServe(m)) count++;
  return count;
}

function report(context: RuleContext, pool: Pool, long: readonly Member[]): void {
  // The member out longest speaks for the pool; the others are related locations.
  // A threshold under nginx's default (10s) also counts members that write no fail_timeout.
  const worst = long.reduce((a, b) => (failSeconds(b) > failSeconds(a) ? b : a));
  const maxFails = worst.limits.maxFails ?? 1;
  const same = long.every((m) => failText(m) === failText(worst));
  const who = long.length === 1 ? `${worst.address} has` : `${long.length} members have`;
  const value = same ? `fail_timeout=${failText(worst)}` : `fail_timeout up to ${failText(worst)}`;
  const failures = maxFails === 1 ? '1 failed request takes' : `${maxFails} failed requests within that time take`;
  const head = `In upstream ${pool.name}, ${who} ${value}: ${failures} ${long.length === 1 ? 'it' : 'a member'} out of rotation for ${durationText(failSeconds(worst))} (max_fails=${maxFails}).`;
  const unit = trafficUnit(pool.algorithm);
  const now = context.shares(pool).members;
  const scenarios = [outcome(context, pool, new Set([worst]), now, `While ${worst.address} is out`, unit)];
  const primaries = pool.members.filter((m) => m.role === 'primary' && m.state === 'up' && m.weight > 0);
  if (primaries.length > 1 && primaries.every((m) => long.includes(m))) {
    scenarios.push(outcome(context, pool, new Set(primaries), now, primaries.length === 2 ? 'Once both primaries are out' : `Once all ${primaries.length} primaries are out`, unit));
  }
  const param = (m: Member) => m.params.find((p) => p.name === 'fail_timeout')?.loc ?? m.loc;
  context.report({
    message: `${head} ${scenarios.join(' ')} Use a fail_timeout of seconds (the default is 10s); mark a member down to take it out on purpose.`,
    loc: param(worst),
    related: long.filter((m) => m !== worst).map((m) => ({ loc: param(m), message: `${m.address}: fail_timeout=${failText(m)}` })),
  });
}

/** One sentence on the shares of the pool with `out` out of rotation, against the shares now. */
function outcome(context: RuleContext, pool: Pool, out: ReadonlySet<Member>, now: readonly { share: number }[], lead: string, unit: string): string {
  const after = context.shares(withMembersOut(pool, out)).members;
  const gaining = pool.members
    .map((member, index) => ({ member, before: now[index]?.share ?? 0, after: after[index]?.share ?? 0 }))
    .filter((m) => m.after > 0)
    .sort((a, b) => b.after - a.after);
  if (gaining.length === 0) return `${lead}, no member can serve and nginx answers 502 to every request.`;
  const shown = gaining.slice(0, 3).map(({ member, before, after: share }) => {
    const [a, b] = percents(share, before);
    return `${member.role === 'backup' ? 'the backup ' : ''}${member.address} gets ${a} of ${unit} (${b} now)`;
  });
  const more = gaining.length > 3 ? `, and ${gaining.length - 3} more share the rest` : '';
  return `${lead}, ${shown.join(', ')}${more}.`;
}

export default rule;
