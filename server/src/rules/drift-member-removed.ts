import { percent, trafficUnit } from '../core/format';
import { defineRule } from '../core/rule';
import { poolLabel } from '../drift/describe';
import { driftFixes, RESTORE_REMOVED_MEMBER, insertMembersEdits } from '../drift/revert';
import { driftView, since } from '../drift/view';
import { reportRemovedSubsets } from './kubernetes/drift-subsets';

const rule = defineRule({
  meta: {
    id: 'drift-member-removed',
    title: 'A member was removed from a pool since the stable revision',
    severity: 'info',
    dialects: 'all',
    fixable: 'unsafe',
    needsStable: true,
    options: {},
    docs: {
      whatItDoes:
        'Matches the members of each pool with those at the stable revision by the backend their address names, never by line, and reports each stable member that is gone, with the share of traffic it had. The finding sits on the pool\'s name, since the member\'s line no longer exists. For Istio it also reports a route destination whose subset its DestinationRule (in any file of the repository, read at the stable revision) defined then and no longer does: the route\'s own text is unchanged, but every request sent there now fails with 503.',
      whyItMatters:
        'The traffic of a removed backend lands on the others at once: with three equal members, each survivor goes from 33% to 50%, a 50% increase in load. A removal is sometimes meant (a decommissioned host) and sometimes a merge accident; either way the survivors must be able to carry it.',
      stableExample: 'upstream backend {\n    server 10.0.0.1:80;\n    server 10.0.0.2:80;\n    server 10.0.0.3:80;\n}',
      example: 'upstream backend {\n    server 10.0.0.1:80;\n    server 10.0.0.3:80;\n}',
      fix: '"Restore member removed since stable" puts the stable line back after the member that preceded it there (or first in the block), with its indentation; "Revert pool to stable" restores the whole block. Both are unsafe, as they move traffic.',
      references: ['https://nginx.org/en/docs/http/ngx_http_upstream_module.html#server'],
    },
  },
  check(context) {
    const view = driftView(context);
    if (!view) return;
    for (const pair of view.pairs) {
      const { current: pool, stable } = pair;
      if (!pool || !stable) continue;
      for (const m of pair.members) {
        if (m.current || !m.stable) continue;
        const share = view.stable.shares(stable).members[m.stableIndex!]?.share ?? 0;
        context.report({
          message: `${m.stable.address} was removed from ${poolLabel(pool)} ${since(view)}; it got ${percent(share)} of ${trafficUnit(stable.algorithm)} there`,
          loc: pool.nameLoc,
          fixes: driftFixes(view, pair, insertMembersEdits(view, pair, [m.stableIndex!]), RESTORE_REMOVED_MEMBER),
        });
      }
    }
    // An Istio route's subset removed from its DestinationRule (often in another file) since stable.
    reportRemovedSubsets(context, view);
  },
});

export default rule;
