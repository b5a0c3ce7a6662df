import { percent, percents } from '../core/format';
import { activeMembers } from '../core/model';
import { defineRule } from '../core/rule';

const rule = defineRule({
  meta: {
    id: 'inverted-weights',
    scope: 'pool',
    title: '`random two` sends less traffic to the heavier members at low load',
    severity: 'warning',
    dialects: ['nginx'],
    fixable: 'none',
    options: {},
    docs: {
      whatItDoes:
        'Reports a `random two` pool with unequal weights in which, as predicted at low load, a heavier member gets a smaller share of requests than a lighter one. nginx draws a first member by weight, then a second, different one by weight, and keeps the one with fewer connections per unit of weight; when neither has open connections the second draw wins. The second draw must differ from the first, and a heavy member is usually the first draw, so it is kept less often than a light one.',
      whyItMatters:
        'Weights on `random two` do the opposite of what they say whenever the pool is not busy: with weights 5, 1, 1 the heavy member gets about 24% of requests and each light one 38%. The small members meant to take a seventh each are overloaded first, and the large one idles. Under load the connection counts move shares back toward the weights, so the effect comes and goes with traffic.',
      example: 'upstream app {\n    random two;\n    server 10.0.0.1:8080 weight=5;\n    server 10.0.0.2:8080;\n    server 10.0.0.3:8080;\n}',
      fix: 'Use plain `random` (one draw, shares follow the weights) or `least_conn` (weighted round-robin at low load, fewest connections under load) when members differ in size; keep `random two` for members of equal weight.',
      references: [
        'https://nginx.org/en/docs/http/ngx_http_upstream_module.html#random',
        'https://nginx.org/en/docs/http/ngx_http_upstream_module.html#least_conn',
      ],
    },
  },
  check(context) {
    for (const pool of context.model.pools) {
      if (pool.kind !== 'members' || pool.algorithm !== 'random-two') continue;
      const serving = activeMembers(pool);
      if (serving.length < 2) continue;
      const shares = context.shares(pool).members;
      const share = (m: (typeof serving)[number]) => shares[pool.members.indexOf(m)]?.share ?? 0;
      const weight = (m: (typeof serving)[number]) => m.weight * Math.max(1, m.peers);
      const total = serving.reduce((sum, m) => sum + weight(m), 0);
      // The heaviest member, and the lighter member that gets the most more than it.
      const heavy = serving.reduce((a, b) => (weight(b) > weight(a) ? b : a));
      const lighter = serving.filter((m) => weight(m) < weight(heavy));
      if (lighter.length === 0) continue;
      const light = lighter.reduce((a, b) => (share(b) > share(a) ? b : a));
      if (share(light) <= share(heavy) + 1e-9) continue;
      const [heavyWeight, heavyShare, lightShare] = percents(weight(heavy) / total, share(heavy), share(light));
      context.report({
        message:
          `random two inverts the weights of upstream ${pool.name} at low load: ${heavy.address} has weight ${weight(heavy)} of ${total} ` +
          `(${heavyWeight}) but gets ${heavyShare} of requests, while ${light.address} with weight ${weight(light)} ` +
          `gets ${lightShare}. Use random or least_conn for members of different sizes.`,
        loc: pool.algorithmLoc ?? pool.nameLoc,
        related: [
          { loc: heavy.weightLoc ?? heavy.loc, message: `${heavy.address}: weight ${weight(heavy)}, ${percent(share(heavy))} of requests` },
          { loc: light.weightLoc ?? light.loc, message: `${light.address}: weight ${weight(light)}, ${percent(share(light))} of requests` },
        ],
      });
    }
  },
});

export default rule;
