import { percent, trafficUnit } from '../core/format';
import type { FixIntent } from '../core/fix';
import { activeMembers } from '../core/model';
import { defineRule, numberOption } from '../core/rule';

const rule = defineRule({
  meta: {
    id: 'weight-skew',
    title: 'One member gets far more than its fair share of the pool',
    severity: 'warning',
    dialects: 'all',
    fixable: 'unsafe',
    options: {
      skewRatio: {
        type: 'number',
        default: 2,
        minimum: 1,
        description: 'Report a member whose predicted share is at least this many times the fair share (1 / active members).',
      },
    },
    docs: {
      whatItDoes:
        'Predicts the share of traffic each member of a pool of interchangeable backends receives, exactly as the balancer distributes it, and reports a member whose share is at least `skewRatio` times the fair share. Backups, `down` members and weight-0 members are not counted as active; pools that are deliberate traffic splits (canaries, split_clients) are not checked.',
      whyItMatters:
        'A "small" weight change concentrates traffic: `weight=5` on one of three servers sends it 71% of requests. That server saturates first, and when it fails the others receive a surge they were never sized for. Skew is also how one backend ends up with most of the authentication traffic without anyone noticing.',
      example: 'upstream backend {\n    server 127.0.0.1:8081 weight=5;\n    server 127.0.0.1:8082;\n    server 127.0.0.1:8083;\n}',
      fix: 'Give interchangeable members equal weights (the quick fix removes the weights, which is unsafe: it moves traffic), or, when the member really is bigger, raise `skewRatio`.',
      references: [
        'https://nginx.org/en/docs/http/ngx_http_upstream_module.html#server',
        'https://docs.haproxy.org/2.6/configuration.html#5.2-weight',
      ],
    },
  },
  check(context) {
    const ratio = numberOption(context, rule.meta, 'skewRatio');
    for (const pool of context.model.pools) {
      if (pool.kind !== 'members') continue;
      const active = activeMembers(pool);
      if (active.length < 2) continue;
      const shares = context.shares(pool).members;
      const fair = 1 / active.length;
      const totalWeight = active.reduce((sum, m) => sum + m.weight * m.peers, 0);
      const meanWeight = totalWeight / active.length;
      const equalise: FixIntent[] = active
        .filter((m) => m.weightExplicit && m.weightLoc)
        .map((m) => ({ kind: 'remove-param', param: m.weightLoc! }));
      pool.members.forEach((member, index) => {
        const share = shares[index]?.share ?? 0;
        if (!active.includes(member) || member.weight * member.peers <= meanWeight) return;
        if (share < ratio * fair - 1e-9) return;
        context.report({
          message:
            `${member.address} gets ${percent(share)} of ${trafficUnit(pool.algorithm)} in ${pool.name} ` +
            `(weight ${member.weight * member.peers} of ${totalWeight}); fair share is ${percent(fair)}. ` +
            'Equalise the weights if the members are interchangeable.',
          loc: member.weightLoc ?? member.loc,
          ...(equalise.length > 0
            ? { fixes: [{ title: `Equalise the weights in ${pool.name} (moves traffic)`, safety: 'unsafe', intents: equalise }] }
            : {}),
        });
      });
    }
  },
});

export default rule;
