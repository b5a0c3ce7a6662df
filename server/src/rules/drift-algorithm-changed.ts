import { defineRule } from '../core/rule';
import { methodText, poolLabel, sameMethod } from '../drift/describe';
import { driftFixes, methodEdits } from '../drift/revert';
import { driftView, since } from '../drift/view';

const rule = defineRule({
  meta: {
    id: 'drift-algorithm-changed',
    title: "A pool's balancing method changed since the stable revision",
    severity: 'warning',
    dialects: 'all',
    fixable: 'unsafe',
    needsStable: true,
    options: {},
    docs: {
      whatItDoes:
        "Compares each pool's balancing method with the stable revision's, as written: the algorithm (`round-robin` when none is written), its hash key and options such as `consistent`, or a split_clients key. Formatting and comments do not count.",
      whyItMatters:
        'Changing the method changes which member every request goes to. Moving from round-robin to a hash makes traffic as uneven as the keys are; changing the hash key or adding `consistent` sends most keys to a different member at once, which empties caches and breaks sessions that live on one member.',
      stableExample: 'upstream cache {\n    server 10.0.0.1:80;\n    server 10.0.0.2:80;\n}',
      example: 'upstream cache {\n    hash $request_uri;\n    server 10.0.0.1:80;\n    server 10.0.0.2:80;\n}',
      fix: '"Revert to stable value" puts the stable algorithm directive back (or removes the new one, or the new key); "Revert pool to stable" restores the whole block. Both move traffic and are unsafe. Change methods at a quiet time, and mark the new revision as stable afterwards.',
      references: ['https://nginx.org/en/docs/http/ngx_http_upstream_module.html#hash', 'https://nginx.org/en/docs/http/load_balancing.html'],
    },
  },
  check(context) {
    const view = driftView(context);
    if (!view) return;
    for (const pair of view.pairs) {
      const { current: now, stable: then } = pair;
      if (!now || !then || sameMethod(then, now)) continue;
      context.report({
        message: `${poolLabel(now)}: ${methodText(then)} -> ${methodText(now)} ${since(view)}`,
        loc: (now.kind === 'split' ? now.hash?.keyLoc : now.algorithmLoc) ?? now.nameLoc,
        fixes: driftFixes(view, pair, methodEdits(view, now, then)),
      });
    }
  },
});

export default rule;
