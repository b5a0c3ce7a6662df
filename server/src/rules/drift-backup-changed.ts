import { percents, trafficUnit } from '../core/format';
import { defineRule } from '../core/rule';
import { driftFixes, memberSettingEdits } from '../drift/revert';
import { driftView, since } from '../drift/view';

const rule = defineRule({
  meta: {
    id: 'drift-backup-changed',
    title: 'A member became a backup, or stopped being one, since the stable revision',
    severity: 'info',
    dialects: 'all',
    fixable: 'unsafe',
    needsStable: true,
    options: {},
    docs: {
      whatItDoes:
        'Matches members with the stable revision by address and reports each one whose role changed between primary and backup, with its share of traffic before and after.',
      whyItMatters:
        'A backup receives nothing while any primary can serve, so making a member a backup takes its whole share away from it and spreads it over the primaries; making a backup a primary sends it a full share at once. Both are easy to miss in a diff: one word on a long line.',
      stableExample: 'upstream backend {\n    server 10.0.0.1:80;\n    server 10.0.0.2:80;\n    server 10.0.0.3:80;\n}',
      example: 'upstream backend {\n    server 10.0.0.1:80;\n    server 10.0.0.2:80;\n    server 10.0.0.3:80 backup;\n}',
      fix: '"Revert to stable value" adds or removes the `backup` flag as the stable revision had it; "Revert pool to stable" restores the whole block. Both move traffic and are unsafe.',
      references: ['https://nginx.org/en/docs/http/ngx_http_upstream_module.html#backup'],
    },
  },
  check(context) {
    const view = driftView(context);
    if (!view) return;
    for (const pair of view.pairs) {
      const { current: now, stable: then } = pair;
      if (!now || !then) continue;
      for (const m of pair.members) {
        if (!m.current || !m.stable || m.current.role === m.stable.role) continue;
        const before = view.stable.shares(then).members[m.stableIndex!]?.share ?? 0;
        const after = context.shares(now).members[m.currentIndex!]?.share ?? 0;
        const became = m.current.role === 'backup' ? 'became a backup' : 'is no longer a backup';
        context.report({
          message: `${m.current.address} ${became} ${since(view)}; its share of ${trafficUnit(now.algorithm)} went from ${percents(before, after).join(' to ')}`,
          loc: m.current.params.find((p) => p.name === 'backup')?.loc ?? m.current.addressLoc,
          fixes: driftFixes(view, pair, memberSettingEdits(view, { current: now, stable: then }, { current: m.current, stable: m.stable }, ['role'])),
        });
      }
    }
  },
});

export default rule;
