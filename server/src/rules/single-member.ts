import type { Member } from '../core/model';
import { defineRule } from '../core/rule';

const rule = defineRule({
  meta: {
    id: 'single-member',
    title: 'The pool has one member that can serve and no redundancy',
    severity: 'info',
    dialects: ['nginx'],
    fixable: 'none',
    options: {},
    docs: {
      whatItDoes:
        'Reports a pool of interchangeable members in which exactly one member, primary or backup, can take traffic: a single `server` line, or one left in service while the others are `down`. A pool with one primary and a backup has redundancy and is not reported; neither are traffic splits (canaries, split_clients), whose members are different services on purpose. When the address is a host name, the message says so: nginx makes one peer of every address the name resolves to at start-up, so the pool may be redundant after all.',
      whyItMatters:
        'With one member there is nothing to fail over to: a crash, a deploy or a slow restart of that backend fails every request through the pool, and `max_fails`, `proxy_next_upstream` and the other retry settings have nothing to retry on. It is often fine (a local PHP-FPM socket), but it should be a decision.',
      example: 'upstream api {\n    server 10.0.7.10:8080;\n}',
      fix: 'Add a second server, or a `backup` server that takes over when the member fails. If the single member is intended, disable the rule for the pool with `# lb-drift-disable-next-line single-member -- reason`.',
      references: [
        'https://nginx.org/en/docs/http/ngx_http_upstream_module.html#server',
        'https://nginx.org/en/docs/http/ngx_http_proxy_module.html#proxy_next_upstream',
      ],
    },
  },
  check(context) {
    for (const pool of context.model.pools) {
      if (pool.kind !== 'members') continue;
      const canServe = (m: Member) => m.state === 'up' && m.weight > 0;
      const serving = pool.members.filter(canServe);
      if (serving.length !== 1 || serving[0]!.role !== 'primary' || serving[0]!.peers > 1) continue;
      const only = serving[0]!;
      const out = pool.members.filter((m) => !canServe(m));
      const owner = `upstream ${pool.name}`;
      const named = only.resolvesByName && !/^localhost(?::|$)/i.test(only.address);
      const what = `${named ? 'the host name ' : ''}${only.address}`;
      const head =
        out.length === 0
          ? `${owner} has a single member, ${what}`
          : `${owner} has one member that can serve, ${what} (${out.map((m) => `${m.address} is ${m.state === 'up' ? 'at weight 0' : m.state}`).join(', ')})`;
      const tail = named
        ? ': nginx balances over every address the name resolves to at start-up, so the pool is redundant only if it resolves to more than one.'
        : ': when it fails or restarts, every request through the pool fails. Add a second server or a backup.';
      context.report({
        message: head + tail,
        loc: pool.nameLoc,
        related: [{ loc: only.loc, message: `the only member that can serve` }],
      });
    }
  },
});

export default rule;
