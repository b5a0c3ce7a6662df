import { percents, trafficUnit } from '../core/format';
import type { FixIntent } from '../core/fix';
import { activeMembers, isActive, type Member, type Pool } from '../core/model';
import { immediateReport, ReportOnRead, type ReportWords } from '../core/deferred-report';
import { defineRule, numberOption, type RuleContext } from '../core/rule';
import type { Loc } from '../core/span';
import { haproxyActiveShares, lowestIdActive } from '../traffic/haproxy/shares';
import { sharesFollowWeights } from '../traffic/nginx/shares-weighted';
import { liesInPool } from './haproxy/common';

const rule = defineRule({
  meta: {
    id: 'weight-skew',
    scope: 'pool',
    title: 'One member gets far more than its fair share of the pool',
    severity: 'warning',
    dialects: 'all',
    fixable: 'unsafe',
    options: {
      skewRatio: {
        type: 'number',
        default: 3,
        minimum: 1,
        description:
          'Report a member whose predicted share is at least this many times the average share of the other active members (3: a 3:1 split between two members, or 3 of 5 requests in a pool of three).',
      },
    },
    docs: {
      whatItDoes:
        'Predicts the share of traffic each member of a pool of interchangeable backends receives, exactly as the balancer distributes it, and reports a member that gets at least `skewRatio` (default 3) times the average share of the other active members. The measure works for every pool size: `weight=5` against one other member (83% against 17%) is 5 times, 99:1 is 99 times, 5:1:1 is 5 times (71% against 14%), while 3:2 (1.5 times) and 3:2:1:1 (2.25 times) are not reported. Backups, `down` members and weight-0 members are not counted as active; pools that are deliberate traffic splits (canaries, split_clients) are not checked.\n\nBefore this measure, `skewRatio` compared a share with the fair share (1 / active members) and defaulted to 2, which a two-member pool can never reach. A configured `skewRatio` keeps its name and now reads against the other members\' average; 3 reports about what 2 used to in pools of three or more.',
      whyItMatters:
        'A "small" weight change concentrates traffic: `weight=5` on one of two servers sends it 83% of requests, and on one of three 71%. That server saturates first, and when it fails the others receive a surge they were never sized for. Skew is also how one backend ends up with most of the authentication traffic without anyone noticing.',
      example: 'upstream backend {\n    server 127.0.0.1:8081 weight=5;\n    server 127.0.0.1:8082;\n}',
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
      // The active members' count, total and heaviest weight, read without making their list.
      let count = 0;
      let totalWeight = 0;
      let heaviest = 0;
      for (const m of pool.members) {
        if (!isActive(m)) continue;
        const weight = m.weight * m.peers;
        count++;
        totalWeight += weight;
        if (weight > heaviest) heaviest = weight;
      }
      if (count < 2) continue;
      const meanWeight = totalWeight / count;
      // Only a member weighted above the mean can be reported: with equal weights (most pools) the
      // pool's shares are not needed, and neither is the fix, which is made for a report only.
      if (!(heaviest > meanWeight)) continue;
      // Where the shares follow from the active members (their weights; one each for HAProxy's
      // leastconn; all to the lowest id for its first), they are read from them: predicting them
      // would make the same numbers for every pool of a large config and report none.
      const follows = sharesFollowWeights(pool) ? 'weights' : haproxyActiveShares(pool);
      const shares = follows ? undefined : context.shares(pool).members;
      const first = follows === 'first' ? lowestIdActive(pool) : -1;
      for (let index = 0; index < pool.members.length; index++) {
        const member = pool.members[index]!;
        // Only a member weighted above the mean is skew; equal weights that hash unevenly are unbalanced-ring's.
        if (!isActive(member) || member.weight * member.peers <= meanWeight) continue;
        // The division the prediction makes (one peer per member, so its weight over the total).
        const share = shares
          ? (shares[index]?.share ?? 0)
          : follows === 'weights'
            ? member.weight / totalWeight
            : follows === 'even'
              ? 1 / count
              : index === first
                ? 1
                : 0;
        const othersAverage = (1 - share) / (count - 1);
        const times = othersAverage > 0 ? share / othersAverage : Infinity;
        if (times < ratio - 1e-9) continue;
        report(context, pool, member, share, othersAverage, times, totalWeight);
      }
    }
  },
});

/** Which optional fields the rule's findings have: fixes when some active member writes a weight. */
const FIXABLE = { fixes: true } as const;
const NOT_FIXABLE = { fixes: false } as const;

/**
 * A member's finding, its words made when read: one object per report holding what they say (a
 * closure and its context per report before; a generated file has thousands, the cap lists 100).
 */
class SkewReport extends ReportOnRead {
  constructor(
    loc: Loc,
    private readonly pool: Pool,
    private readonly member: Member,
    private readonly share: number,
    private readonly othersAverage: number,
    private readonly times: number,
    private readonly totalWeight: number,
    private readonly fixable: boolean,
  ) {
    super(loc, fixable ? FIXABLE : NOT_FIXABLE, undefined);
  }

  protected makeWords(): ReportWords {
    const { pool, member, share, othersAverage, times, totalWeight, fixable } = this;
    const active = activeMembers(pool);
    const [own, others, even] = percents(share, othersAverage, 1 / active.length);
    const otherText = active.length === 2 ? `the other member's ${others}` : `the ${others} the other ${active.length - 1} get on average`;
    return {
      message:
        `${member.address} gets ${own} of ${trafficUnit(pool.algorithm)} in ${pool.name} ` +
        `(weight ${member.weight * member.peers} of ${totalWeight}), ${timesText(times)} ${otherText}; an even split gives each ${even}. ` +
        'Equalise the weights if the members are interchangeable.',
      ...(fixable ? { fixes: [{ title: `Equalise the weights in ${pool.name} (moves traffic)`, safety: 'unsafe' as const, intents: equalisingIntents(active) }] } : {}),
    };
  }
}

function report(context: RuleContext, pool: Pool, member: Member, share: number, othersAverage: number, times: number, totalWeight: number): void {
  const loc = member.weightLoc ?? member.loc;
  // The words are made when the finding is read (a generated file can have thousands, of which
  // the cap lists 100); a HAProxy weight may be inherited from a default-server line outside the
  // backend, which a deferred report must not point at.
  if (pool.dialect === 'nginx') {
    // An nginx member has a weight location exactly when it writes its weight, so whether the
    // fix has anything to remove is known without making the locations.
    let fixable = false;
    for (const m of pool.members) if (m.weightExplicit && isActive(m)) fixable = true;
    context.report(new SkewReport(loc, pool, member, share, othersAverage, times, totalWeight, fixable));
    return;
  }
  // One pass over the active members tells whether the fix has anything to remove and where,
  // without making their list or the fix.
  let fixable = false;
  let deferred = pool.dialect === 'haproxy' && liesInPool(pool, loc);
  for (const m of pool.members) {
    const weightLoc = isActive(m) && m.weightExplicit ? m.weightLoc : undefined;
    if (!weightLoc) continue;
    fixable = true;
    if (pool.dialect === 'haproxy' && !liesInPool(pool, weightLoc)) deferred = false;
  }
  const later = new SkewReport(loc, pool, member, share, othersAverage, times, totalWeight, fixable);
  context.report(deferred ? later : immediateReport(loc, () => later.words()));
}

/** Removes every weight of the active members that write one, in member order. */
function equalisingIntents(active: readonly Member[]): FixIntent[] {
  const intents: FixIntent[] = [];
  for (const m of active) {
    const weightLoc = m.weightLoc;
    if (!m.weightExplicit || !weightLoc) continue;
    intents.push({ kind: 'remove-param', param: weightLoc });
    // Every weight= of the member: removing only the one nginx reads (the last) would bring back an earlier one.
    for (const p of m.params) if (p.name === 'weight' && p.loc.start !== weightLoc.start) intents.push({ kind: 'remove-param', param: p.loc });
  }
  return intents;
}

/** `5 times`, `4.3 times`, or `all of the traffic` when the others get none. */
function timesText(times: number): string {
  if (!Number.isFinite(times)) return 'all of it, against';
  return `${Number(times.toFixed(1))} times`;
}

export default rule;
