import { deferredReport, type ReportWords } from '../core/deferred-report';
import type { Severity } from '../core/finding';
import { percent } from '../core/format';
import { isActive, type Member, type Pool } from '../core/model';
import { defineRule, type RuleContext } from '../core/rule';
import type { Loc } from '../core/span';
import { proxyLabel, serverLabel, weightsLieInPool } from './haproxy/common';

const rule = defineRule({
  meta: {
    id: 'weights-ignored',
    scope: 'pool',
    title: 'Weights the balancing algorithm does not use',
    severity: 'warning',
    dialects: ['haproxy'],
    fixable: 'none',
    options: {},
    docs: {
      whatItDoes:
        'Reports unequal server weights in a HAProxy backend whose algorithm does not follow them: `balance first` never reads weights (it fills servers in id order up to their `maxconn`), and `balance leastconn` reads them only when connections pile up; at low concurrency, when every server has no request in flight, it takes them in turn (measured against HAProxy 2.6: equal shares for weights 1 and 3). Also reports `balance first` without `maxconn` on the servers, which sends every request to the first server.',
      whyItMatters:
        'Weights written for a larger server suggest it gets more traffic; with these algorithms it does not, or (first without maxconn) the other servers get nothing until the first one fails.',
      example:
        'defaults\n    mode http\n    timeout connect 5s\n    timeout client 30s\n    timeout server 30s\n\nbackend app\n    balance first\n    server web1 10.0.0.1:80 check weight 1\n    server web2 10.0.0.2:80 check weight 3',
      fix: 'Use `balance roundrobin` (or `static-rr`) when the weights should hold; with `first`, set `maxconn` on each server; otherwise remove the weights.',
      references: ['https://docs.haproxy.org/2.6/configuration.html#4-balance'],
    },
  },
  check(context) {
    for (const pool of context.model.pools) {
      if (pool.dialect !== 'haproxy' || (pool.algorithm !== 'first' && pool.algorithm !== 'least-conn')) continue;
      // The serving servers are read in place; their list is made only for a report on weights.
      const { count, lowest, explicit, unequal } = servingFacts(pool.members);
      if (count < 2) continue;
      const at = pool.algorithmLoc ?? pool.nameLoc;
      if (pool.algorithm === 'first') {
        const first = lowest!;
        if (first.limits.maxConns === undefined) {
          report(context, pool, at, [], noMaxconnWords(pool, first, count));
          continue;
        }
      }
      if (!explicit || !unequal) continue;
      const serving = pool.members.filter(isActive);
      const severity = pool.algorithm === 'first' ? 'warning' : 'info';
      report(context, pool, at, serving, ignoredWeightsWordsOf(pool, serving), severity);
    }
  },
});

/*
 * The functions that write the words are made by these helpers, called only for a report: made in
 * the rule's loop, they kept the backend's variables in a context made at every iteration,
 * reported or not.
 */
function noMaxconnWords(pool: Pool, first: Member, count: number): () => ReportWords {
  return () => ({
    message: `balance first in ${proxyLabel(pool)} fills servers in id order up to their maxconn, and ${serverLabel(first)} has no maxconn: it gets 100% of requests and the other ${count - 1} get none until it fails. Set maxconn on each server.`,
    related: [{ loc: first.loc, message: 'takes every request' }],
  });
}

function ignoredWeightsWordsOf(pool: Pool, serving: readonly Member[]): () => ReportWords {
  return () => ignoredWeightsWords(pool, serving);
}

/**
 * Reports at `at` with its words made when the finding is listed (most of the ~3,000 findings on
 * a large file are not), unless a location lies outside the backend: a `balance` or a written
 * weight of `members` inherited from a defaults section, which a deferred finding could not
 * carry to the next version of the file.
 */
function report(context: RuleContext, pool: Pool, at: Loc, members: readonly Member[], words: () => ReportWords, severity?: Severity): void {
  if (weightsLieInPool(pool, at, members)) {
    context.report(deferredReport(at, { related: true }, words, severity));
    return;
  }
  const { message, related } = words();
  context.report({ message, loc: at, related, ...(severity ? { severity } : {}) });
}

function ignoredWeightsWords(pool: Pool, serving: readonly Member[]): ReportWords {
  const weighted = serving.filter((m) => m.weightExplicit);
  const weights = new Set(serving.map((m) => m.weight));
  const total = serving.reduce((sum, m) => sum + m.weight, 0);
  const heaviest = serving.reduce((a, b) => (b.weight > a.weight ? b : a));
  return {
    message:
      pool.algorithm === 'first'
        ? `${proxyLabel(pool)} balances with first, which never reads weights: the weights ${[...weights].join(', ')} have no effect (servers fill in id order up to their maxconn). Use roundrobin if the weights should hold, or remove them.`
        : `${proxyLabel(pool)} balances with leastconn, which takes servers in turn while none has a request in flight: at low concurrency ${serverLabel(heaviest)} gets ${percent(1 / serving.length)} of requests, not the ${percent(heaviest.weight / total)} its weight says. Weights count only once connections pile up; use roundrobin if they should hold at every load.`,
    related: weighted.map((m) => ({ loc: m.weightLoc ?? m.loc, message: `weight ${m.weight}` })),
  };
}

/**
 * What the rule reads of a backend's serving (active) servers: how many, the one `balance first`
 * fills first (the lowest id, the earliest listed among equal ids), whether one writes its weight
 * and whether their weights differ.
 */
function servingFacts(members: readonly Member[]): { count: number; lowest: Member | undefined; explicit: boolean; unequal: boolean } {
  let count = 0;
  let lowest: Member | undefined;
  let firstWeight = 0;
  let explicit = false;
  let unequal = false;
  for (const m of members) {
    if (!isActive(m)) continue;
    if (count === 0) {
      lowest = m;
      firstWeight = m.weight;
    } else {
      if ((m.hashId ?? 0) < (lowest!.hashId ?? 0)) lowest = m;
      if (m.weight !== firstWeight) unequal = true;
    }
    count++;
    if (m.weightExplicit) explicit = true;
  }
  return { count, lowest, explicit, unequal };
}

export default rule;
