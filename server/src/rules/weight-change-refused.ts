import type { Member } from '../core/model';
import { defineRule } from '../core/rule';
import { isStaticAlgorithm } from '../traffic/haproxy/balancer';
import { hasParam, proxyLabel, serverLabel } from './haproxy/common';

/** Server parameters that only work by changing the server's weight while HAProxy runs. */
const RUNTIME_WEIGHT_PARAMS = ['slowstart', 'agent-check'] as const;

/** An enabled server with a parameter that changes its weight at run time. */
const changesWeightAtRunTime = (m: Member): boolean => m.state !== 'down' && (hasParam(m, 'slowstart') || hasParam(m, 'agent-check'));

const rule = defineRule({
  meta: {
    id: 'weight-change-refused',
    scope: 'pool',
    title: '`slowstart` or `agent-check` weights in a backend whose algorithm refuses weight changes',
    severity: 'warning',
    dialects: ['haproxy'],
    fixable: 'none',
    options: {},
    docs: {
      whatItDoes:
        'Reports servers with `slowstart` or `agent-check` in a backend balanced by a static algorithm: `balance static-rr`, or a hashing balance (`source`, `uri`, `url_param`, `hdr()`, `hash`, `rdp-cookie`) with the default `hash-type map-based`. HAProxy builds those balancers once and refuses any run-time weight other than 0% and 100%: the stats socket answers "Backend is using a static LB algorithm and only accepts weights \'0%\' and \'100%\'" (measured against HAProxy 2.6 in `test/conformance/haproxy-surprises.test.ts`). `slowstart` works by raising a recovered server\'s weight step by step, and an agent steers a server by sending weights, so neither does what it says here. Reported once per backend.',
      whyItMatters:
        'A server that comes back after a failure takes its full share at once instead of warming up, which is exactly the overload `slowstart` was written to prevent; an agent that reports "25%" to shed load is ignored, and the server keeps its full share. Nothing in the logs says so. This is a known HAProxy surprise: the configuration manual calls these algorithms static, and users keep meeting the refusal when they set weights at run time.',
      example:
        'defaults\n    mode http\n    timeout connect 5s\n    timeout client 30s\n    timeout server 30s\n\nlisten app\n    bind :80\n    balance static-rr\n    server web1 10.0.0.1:80 check slowstart 30s\n    server web2 10.0.0.2:80 check slowstart 30s',
      fix: 'Use a dynamic algorithm: `balance roundrobin` instead of `static-rr` (same shares, weights can change), or `hash-type consistent` for a hashing balance (which remaps part of the keys once: see hash-not-consistent). Or drop `slowstart` / the agent\'s weights if a recovered server may take its full share at once. No quick fix is offered, since both change how traffic is spread.',
      references: [
        'https://docs.haproxy.org/2.6/configuration.html#4-balance',
        'https://docs.haproxy.org/2.6/configuration.html#5.2-slowstart',
        'https://docs.haproxy.org/2.6/management.html#9.3-set%20weight',
        'https://github.com/haproxy/haproxy/issues/1910',
      ],
    },
  },
  check(context) {
    for (const pool of context.model.pools) {
      if (!isStaticAlgorithm(pool)) continue;
      // Looked for before any list is made: most static backends set neither parameter.
      if (!pool.members.some(changesWeightAtRunTime)) continue;
      const affected = pool.members.filter(changesWeightAtRunTime);
      const first = affected[0]!;
      const param = first.params.find((p) => (RUNTIME_WEIGHT_PARAMS as readonly string[]).includes(p.name))!;
      const uses = [...new Set(affected.flatMap((m) => m.params.filter((p) => (RUNTIME_WEIGHT_PARAMS as readonly string[]).includes(p.name)).map((p) => p.name)))];
      const algorithm = pool.algorithmText || pool.algorithm;
      context.report({
        message:
          `${uses.join(' and ')} on ${affected.length === 1 ? serverLabel(first) : `${affected.length} servers of ${proxyLabel(pool)}`} cannot work with ${algorithm}${pool.hash && !pool.hash.consistent ? ' and hash-type map-based' : ''}: ` +
          `HAProxy refuses run-time weights other than 0% and 100% for this static algorithm, so ` +
          (uses.includes('slowstart') ? 'a recovered server takes its full share at once instead of ramping up' : 'weights an agent sends are ignored') +
          `. Use ${pool.algorithm === 'static-rr' ? 'balance roundrobin' : 'hash-type consistent'} to let weights change.`,
        loc: param.loc,
        ...(pool.algorithmLoc ? { related: [{ loc: pool.algorithmLoc, message: `${algorithm}: a static algorithm` }] } : {}),
      });
    }
  },
});

export default rule;
