import { deferredReport } from '../core/deferred-report';
import { percent } from '../core/format';
import { activeMembers, type Member, type Pool } from '../core/model';
import { defineRule, numberOption } from '../core/rule';
import type { PoolShares } from '../core/shares';
import { predictShares } from '../traffic/predict';
import { checkUnbalancedRingHaproxy } from './haproxy/hashing';
import { DEFAULT_TOLERANCE, SCALE } from '../traffic/nginx/ring-scale';

/** The scaled rings' multiplier and the default tolerance, for the CLI's ring helper and tests. */
export { DEFAULT_TOLERANCE, SCALE };

const rule = defineRule({
  meta: {
    id: 'unbalanced-ring',
    scope: 'pool',
    title: 'The consistent-hash ring gives a member clearly more keys than its weight',
    severity: 'warning',
    dialects: ['nginx', 'haproxy'],
    fixable: 'none',
    options: {
      ringTolerance: {
        type: 'number',
        default: DEFAULT_TOLERANCE,
        minimum: 0,
        description: 'Report a member whose share of the ring exceeds its share of the weights by more than this fraction of it (0.15: 15% more keys than its weight says).',
      },
    },
    docs: {
      whatItDoes:
        'Builds the exact ketama ring nginx builds for `hash ... consistent` (160 points per unit of weight, each point a crc32 of the server address as written) and reports a member whose share of the ring is more than `ringTolerance` above its share of the weights. The message gives both shares and what the member would own with every weight multiplied by 10.',
      whyItMatters:
        'Ring points fall where the hash of the address puts them, so members of equal weight do not own equal arcs. Over 480 pools of two to four equal members with typical private addresses and ports, the most loaded member owned a median 5% more than its weight share, one pool in ten more than 11%, and the worst 17%. The gap depends only on the addresses, so it does not average out over time: the member with the long arcs gets that much more of the keys (cache objects, sessions, shards), every day, and saturates first.',
      example: 'upstream cache {\n    hash $request_uri consistent;\n    server 10.0.1.10:8080;\n    server 10.0.1.11:8080;\n}',
      fix: 'Give every member more ring points by multiplying all weights by the same factor (`weight=10` each keeps the ratios and makes the arcs about three times more even). That remaps part of the keys once, like any change to the ring; do it at a quiet time.',
      references: ['https://nginx.org/en/docs/http/ngx_http_upstream_module.html#hash'],
    },
  },
  check(context) {
    const tolerance = numberOption(context, rule.meta, 'ringTolerance');
    if (context.model.dialect === 'haproxy') return checkUnbalancedRingHaproxy(context, tolerance);
    for (const pool of context.model.pools) {
      if (pool.kind !== 'members' || pool.algorithm !== 'consistent-hash' || !pool.hash?.key.includes('$')) continue;
      const serving = activeMembers(pool);
      if (serving.length < 2) continue;
      const predicted = context.shares(pool);
      // A ring too large to build is estimated at the weight shares: nothing measured to report.
      if (predicted.estimated) continue;
      const shares = predicted.members;
      const weight = (m: Member) => m.weight * Math.max(1, m.peers);
      const total = serving.reduce((sum, m) => sum + weight(m), 0);
      // The ring with scaled weights (ten times the points) is built for the words only, which
      // are made when the finding is listed: 100 per rule and file are.
      let scaled: PoolShares | undefined;
      const scaledShares = () => (scaled ??= predictShares(scaledPool(pool)));
      for (const member of serving) {
        const index = pool.members.indexOf(member);
        const share = shares[index]?.share ?? 0;
        const fair = weight(member) / total;
        if (share <= fair * (1 + tolerance) + 1e-9) continue;
        context.report(
          deferredReport(member.addressLoc, {}, () => ({
            message:
              `${member.address} owns ${percent(share)} of the consistent-hash ring of upstream ${pool.name} but ${percent(fair)} of its weight ` +
              `(weight ${weight(member)} of ${total}): ${percent(share / fair - 1)} more keys than its weight says. ` +
              `With every weight multiplied by ${SCALE} (more ring points) it would own ${scaledShares().estimated ? 'about ' : ''}${percent(scaledShares().members[index]?.share ?? 0)}.`,
          })),
        );
      }
    }
  },
});

/** The same pool with every weight multiplied by SCALE. */
function scaledPool(pool: Pool): Pool {
  return { ...pool, members: pool.members.map((m) => ({ ...m, weight: m.weight * SCALE, weightExplicit: true })) };
}

export default rule;
