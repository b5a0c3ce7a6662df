import { defineRule, type RuleContext } from '../core/rule';
import type { Pool } from '../core/model';
import { isKubernetesSplit, sharesText, whatPool } from './kubernetes/split-text';

/** Weights that read like percentages: between these sums, every weight at most 100. */
const PERCENT_LIKE = { min: 50, max: 200 };

const rule = defineRule({
  meta: {
    id: 'split-weights-sum',
    title: 'Split weights that do not mean the percentages they seem to',
    severity: 'warning',
    dialects: ['kubernetes'],
    scope: 'pool',
    fixable: 'none',
    options: {},
    docs: {
      whatItDoes:
        'Reports the weights of one traffic split when the shares they give are not the ones they seem to: Istio route weights that do not sum to 100 (Istio sends weight / sum, so 70 + 20 gives 77.8% and 22.2%), an Istio destination without a weight beside weighted ones (it gets nothing), a weight on a lone Istio destination (ignored: it gets everything), Gateway API weights that read like percentages but do not add up to 100, or that mix written weights with the default of 1 (`weight: 90` beside a backendRef without one gives that one 1.1%, not 10%), and an ingress-nginx `canary-weight-total` under 100, which balancer.lua ignores (it uses 100). The message gives the effective shares.',
      whyItMatters:
        'A split is read as percentages by whoever reviews it. When the numbers do not add up, the traffic each version gets differs from what the change description says, and a canary that should see 10% sees 1% (too little to catch a regression) or 18% (more users exposed than agreed).',
      example:
        'apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata:\n  name: reviews\nspec:\n  hosts: [reviews]\n  http:\n    - route:\n        - destination: {host: reviews, subset: v1}\n          weight: 70\n        - destination: {host: reviews, subset: v2}\n          weight: 20',
      fix: 'Write weights that sum to 100 (70 and 30), give every destination of a weighted Istio route a weight, and for ingress-nginx use a `canary-weight-total` of 100 or more.',
      references: [
        'https://istio.io/latest/docs/reference/config/networking/virtual-service/#HTTPRouteDestination',
        'https://gateway-api.sigs.k8s.io/reference/spec/#backendref',
        'https://kubernetes.github.io/ingress-nginx/user-guide/nginx-configuration/annotations/#canary',
      ],
    },
  },
  check(context) {
    for (const pool of context.model.pools) {
      if (!isKubernetesSplit(pool)) continue;
      const problem = pool.dialect === 'istio' ? istio(pool) : pool.dialect === 'gateway-api' ? gateway(pool) : canaryTotal(pool);
      if (problem) report(context, pool, problem);
    }
  },
});

interface Problem {
  readonly what: string;
  readonly loc?: Pool['loc'];
}

function istio(pool: Pool): Problem | undefined {
  const weighted = pool.members.filter((m) => m.weightExplicit);
  if (pool.members.length === 1) {
    const only = pool.members[0]!;
    return only.weightExplicit && only.weight !== 100 && only.weight !== 0 ? { what: `the lone destination has weight ${only.weight}, which Istio ignores: it gets all traffic`, loc: only.weightLoc! } : undefined;
  }
  const unweighted = pool.members.filter((m) => !m.weightExplicit);
  if (weighted.length > 0 && unweighted.length > 0) {
    return { what: `${unweighted.map((m) => m.address).join(', ')} ${unweighted.length === 1 ? 'has' : 'have'} no weight, which Istio reads as 0: no traffic`, loc: unweighted[0]!.addressLoc };
  }
  const sum = weighted.reduce((s, m) => s + m.weight, 0);
  if (weighted.length === pool.members.length && sum !== 100 && sum > 0) return { what: `the weights sum to ${sum}, not 100; Istio sends weight / sum` };
  return undefined;
}

function gateway(pool: Pool): Problem | undefined {
  if (pool.members.length < 2) return undefined;
  const written = pool.members.filter((m) => m.weightExplicit);
  const defaulted = pool.members.filter((m) => !m.weightExplicit);
  if (written.some((m) => m.weight > 1) && defaulted.length > 0) {
    return { what: `${defaulted.map((m) => m.address).join(', ')} ${defaulted.length === 1 ? 'has' : 'have'} no weight, so the default of 1 applies beside weights up to ${Math.max(...written.map((m) => m.weight))}`, loc: defaulted[0]!.addressLoc };
  }
  const sum = pool.members.reduce((s, m) => s + m.weight, 0);
  // Equal weights (80 and 80) mean an even split whatever their sum, which is what they seem to say.
  const equal = pool.members.every((m) => m.weight === pool.members[0]!.weight);
  const percentLike = !equal && written.length === pool.members.length && pool.members.every((m) => m.weight <= 100) && sum >= PERCENT_LIKE.min && sum <= PERCENT_LIKE.max;
  return percentLike && sum !== 100 ? { what: `the weights read like percentages but sum to ${sum}; Gateway API sends weight / sum` } : undefined;
}

function canaryTotal(pool: Pool): Problem | undefined {
  const total = pool.facts.canaryWeightTotal;
  if (!total || !/^\s*\d+\s*$/.test(total.value) || Number(total.value) >= 100) return undefined;
  return { what: `canary-weight-total ${total.value.trim()} is under 100, and ingress-nginx (balancer.lua) then uses 100 as the total`, loc: total.loc };
}

function report(context: RuleContext, pool: Pool, problem: Problem): void {
  context.report({
    message: `In ${whatPool(pool)}, ${problem.what}. Effective shares: ${sharesText(pool, context.shares(pool))}.`,
    loc: problem.loc ?? pool.members[0]?.weightLoc ?? pool.nameLoc,
  });
}

export default rule;
