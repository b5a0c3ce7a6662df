import type { Fix } from '../core/fix';
import type { Pool, Reference } from '../core/model';
import { checkUndefinedObjects } from './kubernetes/undefined-objects';
import { defineRule } from '../core/rule';
import { editDistance } from '../core/text';
import { checkUndefinedPoolHaproxy } from './haproxy/references';

const IP = /^(?:\d{1,3}(?:\.\d{1,3}){3}|\[[0-9a-z:.%]+\](?::\d+)?)$/i;

const rule = defineRule({
  meta: {
    id: 'undefined-pool',
    title: 'A `*_pass` names an upstream that does not exist',
    severity: 'error',
    dialects: ['nginx', 'kubernetes', 'haproxy'],
    fixable: 'unsafe',
    options: {},
    docs: {
      whatItDoes:
        'Reports a `proxy_pass`, `grpc_pass`, `fastcgi_pass`, `uwsgi_pass`, `scgi_pass` or `memcached_pass` whose target is neither an upstream of the same `http` or `stream` block nor an address: names with a dot (`api.internal`), `localhost`, IP literals and targets with a port are left to DNS, and targets built from variables are skipped; a target followed by a URI (`http://name/static/`) is checked like a bare name. It suggests the closest upstream name when one is within two edits, and says so when the upstream exists in the other block (`stream` instead of `http`). On a whole configuration (a file that nginx loads as its main config) whose includes could all be read, every such target is an error. In a fragment checked on its own, or when an include could not be read, the upstream may be defined elsewhere: only a target within two edits of an upstream the file can see is reported, as a probable typo (warning), unless the two differ only in numbers (`app3` next to `app1`, a numbered series).',
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
    if (context.model.dialect === 'haproxy') return checkUndefinedPoolHaproxy(context);
    const { model } = context;
    if (model.definitions) return checkUndefinedObjects(context);
    // In a fragment, or when an include could not be read, the upstream may be defined elsewhere:
    // only a name within two edits of an upstream in sight is reported, as a probable typo.
    const partial = !model.complete || context.problems.some((p) => p.kind === 'include');
    // References to one missing name (every proxy_pass to an upstream renamed by a letter typed
    // before it) share what the pools say about the name: read once per name and block.
    const around = new Map<string, { readonly elsewhere: Pool | undefined; readonly close: Pool | undefined }>();
    for (const reference of model.references) {
      if (reference.pool || reference.kind === 'split-target' || !looksLikeUpstreamName(reference, context.sources)) continue;
      const key = `${reference.context}\n${reference.name}`;
      let seen = around.get(key);
      if (!seen) {
        const lower = reference.name.toLowerCase();
        const elsewhere = model.pools.find((p) => p.context !== reference.context && p.name.toLowerCase() === lower);
        seen = { elsewhere, close: closest(reference.name, model.pools, reference.context) };
        around.set(key, seen);
      }
      const { elsewhere, close } = seen;
      // nginx matches upstream names without regard to case, so `Backend` uses `backend`.
      if (close && close.name.toLowerCase() === reference.name.toLowerCase()) continue;
      if (partial && (!close || numberedSibling(reference.name, close.name))) continue;
      const hint = elsewhere
        ? ` upstream ${reference.name} exists in the ${elsewhere.context} block, which ${reference.context} cannot use.`
        : close
          ? ` Did you mean ${close.name}?`
          : ` Define upstream ${reference.name} or correct the name.`;
      const fixes: Fix[] = close
        ? [{ title: `Change to ${close.name} (sends this traffic to that upstream)`, safety: 'unsafe', intents: [{ kind: 'edit', edits: [{ loc: reference.nameLoc, newText: close.name }] }] }]
        : [];
      const distance = close ? editDistance(reference.name.toLowerCase(), close.name.toLowerCase()) : 0;
      const message = partial
        ? `${reference.kind} names ${reference.name}, probably a typo of upstream ${close!.name} (${distance} edit${distance === 1 ? '' : 's'} away). ` +
          `This file is checked without a main config that includes it, so upstream ${reference.name} may be defined elsewhere; if it is not, nginx fails with "host not found in upstream".`
        : `${reference.kind} names ${reference.name}, which is not an upstream of the ${reference.context} block and has no port or dot: nginx looks it up in DNS at start-up ` +
          `and fails with "host not found in upstream" if it does not resolve.${hint}`;
      context.report({
        message,
        loc: reference.nameLoc,
        related: elsewhere
          ? [{ loc: elsewhere.nameLoc, message: `upstream ${elsewhere.name} in ${elsewhere.context}` }]
          : close
            ? [{ loc: close.nameLoc, message: `did you mean ${close.name}?` }]
            : [],
        fixes,
        ...(partial ? { severity: 'warning' as const } : {}),
      });
    }
  },
});

/**
 * Whether the target reads as an upstream name rather than a host: no variables, no dot, not an
 * IP or localhost, and no port. The model keeps the host without its port, so the port is ruled
 * out from the text: the host must be written plainly and be followed by the end of the argument
 * or a URI (`http://name;`, `http://name/static/;`, `http://name?x`), never by `:port`.
 */
function looksLikeUpstreamName(reference: Reference, sources: ReadonlyMap<string, string>): boolean {
  const { name, nameLoc, loc } = reference;
  if (name.includes('$') || name.includes('.') || IP.test(name) || name.toLowerCase() === 'localhost') return false;
  const plain = nameLoc.end - nameLoc.start === name.length;
  if (!plain || nameLoc.file !== loc.file) return false;
  if (loc.end - 1 === nameLoc.end) return true;
  const next = sources.get(nameLoc.file)?.charAt(nameLoc.end);
  return next === '/' || next === '?';
}

/** `app3` next to `app1`: names of a numbered series, where the other members live elsewhere. */
function numberedSibling(a: string, b: string): boolean {
  const stem = (s: string) => s.toLowerCase().replace(/\d+/g, '#');
  return stem(a) === stem(b);
}

/**
 * The upstream of the reference's block (`http` or `stream`) closest to `name` within two edits,
 * the first of the closest. Read straight from the model's pools: a name missing from a thousand
 * upstreams (a letter typed before `upstream` renames one) is compared with each on every edit.
 */
function closest(name: string, pools: readonly Pool[], context: Pool['context']): Pool | undefined {
  let best: Pool | undefined;
  let bestDistance = 3;
  const lower = name.toLowerCase();
  for (const pool of pools) {
    if (pool.context !== context || pool.kind !== 'members') continue;
    const d = editDistance(lower, pool.name.toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [pool, d];
  }
  return best;
}

export default rule;
