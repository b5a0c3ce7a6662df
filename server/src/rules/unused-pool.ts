import type { Pool, Reference } from '../core/model';
import { defineRule } from '../core/rule';
import { FlatReads } from '../core/flat-reads';
import { checkUnusedPoolHaproxy } from './haproxy/references';

const rule = defineRule({
  meta: {
    id: 'unused-pool',
    title: 'An upstream that nothing sends traffic to',
    severity: 'info',
    dialects: ['nginx', 'haproxy'],
    fixable: 'none',
    options: {},
    docs: {
      whatItDoes:
        'Reports an upstream that no `proxy_pass`, `grpc_pass`, `fastcgi_pass`, `uwsgi_pass`, `scgi_pass` or `memcached_pass` of the same `http` or `stream` block names, and that no split_clients used by such a directive lists as a target. It runs only on a whole configuration (a file nginx loads as its main config) whose includes could all be read, because upstreams in a fragment (conf.d/*.conf) are used from other files and a missing include may hold the `*_pass` that uses one, and it stays silent for a block that has a `*_pass` whose target is a variable other than a split_clients result, since that may name any upstream at run time.',
      whyItMatters:
        'An unused upstream is usually a leftover: the pool that was replaced, or the one a location was meant to use. It still costs at start-up (nginx resolves its server names and refuses to start if one does not resolve), it misleads whoever reads the config during an incident, and when it is the pool a location was meant to use, traffic is going somewhere else.',
      example: 'http {\n    upstream app {\n        server 10.0.0.1:8080;\n        server 10.0.0.2:8080;\n    }\n    upstream app_old {\n        server 10.0.9.1:8080;\n        server 10.0.9.2:8080;\n    }\n    server {\n        location / {\n            proxy_pass http://app;\n        }\n    }\n}',
      fix: 'Remove the upstream, or point the location that should use it at it.',
      references: ['https://nginx.org/en/docs/http/ngx_http_upstream_module.html#upstream', 'https://nginx.org/en/docs/http/ngx_http_proxy_module.html#proxy_pass'],
    },
  },
  check(context) {
    if (context.model.dialect === 'haproxy') return checkUnusedPoolHaproxy(context);
    const { model } = context;
    if (!model.complete || context.problems.some((p) => p.kind === 'include')) return;
    for (const index of unusedPools(model.pools, usageOf(model.references))) {
      const pool = model.pools[index]!;
      const count = pool.members.length;
      context.report({
        message: `upstream ${pool.name} (${count} member${count === 1 ? '' : 's'}) is never used: no *_pass in ${pool.context} names it. Remove it, or point the location that should use it at it.`,
        loc: pool.nameLoc,
        tags: ['unnecessary'],
      });
    }
  },
});

interface Usage {
  /** Keys of the pools some reference resolves to. */
  readonly used: ReadonlySet<string>;
  /** Blocks with a `proxy_pass http://$var` not resolved to a split, which may name any upstream there. */
  readonly dynamic: ReadonlySet<string>;
}

/** What each reference contributes to the usage: the pool it resolves to, or the block of a dynamic target. */
const TARGETS = new FlatReads<Reference>(2, (r, k) => (k === 0 ? r.pool : dynamicBlock(r)));

/**
 * The last usage found, with the targets it was found from. An edit that leaves every
 * reference's target alone (most edits: a weight, a server line, a location's other directives)
 * gives the same targets in the same order, so the sets are kept instead of being built again
 * from thousands of references.
 */
let last: { readonly targets: readonly unknown[]; readonly usage: Usage } | undefined;

function usageOf(references: readonly Reference[]): Usage {
  if (last && TARGETS.same(last.targets, references)) return last.usage;
  const used = new Set<string>();
  const dynamic = new Set<string>();
  for (const r of references) {
    const block = dynamicBlock(r);
    if (r.pool) used.add(r.pool);
    else if (block !== undefined) dynamic.add(block);
  }
  last = { targets: TARGETS.read(references), usage: { used, dynamic } };
  return last.usage;
}

/** The block of a reference whose target is a variable it could not be resolved through. */
function dynamicBlock(r: Reference): string | undefined {
  return !r.pool && r.name.includes('$') ? r.context : undefined;
}

/** What the rule reads of each pool: its key, kind and block. */
const POOL_FIELDS = new FlatReads<Pool>(3, (pool, k) => (k === 0 ? pool.key : k === 1 ? pool.kind : pool.context));

/**
 * The last pools checked, the usage they were checked against, and the indexes of the unused
 * ones: an edit that leaves pool names and every reference's target alone finds the same pools
 * unused without looking each up.
 */
let lastPools: { readonly usage: Usage; readonly fields: readonly unknown[]; readonly unused: readonly number[] } | undefined;

function unusedPools(pools: readonly Pool[], usage: Usage): readonly number[] {
  if (lastPools && lastPools.usage === usage && POOL_FIELDS.same(lastPools.fields, pools)) return lastPools.unused;
  const unused: number[] = [];
  pools.forEach((pool, i) => {
    if (pool.kind === 'members' && !usage.used.has(pool.key) && !usage.dynamic.has(pool.context)) unused.push(i);
  });
  lastPools = { usage, fields: POOL_FIELDS.read(pools), unused };
  return unused;
}

export default rule;
