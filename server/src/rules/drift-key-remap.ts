import { percent } from '../core/format';
import { defineRule, numberOption } from '../core/rule';
import { listChanges, memberChanges, methodText, poolLabel, sameMethod } from '../drift/describe';
import { driftFixes, memberListEdits, methodEdits } from '../drift/revert';
import { driftView, since } from '../drift/view';
import { keyRemap } from '../traffic';
import { haproxyHashSwitchRemap } from './haproxy/hashing';

const rule = defineRule({
  meta: {
    id: 'drift-key-remap',
    title: 'A change to a hashing pool sends keys to different members than at the stable revision',
    severity: 'warning',
    dialects: 'all',
    fixable: 'unsafe',
    needsStable: true,
    options: {
      threshold: {
        type: 'number',
        default: 10,
        minimum: 0,
        description: 'Remapping at least this percentage of keys (or client networks) is a warning; any smaller remap is info.',
      },
    },
    docs: {
      whatItDoes:
        "For pools that hash a key (`hash`, `hash ... consistent`, `ip_hash`, `split_clients`), computes exactly which fraction of the key space goes to a different backend than at the stable revision, members identified by address: over nginx's 32768 hash values for `hash`, over the 2^32 ring for `consistent`, over all 2^24 IPv4 /24 networks for `ip_hash`, over the MurmurHash2 space for `split_clients`. Keys that `hash` must rehash past a down member depend on the key's length; the rule then averages over typical lengths and says \"about\".",
      whyItMatters:
        'Hashing keeps a key on the member that has its data: a cache entry, a session, a shard. A change that looks small remaps far more than its size suggests with map-based `hash`: adding a fourth member moves 75% of keys, not 25%, so a cache tier loses most of its hits at once and its origin takes the load.',
      stableExample: 'upstream cache {\n    hash $request_uri;\n    server 10.0.0.1:80;\n    server 10.0.0.2:80;\n    server 10.0.0.3:80;\n}',
      example: 'upstream cache {\n    hash $request_uri;\n    server 10.0.0.1:80;\n    server 10.0.0.2:80;\n    server 10.0.0.3:80;\n    server 10.0.0.5:80;\n}',
      fix: 'Prefer `hash $key consistent`, which moves only the keys a new member takes. "Revert to stable value" undoes the member changes (and a switch between `hash` and `hash ... consistent`); "Revert pool to stable" restores the whole block. Both are unsafe: they remap the keys back.',
      references: ['https://nginx.org/en/docs/http/ngx_http_upstream_module.html#hash', 'https://nginx.org/en/docs/http/ngx_http_split_clients_module.html'],
    },
  },
  check(context) {
    const view = driftView(context);
    if (!view) return;
    const threshold = numberOption(context, rule.meta, 'threshold');
    for (const pair of view.pairs) {
      const { current: now, stable: then } = pair;
      if (!now || !then) continue;
      const remap = keyRemap(then, now) ?? haproxyHashSwitchRemap(context, then, now);
      if (!remap || remap.fraction <= 1e-12) continue;
      const changes = memberChanges(pair);
      const method = sameMethod(then, now) ? [] : [`${methodText(then)} -> ${methodText(now)}`];
      const what = listChanges([...method, ...changes]);
      const edits = [...(method.length > 0 ? methodEdits(view, now, then) : []), ...memberListEdits(view, pair)];
      context.report({
        message: `${poolLabel(now)}: this change remaps ${remap.exact ? '' : 'about '}${percent(remap.fraction)} of ${remap.unit} ${since(view)}${what ? ` (${what})` : ''}`,
        loc: (now.kind === 'split' ? now.hash?.keyLoc : now.algorithmLoc) ?? now.nameLoc,
        severity: remap.fraction * 100 >= threshold ? 'warning' : 'info',
        fixes: driftFixes(view, pair, edits),
      });
    }
  },
});

export default rule;
