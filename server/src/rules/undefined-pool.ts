import type { Fix } from '../core/fix';
import type { Pool, Reference } from '../core/model';
import { defineRule } from '../core/rule';
import { editDistance } from '../core/text';

const IP = /^(?:\d{1,3}(?:\.\d{1,3}){3}|\[[0-9a-z:.%]+\](?::\d+)?)$/i;

const rule = defineRule({
  meta: {
    id: 'undefined-pool',
    title: 'A `*_pass` names an upstream that does not exist',
    severity: 'error',
    dialects: ['nginx'],
    fixable: 'unsafe',
    options: {},
    docs: {
      whatItDoes:
        'Reports a `proxy_pass`, `grpc_pass`, `fastcgi_pass`, `uwsgi_pass`, `scgi_pass` or `memcached_pass` whose target is neither an upstream of the same `http` or `stream` block nor an address: names with a dot (`api.internal`), `localhost`, IP literals and targets with a port are left to DNS, targets built from variables are skipped, and so, for now, are targets followed by a URI path (`http://name/`), where lb-drift cannot yet tell a port from a path. It suggests the closest upstream name when one is within two edits, and says so when the upstream exists in the other block (`stream` instead of `http`). It runs only on a whole configuration (a file that nginx loads as its main config) whose includes could all be read, because a fragment or a missing include may hold the upstream.',
      whyItMatters:
        'nginx treats a target that is not an upstream as a host name and resolves it when it starts. A typo in an upstream name therefore does not fail as "unknown upstream": it fails `nginx -t` with "host not found in upstream", or, worse, resolves to some other host of the same name in the search domain and sends the traffic there.',
      example: 'http {\n    upstream backend {\n        server 10.0.0.1:8080;\n        server 10.0.0.2:8080;\n    }\n    server {\n        location / {\n            proxy_pass http://bakend;\n        }\n    }\n}',
      fix: 'Correct the name (the quick fix offers the closest upstream; unsafe, since it decides where traffic goes) or define the upstream. If the target really is a host, write it with its port or full domain name so the intent is visible.',
      references: [
        'https://nginx.org/en/docs/http/ngx_http_proxy_module.html#proxy_pass',
        'https://nginx.org/en/docs/http/ngx_http_upstream_module.html#upstream',
        'https://nginx.org/en/docs/stream/ngx_stream_proxy_module.html#proxy_pass',
      ],
    },
  },
  check(context) {
    const { model } = context;
    if (!model.complete || context.problems.some((p) => p.kind === 'include')) return;
    for (const reference of model.references) {
      if (reference.pool || reference.kind === 'split-target' || !looksLikeUpstreamName(reference)) continue;
      const same = model.pools.filter((p) => p.context === reference.context && p.kind === 'members');
      const elsewhere = model.pools.find((p) => p.context !== reference.context && p.name.toLowerCase() === reference.name.toLowerCase());
      const close = closest(reference.name, same);
      // nginx matches upstream names without regard to case, so `Backend` uses `backend`.
      if (close && close.name.toLowerCase() === reference.name.toLowerCase()) continue;
      const hint = elsewhere
        ? ` upstream ${reference.name} exists in the ${elsewhere.context} block, which ${reference.context} cannot use.`
        : close
          ? ` Did you mean ${close.name}?`
          : ` Define upstream ${reference.name} or correct the name.`;
      const fixes: Fix[] = close
        ? [{ title: `Change to ${close.name} (sends this traffic to that upstream)`, safety: 'unsafe', intents: [{ kind: 'edit', edits: [{ loc: reference.nameLoc, newText: close.name }] }] }]
        : [];
      context.report({
        message:
          `${reference.kind} names ${reference.name}, which is not an upstream of the ${reference.context} block and has no port or dot: nginx looks it up in DNS at start-up ` +
          `and fails with "host not found in upstream" if it does not resolve.${hint}`,
        loc: reference.nameLoc,
        related: elsewhere
          ? [{ loc: elsewhere.nameLoc, message: `upstream ${elsewhere.name} in ${elsewhere.context}` }]
          : close
            ? [{ loc: close.nameLoc, message: `did you mean ${close.name}?` }]
            : [],
        fixes,
      });
    }
  },
});

/**
 * Whether the target reads as an upstream name rather than a host: no variables, no dot, not an
 * IP or localhost, and no port. The model keeps the host without its port, so the port is ruled
 * out from the spans: the host must be written plainly and end the argument (`http://name;`).
 * Targets with a path (`http://name/`) are skipped too; that costs findings, never false ones.
 */
function looksLikeUpstreamName(reference: Reference): boolean {
  const { name, nameLoc, loc } = reference;
  if (name.includes('$') || name.includes('.') || IP.test(name) || name.toLowerCase() === 'localhost') return false;
  const plain = nameLoc.end - nameLoc.start === name.length;
  return plain && nameLoc.file === loc.file && loc.end - 1 === nameLoc.end;
}

function closest(name: string, pools: readonly Pool[]): Pool | undefined {
  let best: Pool | undefined;
  let bestDistance = 3;
  for (const pool of pools) {
    const d = editDistance(name.toLowerCase(), pool.name.toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [pool, d];
  }
  return best;
}

export default rule;
