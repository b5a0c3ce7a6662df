import { ReportOnRead, type ReportWords } from '../core/deferred-report';
import { isActive, type Pool } from '../core/model';
import type { Loc } from '../core/span';
import { checkKubernetesAffinity } from './kubernetes/affinity';
import { defineRule } from '../core/rule';
import { checkClientIpAffinityHaproxy } from './haproxy/hashing';

const rule = defineRule({
  meta: {
    id: 'client-ip-affinity',
    scope: 'pool',
    title: '`ip_hash` sends every client of one /24 network, NAT or proxy to the same member',
    severity: 'info',
    dialects: ['nginx', 'kubernetes', 'haproxy'],
    fixable: 'none',
    options: {},
    docs: {
      whatItDoes:
        'Reports `ip_hash` in a pool with several members that can serve, at info: sticking clients to a member is often the point (an admin console, websockets, server-side sessions), so the finding states the price in numbers rather than calling it a bug. nginx hashes only the first three octets of an IPv4 client address (the whole address for IPv6), so all 256 addresses of a /24 network count as one client, and every client behind one NAT gateway, corporate proxy, load balancer or CDN edge is one address.',
      whyItMatters:
        'Real traffic is not spread over many networks: an office, a mobile carrier NAT, or a CDN or load balancer in front of nginx concentrates thousands of users on a few addresses or a few /24s. With `ip_hash` each of those lands on a single member, which then carries far more than its share, and it is invisible from the configuration: the shares look even across networks.',
      example: 'upstream app {\n    ip_hash;\n    server 10.0.0.1:8080;\n    server 10.0.0.2:8080;\n}',
      fix: 'Hash the whole address instead: `hash $binary_remote_addr consistent;`, which keeps clients sticky without grouping a /24. When a proxy, load balancer or CDN sits in front of nginx, also set `set_real_ip_from` (its addresses) and `real_ip_header` (for example `X-Forwarded-For`) in the server or http block, so nginx hashes the real client address; without that any per-client hashing sees one client. No quick fix is offered: which of the two is right depends on what is in front of nginx, and switching remaps every client once.',
      references: [
        'https://nginx.org/en/docs/http/ngx_http_upstream_module.html#ip_hash',
        'https://nginx.org/en/docs/http/ngx_http_upstream_module.html#hash',
        'https://nginx.org/en/docs/http/ngx_http_realip_module.html',
      ],
    },
  },
  check(context) {
    if (context.model.dialect === 'haproxy') return checkClientIpAffinityHaproxy(context);
    checkKubernetesAffinity(context);
    for (const pool of context.model.pools) {
      if (pool.kind !== 'members' || pool.algorithm !== 'ip-hash') continue;
      let serving = 0;
      for (const m of pool.members) if (isActive(m)) serving++;
      if (serving < 2) continue;
      // The words are made when the finding is listed: every ip_hash pool has one, and the cap
      // lists 100. A report object holds what they say; no closure captures the loop's pool,
      // whose context was made for every pool read.
      context.report(new AffinityReport(pool.algorithmLoc ?? pool.nameLoc, pool, serving));
    }
  },
});

/** Which optional fields the rule's findings have: none. */
const NO_OPTIONAL = {} as const;

/** An ip_hash pool's finding, its words made when read. */
class AffinityReport extends ReportOnRead {
  constructor(
    loc: Loc,
    private readonly pool: Pool,
    private readonly serving: number,
  ) {
    super(loc, NO_OPTIONAL, undefined);
  }

  protected makeWords(): ReportWords {
    const { pool, serving } = this;
    const fair = 100 / serving;
    const fairText = Number.isInteger(fair) ? `${fair}%` : `${fair.toFixed(1)}%`;
    return {
      message:
        `ip_hash in upstream ${pool.name} keys clients by the first three octets of their IPv4 address: clients from K /24 networks reach at most K of its ${serving} members, ` +
        `and everyone behind one NAT, proxy, load balancer or CDN edge lands on one member, which carries 100% of that group's load instead of ${fairText}. ` +
        'hash $binary_remote_addr consistent keeps each client just as sticky without grouping a /24; with a proxy in front, also set set_real_ip_from and real_ip_header.',
    };
  }
}

export default rule;
