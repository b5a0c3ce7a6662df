import type { Pool } from '../core/model';
import { defineRule } from '../core/rule';

const rule = defineRule({
  meta: {
    id: 'per-worker-balancing',
    title: 'Without `zone`, every nginx worker enforces `max_conns` on its own',
    severity: 'info',
    dialects: ['nginx'],
    // Pool by pool: besides the pool it reads only worker_processes, whose value `modelInput` names
    // (its location is a related location outside the pool, so such findings are made again).
    scope: 'pool',
    modelInput: (model) => {
      const workers = model.facts.worker_processes;
      return workers ? `worker_processes ${workers.value}` : '';
    },
    fixable: 'none',
    options: {
      allPools: {
        type: 'boolean',
        default: false,
        description:
          'Report every upstream with several members and no zone, not only those that set max_conns. Off by default: without max_conns, per-worker balancing state rarely matters in practice (on 57 real configurations none of those findings led to a change).',
      },
    },
    docs: {
      whatItDoes:
        'Reports an upstream that sets `max_conns` on its members but has no `zone` directive, when `worker_processes` is `auto` or more than 1. It only runs when the file sets `worker_processes` (a main config), since the number of workers is unknown otherwise. With the option `allPools: true` it reports every upstream with several members and no zone, as it did before.',
      whyItMatters:
        'Without a shared memory zone each worker process keeps its own copy of the upstream, and `max_conns` is counted per worker: with 8 workers, `max_conns=100` lets up to 800 connections reach the member, so the backend the limit was meant to protect is overloaded exactly when it matters. The same goes for `max_fails` counters, the round-robin position and `least_conn` connection counts, but those only make balancing a little less exact; a limit that is 8 times too high is an outage.',
      example:
        'worker_processes 8;\nevents {}\nhttp {\n    upstream app {\n        server 10.0.0.1:8080 max_conns=100;\n        server 10.0.0.2:8080 max_conns=100;\n    }\n}',
      fix: 'Add `zone <name> 64k;` to the upstream (64k is the size the nginx documentation uses in its examples). The workers then share one state and `max_conns` holds for nginx as a whole.',
      references: [
        'https://nginx.org/en/docs/http/ngx_http_upstream_module.html#zone',
        'https://nginx.org/en/docs/http/ngx_http_upstream_module.html#max_conns',
        'https://nginx.org/en/docs/ngx_core_module.html#worker_processes',
      ],
    },
  },
  check(context) {
    const workers = context.model.facts.worker_processes;
    if (!workers || !(workers.value === 'auto' || Number(workers.value) > 1)) return;
    const allPools = context.options.allPools === true;
    for (const pool of context.model.pools) {
      if (pool.kind !== 'members') continue;
      const limited = pool.members.find((m) => m.limits.maxConns !== undefined && m.limits.maxConns > 0);
      // Members first: a pool's facts are made on first read, and most pools set no max_conns.
      if ((!limited && !allPools) || pool.facts.zone) continue;
      if (limited) {
        context.report({
          message: limitMessage(pool, limited.limits.maxConns!, workers.value),
          loc: pool.nameLoc,
          related: [
            { loc: limited.loc, message: `max_conns=${limited.limits.maxConns}` },
            { loc: workers.loc, message: `worker_processes ${workers.value}` },
          ],
        });
      } else if (allPools && pool.members.reduce((n, m) => n + Math.max(1, m.peers), 0) >= 2) {
        context.report({
          message:
            `upstream ${pool.name} has no zone while worker_processes is ${workers.value}: each worker keeps its own balancing position, ` +
            `connection counts and max_fails counters, so a failed member is dropped worker by worker. Add zone ${pool.name} 64k; to it.`,
          loc: pool.nameLoc,
          related: [{ loc: workers.loc, message: `worker_processes ${workers.value}` }],
        });
      }
    }
  },
});

function limitMessage(pool: Pool, maxConns: number, workers: string): string {
  const reach =
    workers === 'auto'
      ? `worker_processes auto (one per CPU core) lets up to ${maxConns} connections per core reach a member: ${maxConns * 4} on 4 cores, ${maxConns * 8} on 8`
      : `worker_processes ${workers} lets up to ${maxConns * Number(workers)} connections (${workers} x ${maxConns}) reach a member`;
  return `upstream ${pool.name} has no zone, so max_conns=${maxConns} is counted by each worker on its own: ${reach}. Add zone ${pool.name} 64k; so the limit holds for nginx as a whole.`;
}

export default rule;
