import { defineRule } from '../core/rule';

const rule = defineRule({
  meta: {
    id: 'per-worker-balancing',
    title: 'Without `zone`, every nginx worker balances the upstream on its own',
    severity: 'info',
    dialects: ['nginx'],
    fixable: 'none',
    options: {},
    docs: {
      whatItDoes:
        'Reports an upstream with several members and no `zone` directive when `worker_processes` is `auto` or more than 1. It only runs when the file sets `worker_processes` (a main config), since the number of workers is unknown otherwise.',
      whyItMatters:
        'Without a shared memory zone each worker process keeps its own copy of the upstream: its own round-robin position, its own `least_conn` connection counts, its own `max_fails` counters and `max_conns` limits. With 8 workers a member must fail `max_fails` times in each worker before all of them stop using it, `max_conns=100` allows up to 800 connections, and at low traffic every worker starts its rotation on the same member, so the first requests of each worker pile onto it. Predicted shares hold per worker, not for nginx as a whole.',
      example: 'worker_processes auto;\nevents {}\nhttp {\n    upstream app {\n        server 10.0.0.1:8080;\n        server 10.0.0.2:8080;\n    }\n}',
      fix: 'Add `zone <name> 64k;` to the upstream (64k is the size the nginx documentation uses in its examples). The workers then share one state, and the pool can also be inspected and changed at run time where the API is available.',
      references: [
        'https://nginx.org/en/docs/http/ngx_http_upstream_module.html#zone',
        'https://nginx.org/en/docs/ngx_core_module.html#worker_processes',
      ],
    },
  },
  check(context) {
    const workers = context.model.facts.worker_processes;
    if (!workers || !(workers.value === 'auto' || Number(workers.value) > 1)) return;
    const count = workers.value === 'auto' ? 'auto (one per CPU core)' : workers.value;
    for (const pool of context.model.pools) {
      if (pool.kind !== 'members' || pool.facts.zone) continue;
      const members = pool.members.reduce((n, m) => n + Math.max(1, m.peers), 0);
      if (members < 2) continue;
      context.report({
        message:
          `upstream ${pool.name} has no zone while worker_processes is ${count}: each worker keeps its own balancing position, ` +
          `connection counts and max_fails counters, so a failed member is dropped worker by worker and limits apply per worker. Add zone ${pool.name} 64k; to it.`,
        loc: pool.nameLoc,
        related: [{ loc: workers.loc, message: `worker_processes ${workers.value}` }],
      });
    }
  },
});

export default rule;
