import type { Member, Pool } from '../core/model';
import { defineRule, type RuleContext } from '../core/rule';
import { poolLabel } from '../drift/describe';
import { checksRemovedHaproxy } from './haproxy/membership';
import type { PoolPair } from '../drift/match';
import { driftFixes, memberListEdits, memberSettingEdits } from '../drift/revert';
import { driftView, since, type DriftView } from '../drift/view';

const rule = defineRule({
  meta: {
    id: 'drift-health-check-removed',
    title: 'Health checking was turned off or removed since the stable revision',
    severity: 'warning',
    dialects: 'all',
    fixable: 'unsafe',
    needsStable: true,
    options: {},
    docs: {
      whatItDoes:
        'Reports a member whose passive health check was on at the stable revision and is off now (nginx `max_fails=0`: failures never take it out of rotation), a pool whose passive checks are off for every member now, and a pool that had active health checks at the stable revision and has none now.',
      whyItMatters:
        'Health checks are what keeps a dead backend from receiving its share of requests. Turning them off is often done to silence flapping during an incident and then forgotten; the next time that backend fails, every request sent to it fails too, for as long as it stays down.',
      stableExample: 'upstream backend {\n    server 10.0.0.1:80 max_fails=3;\n    server 10.0.0.2:80 max_fails=3;\n}',
      example: 'upstream backend {\n    server 10.0.0.1:80 max_fails=0;\n    server 10.0.0.2:80 max_fails=3;\n}',
      fix: '"Revert to stable value" puts the stable `max_fails` back (or removes the `max_fails=0`); "Revert pool to stable" restores the whole block. They are unsafe because a member that fails is then taken out of rotation, which moves traffic.',
      references: ['https://nginx.org/en/docs/http/ngx_http_upstream_module.html#max_fails'],
    },
  },
  check(context) {
    const view = driftView(context);
    if (!view) return;
    for (const pair of view.pairs) {
      const { current: now, stable: then } = pair;
      if (!now || !then) continue;
      const reported = passiveOffMembers(context, view, pair);
      if (then.health.passive && !now.health.passive && reported === 0) {
        context.report({
          message: `${poolLabel(now)}: passive health checks are off for every member now ${since(view)}`,
          loc: now.nameLoc,
          fixes: driftFixes(view, pair, memberListEdits(view, pair)),
        });
      }
      if (then.health.active && !now.health.active) {
        context.report({
          message: `${poolLabel(now)}: active health checks were removed ${since(view)}${now.dialect === 'haproxy' ? checksRemovedHaproxy(pair) : ''}`,
          loc: now.nameLoc,
          fixes: driftFixes(view, pair, []),
        });
      }
    }
  },
});

/** The passive failure limit as the balancer applies it: nginx's `max_fails` defaults to 1. */
const passiveOn = (member: Member): boolean => (member.limits.maxFails ?? 1) !== 0;

/** Reports each serving member whose passive check went off; returns how many. */
function passiveOffMembers(context: RuleContext, view: DriftView, pair: PoolPair): number {
  const now = pair.current!;
  const then = pair.stable!;
  let count = 0;
  for (const m of pair.members) {
    if (!m.current || !m.stable || !passiveOn(m.stable) || passiveOn(m.current) || m.current.state === 'down') continue;
    count++;
    const param = m.current.params.find((p) => p.name === 'max_fails');
    const everyone = then.health.passive && !now.health.passive ? `; no member of ${poolLabel(now)} is taken out of rotation when it fails any more` : '';
    context.report({
      message: `${m.current.address}: passive health check turned off ${since(view)} (max_fails ${m.stable.limits.maxFails ?? 1} -> 0)${everyone}`,
      loc: param?.loc ?? m.current.addressLoc,
      fixes: driftFixes(view, pair, memberSettingEdits(view, pools(pair), { current: m.current, stable: m.stable }, ['health'])),
    });
  }
  return count;
}

const pools = (pair: PoolPair): { current: Pool; stable: Pool } => ({ current: pair.current!, stable: pair.stable! });

export default rule;
