import { percent, trafficUnit } from '../core/format';
import type { FixIntent } from '../core/fix';
import { activeMembers, isActive, type Member } from '../core/model';
import { checkKubernetesHealth } from './kubernetes/health';
import { defineRule } from '../core/rule';
import { checkNoHealthCheckHaproxy } from './haproxy/membership';

const rule = defineRule({
  meta: {
    id: 'no-health-check',
    scope: 'pool',
    title: 'No health check takes a failed member out of the pool',
    severity: 'warning',
    dialects: ['nginx', 'kubernetes', 'haproxy'],
    fixable: 'safe',
    options: {},
    docs: {
      whatItDoes:
        'Reports a pool with several members that can serve when passive health checks are switched off on every one of them (`max_fails=0`) and nothing probes the members actively (nginx Plus `health_check`). A pool with a single member is left alone: nginx never marks a lone server as failed anyway.',
      whyItMatters:
        'With `max_fails=0` nginx never marks a member as unavailable. When one dies, it keeps receiving its full share of requests; each of them first waits for the connection error or for `proxy_connect_timeout` (60 seconds by default when the host does not answer) before `proxy_next_upstream` retries it on another member, or fails it. One dead member out of three turns a third of all requests into slow requests or errors for as long as it stays dead.',
      example: 'upstream app {\n    server 10.0.0.1:8080 max_fails=0;\n    server 10.0.0.2:8080 max_fails=0;\n}',
      fix: 'Restore passive checks: the safe quick fix sets `max_fails=1`, nginx\'s default (a member that fails once is skipped for `fail_timeout`, 10 seconds by default). Raise it if single failures are expected; with nginx Plus, add an active `health_check` in the location that proxies to the pool.',
      references: [
        'https://nginx.org/en/docs/http/ngx_http_upstream_module.html#max_fails',
        'https://nginx.org/en/docs/http/ngx_http_proxy_module.html#proxy_next_upstream',
        'https://docs.nginx.com/nginx/admin-guide/load-balancer/http-health-check/',
      ],
    },
  },
  check(context) {
    if (context.model.dialect === 'haproxy') return checkNoHealthCheckHaproxy(context);
    checkKubernetesHealth(context);
    for (const pool of context.model.pools) {
      // The members are read first: most pools have a member with passive checks on, which
      // settles it without making the pool's health summary or its list of active members.
      if (pool.kind !== 'members' || !servingUncheckedByTwoOrMore(pool.members) || pool.health.active) continue;
      const serving = activeMembers(pool);
      const off = pool.members.filter((m) => m.limits.maxFails === 0 && m.state === 'up');
      const shares = context.shares(pool).members;
      const largest = Math.max(...serving.map((m) => shares[pool.members.indexOf(m)]?.share ?? 0));
      const fixes: FixIntent[] = off.map((m) => ({ kind: 'set-param', member: m.loc, name: 'max_fails', value: '1' }));
      context.report({
        message:
          `Passive health checks are off on ${serving.length === 2 ? 'both' : `all ${serving.length}`} members of upstream ${pool.name} (max_fails=0) and nothing probes them: ` +
          `a member that dies keeps its share (up to ${percent(largest)} of ${trafficUnit(pool.algorithm)}), and each of those requests waits for an error or timeout before it is retried elsewhere. ` +
          'Restore max_fails=1, the default.',
        loc: pool.nameLoc,
        related: off.flatMap((m) => {
          const param = m.params.find((p) => p.name === 'max_fails');
          return param ? [{ loc: param.loc, message: `${m.address}: passive checks off` }] : [];
        }),
        fixes: [{ title: `Set max_fails=1 on ${fixes.length === 1 ? 'the member' : `the ${fixes.length} members`} of ${pool.name}`, safety: 'safe', intents: fixes }],
      });
    }
  },
});

/** Whether two or more members serve and every one of them has passive checks off (max_fails=0). */
function servingUncheckedByTwoOrMore(members: readonly Member[]): boolean {
  let serving = 0;
  for (const m of members) {
    if (!isActive(m)) continue;
    if (m.limits.maxFails !== 0) return false;
    serving++;
  }
  return serving >= 2;
}

export default rule;
