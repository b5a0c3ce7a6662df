import type { Member, Pool } from '../core/model';
import { defineRule } from '../core/rule';
import { proxyLabel } from './haproxy/common';

const rule = defineRule({
  meta: {
    id: 'single-member',
    scope: 'pool',
    title: 'The pool had redundancy, but only one member can serve',
    severity: 'info',
    dialects: ['nginx', 'haproxy'],
    fixable: 'none',
    options: {
      singleServer: {
        type: 'boolean',
        default: false,
        description:
          'Also report pools written with a single server line. Off by default: on real configurations these are nearly always deliberate (one container behind a docker service name, a local socket, a keepalive pool to one backend).',
      },
    },
    docs: {
      whatItDoes:
        'Reports a pool of interchangeable members in which several members are declared but only one, primary or backup, can take traffic: the others are `down` (or at weight 0). A pool with one primary and a backup has redundancy and is not reported; neither are traffic splits (canaries, split_clients). A pool written with one `server` line is reported only with the option `singleServer: true`: on 57 real configurations every such finding was a deliberate single backend (a docker service name, a PHP-FPM or gunicorn socket, a Kubernetes service), so it is opt-in. When the address is a host name, the message says so: nginx makes one peer of every address the name resolves to.',
      whyItMatters:
        'A member marked `down` during maintenance and never brought back leaves the pool with nothing to fail over to: a crash, a deploy or a slow restart of the last member fails every request through the pool, and `max_fails`, `proxy_next_upstream` and the other retry settings have nothing to retry on. The config still reads as a redundant pool, so nobody notices until that last member fails.',
      example: 'upstream search {\n    server 10.0.5.31:9200;\n    server 10.0.5.32:9200 down;\n}',
      fix: 'Bring the `down` member back, or replace it. If the pool is meant to run on one member, delete the `down` line so the config says so, or disable the rule for the pool with `# lb-drift-disable-next-line single-member -- reason`.',
      references: [
        'https://nginx.org/en/docs/http/ngx_http_upstream_module.html#server',
        'https://nginx.org/en/docs/http/ngx_http_proxy_module.html#proxy_next_upstream',
      ],
    },
  },
  check(context) {
    const singleServer = context.options.singleServer === true;
    for (const pool of context.model.pools) {
      if (pool.kind !== 'members') continue;
      const only = onlyServing(pool.members);
      if (!only || only.role !== 'primary' || only.peers > 1) continue;
      const out = pool.members.filter((m) => !canServe(m));
      if (out.length === 0 && !singleServer) continue;
      context.report({
        message: message(pool, only, out),
        loc: pool.nameLoc,
        related: [{ loc: only.loc, message: `the only member that can serve` }],
      });
    }
  },
});

function canServe(member: Member): boolean {
  return member.state === 'up' && member.weight > 0;
}

/** The one member that can serve, when exactly one can; found without making a list per pool. */
function onlyServing(members: readonly Member[]): Member | undefined {
  let only: Member | undefined;
  for (const m of members) {
    if (!canServe(m)) continue;
    if (only) return undefined;
    only = m;
  }
  return only;
}

function message(pool: Pool, only: Member, out: readonly Member[]): string {
  const owner = pool.dialect === 'haproxy' ? proxyLabel(pool) : `upstream ${pool.name}`;
  const named = only.resolvesByName && !/^localhost(?::|$)/i.test(only.address);
  const what = `${named ? 'the host name ' : ''}${only.address}`;
  const head =
    out.length === 0
      ? `${owner} has a single member, ${what}`
      : `${owner} declares ${out.length + 1} members but only ${what} can serve (${out.map((m) => `${m.address} is ${m.state === 'up' ? 'at weight 0' : m.state}`).join(', ')})${insteadOf(pool, only)}`;
  const tail = named
    ? only.params.some((p) => p.name === 'resolve')
      ? ': with resolve, nginx re-resolves the name at run time and balances over every address it returns, so the pool is redundant only while it resolves to more than one.'
      : ': nginx balances over every address the name resolves to at start-up, so the pool is redundant only if it resolves to more than one.'
    : out.length === 0
      ? ': when it fails or restarts, every request through the pool fails. Add a second server or a backup.'
      : ': when it fails or restarts, every request through the pool fails. Bring a down member back, or delete it if the pool is meant to run on one.';
  return head + tail;
}

/** What the member would carry if every declared primary were up, by weight. */
function insteadOf(pool: Pool, only: Member): string {
  const total = pool.members.filter((m) => m.role === 'primary').reduce((sum, m) => sum + Math.max(m.weight, 1), 0);
  const share = (100 * Math.max(only.weight, 1)) / total;
  if (share >= 100) return '';
  return `, so it gets 100% of requests instead of ${Number.isInteger(share) ? share : share.toFixed(1)}%`;
}

export default rule;
