import { defineRule } from '../core/rule';
import { poolLabel } from '../drift/describe';
import { removedPoolPlace, removedPoolRange } from '../drift/placement';
import { driftFixes, poolRevertEdits } from '../drift/revert';
import { driftView, since } from '../drift/view';

const rule = defineRule({
  meta: {
    id: 'drift-pool-removed',
    title: 'A pool was removed since the stable revision',
    severity: 'info',
    dialects: 'all',
    fixable: 'unsafe',
    needsStable: true,
    options: {},
    docs: {
      whatItDoes:
        'Matches pools with those at the stable revision by identity and reports each stable pool that is gone. As the pool has no text any more, the finding sits where it used to be: on the closing brace of the pool that preceded it in both revisions, else on the name of the one that followed it, else on the first line.',
      whyItMatters:
        'Whatever still routes to a removed pool goes somewhere else: nginx reads a `proxy_pass` to a missing upstream as a host name, refuses to start when that name does not resolve, and sends the traffic to whatever host it resolves to when it does. A pool removed on purpose should leave no reference behind; one removed by accident takes its traffic with it.',
      stableExample: 'upstream backend {\n    server 10.0.0.1:80;\n}\n\nupstream legacy {\n    server 10.0.9.1:80;\n}',
      example: 'upstream backend {\n    server 10.0.0.1:80;\n}',
      fix: 'Both fixes put the stable block back in its place, with its text exactly as it was; they are unsafe because they change routing. Mark the new revision as stable once the removal is intended.',
      references: ['https://nginx.org/en/docs/http/ngx_http_upstream_module.html#upstream'],
    },
  },
  check(context) {
    const view = driftView(context);
    if (!view) return;
    for (const pair of view.pairs) {
      const pool = pair.stable;
      if (!pool || pair.current) continue;
      const count = pool.members.length;
      context.report({
        message: `${poolLabel(pool)} (${count} member${count === 1 ? '' : 's'}) was removed ${since(view)}`,
        loc: removedPoolRange(view, removedPoolPlace(view, pool)),
        fixes: driftFixes(view, pair, poolRevertEdits(view, pair)),
      });
    }
  },
});

export default rule;
