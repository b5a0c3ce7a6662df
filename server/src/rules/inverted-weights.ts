import { percent, percents } from '../core/format';
import { isActive, type Member, type Pool } from '../core/model';
import { ReportOnRead, type ReportWords } from '../core/deferred-report';
import type { Loc } from '../core/span';
import { defineRule } from '../core/rule';
import type { PoolShares } from '../core/shares';

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
      // The active members are walked in place, without a list or a closure per pool: the heaviest
      // (the first on a tie), and the lighter member that gets the most (the first on a tie).
      const { members } = pool;
      let serving = 0;
      let total = 0;
      let heavyAt = -1;
      for (let i = 0; i < members.length; i++) {
        const m = members[i]!;
        if (!isActive(m)) continue;
        serving++;
        total += weight(m);
        if (heavyAt < 0 || weight(m) > weight(members[heavyAt]!)) heavyAt = i;
      }
      if (serving < 2) continue;
      const shares = context.shares(pool).members;
      const heavy = members[heavyAt]!;
      let lightAt = -1;
      for (let i = 0; i < members.length; i++) {
        const m = members[i]!;
        if (!isActive(m) || !(weight(m) < weight(heavy))) continue;
        if (lightAt < 0 || shareOf(shares, i) > shareOf(shares, lightAt)) lightAt = i;
      }
      if (lightAt < 0) continue;
      const heavyShare = shareOf(shares, heavyAt);
      const lightShare = shareOf(shares, lightAt);
      if (lightShare <= heavyShare + 1e-9) continue;
      // The words are made when the finding is listed (the cap lists 100 per rule and file, and a
      // generated file can have thousands of such pools); the related locations are the pool's
      // members. A report object holds what they say: a closure over this loop's variables made
      // the loop allocate their context for every pool it read, reported or not.
      context.report(new InvertedReport(pool.algorithmLoc ?? pool.nameLoc, pool, heavy, members[lightAt]!, total, heavyShare, lightShare));
    }
  },
});

/** The predicted share of the member at `index` (none when the prediction lists fewer members). */
function shareOf(shares: PoolShares['members'], index: number): number {
  return shares[index]?.share ?? 0;
}

/** A member's weight over its peers (a name that resolves to several addresses is several peers). */
function weight(m: Member): number {
  return m.weight * Math.max(1, m.peers);
}

/** Which optional fields the rule's findings have: related locations. */
const WITH_RELATED = { related: true } as const;

/** A random-two pool's finding, its words made when read. */
class InvertedReport extends ReportOnRead {
  constructor(
    loc: Loc,
    private readonly pool: Pool,
    private readonly heavy: Member,
    private readonly light: Member,
    private readonly total: number,
    private readonly heavyShare: number,
    private readonly lightShare: number,
  ) {
    super(loc, WITH_RELATED, undefined);
  }

  protected makeWords(): ReportWords {
    const { pool, heavy, light, total, heavyShare, lightShare } = this;
    const [heavyWeightText, heavyShareText, lightShareText] = percents(weight(heavy) / total, heavyShare, lightShare);
    return {
      message:
        `random two inverts the weights of upstream ${pool.name} at low load: ${heavy.address} has weight ${weight(heavy)} of ${total} ` +
        `(${heavyWeightText}) but gets ${heavyShareText} of requests, while ${light.address} with weight ${weight(light)} ` +
        `gets ${lightShareText}. Use random or least_conn for members of different sizes.`,
      related: [
        { loc: heavy.weightLoc ?? heavy.loc, message: `${heavy.address}: weight ${weight(heavy)}, ${percent(heavyShare)} of requests` },
        { loc: light.weightLoc ?? light.loc, message: `${light.address}: weight ${weight(light)}, ${percent(lightShare)} of requests` },
      ],
    };
  }
}

export default rule;
