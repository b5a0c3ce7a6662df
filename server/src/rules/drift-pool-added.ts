import { defineRule } from '../core/rule';
import { methodText, poolLabel } from '../drift/describe';
import { driftFixes, poolRevertEdits } from '../drift/revert';
import { driftView, since } from '../drift/view';

const rule = defineRule({
  meta: {
    id: 'drift-pool-added',
    title: 'A pool was added since the stable revision',
    severity: 'info',
    dialects: 'all',
    fixable: 'unsafe',
    needsStable: true,
    options: {},
    docs: {
      whatItDoes:
        'Matches pools with those at the stable revision by identity (context, kind and name, such as `http:upstream backend`), and reports each pool the stable revision did not have, with its members and balancing method.',
      whyItMatters:
        'A new pool is new routing: once a `proxy_pass` names it, a share of requests goes to backends that have never served production traffic from this balancer. Knowing what is new since the last known good revision is where a review, and an incident, starts.',
      stableExample: 'upstream backend {\n    server 10.0.0.1:80;\n    server 10.0.0.2:80;\n}',
      example: 'upstream backend {\n    server 10.0.0.1:80;\n    server 10.0.0.2:80;\n}\n\nupstream canary {\n    server 10.0.1.1:80;\n}',
      fix: 'Both fixes, "Revert to stable value" and "Revert pool to stable", delete the new block, since the stable revision had none; they are unsafe because they change routing. Mark the new revision as stable once the pool is meant to be there.',
      references: ['https://nginx.org/en/docs/http/ngx_http_upstream_module.html#upstream'],
    },
  },
  check(context) {
    const view = driftView(context);
    if (!view) return;
    for (const pair of view.pairs) {
      const pool = pair.current;
      if (!pool || pair.stable) continue;
      const count = pool.members.length;
      context.report({
        message: `${poolLabel(pool)} was added ${since(view)} (${count} member${count === 1 ? '' : 's'}, ${methodText(pool)})`,
        loc: pool.nameLoc,
        fixes: driftFixes(view, pair, poolRevertEdits(view, pair)),
      });
    }
  },
});

export default rule;
