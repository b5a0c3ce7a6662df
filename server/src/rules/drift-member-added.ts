import { percent, trafficUnit } from '../core/format';
import { defineRule } from '../core/rule';
import { poolLabel } from '../drift/describe';
import { driftFixes, REMOVE_ADDED_MEMBER, removeLinesEdit } from '../drift/revert';
import { driftView, since } from '../drift/view';

const rule = defineRule({
  meta: {
    id: 'drift-member-added',
    title: 'A member was added to a pool since the stable revision',
    severity: 'info',
    dialects: 'all',
    fixable: 'unsafe',
    needsStable: true,
    options: {},
    docs: {
      whatItDoes:
        'Matches the members of each pool with those at the stable revision by the backend their address names (so `10.0.0.2` and `10.0.0.2:80` in an http upstream are one member, and reordered lines are no change) and reports each member the stable revision did not have, with the share of traffic it now receives.',
      whyItMatters:
        'A new backend starts taking traffic at once, cold: empty caches, a connection pool to fill, perhaps a version nobody has load-tested. In a hashing pool it also takes keys away from the others. Seeing the addition next to its share makes it a decision rather than a side effect of a merge.',
      stableExample: 'upstream backend {\n    server 10.0.0.1:80;\n    server 10.0.0.2:80;\n}',
      example: 'upstream backend {\n    server 10.0.0.1:80;\n    server 10.0.0.2:80;\n    server 10.0.0.5:80;\n}',
      fix: '"Remove member added since stable" removes the added line; "Revert pool to stable" restores the whole block as it was. Both move traffic and are offered as unsafe fixes. Mark the new revision as stable once the addition is intended.',
      references: ['https://nginx.org/en/docs/http/ngx_http_upstream_module.html#server'],
    },
  },
  check(context) {
    const view = driftView(context);
    if (!view) return;
    for (const pair of view.pairs) {
      const pool = pair.current;
      if (!pool || !pair.stable) continue;
      for (const m of pair.members) {
        if (m.stable || !m.current) continue;
        const share = context.shares(pool).members[m.currentIndex!]?.share ?? 0;
        context.report({
          message: `${m.current.address} was added to ${poolLabel(pool)} ${since(view)}; it gets ${percent(share)} of ${trafficUnit(pool.algorithm)}`,
          loc: m.current.addressLoc,
          fixes: driftFixes(view, pair, [removeLinesEdit(view, m.current.loc)], REMOVE_ADDED_MEMBER),
        });
      }
    }
  },
});

export default rule;
