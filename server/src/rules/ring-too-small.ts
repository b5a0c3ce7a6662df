import { defineRule, numberOption } from '../core/rule';

const ENVOY_DEFAULT_RING = 1024;

const rule = defineRule({
  meta: {
    id: 'ring-too-small',
    title: 'A consistent-hash ring so small that a few pods split traffic very unevenly',
    severity: 'warning',
    dialects: ['kubernetes'],
    scope: 'pool',
    fixable: 'none',
    options: {
      minRingSize: { type: 'number', default: 128, minimum: 1, description: 'Report a `minimumRingSize` below this many points.' },
    },
    docs: {
      whatItDoes:
        'Reports an Istio DestinationRule whose consistent hash (`ringHash.minimumRingSize`, or the deprecated `minimumRingSize`) asks for fewer ring points than `minRingSize` (128 by default; Envoy\'s default is 1024). Envoy gives each endpoint about ring size / endpoints points, and an endpoint\'s share varies by about 1 / sqrt(points per endpoint).',
      whyItMatters:
        'With 8 points and 2 pods, each pod has about 4 points on the ring and one of them commonly gets 70% or more of the keys; reports of 90/10 splits with two endpoints come from such settings. The imbalance moves whenever a pod restarts, so it is hard to see in dashboards.',
      example:
        'apiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata:\n  name: ratings\nspec:\n  host: ratings\n  trafficPolicy:\n    loadBalancer:\n      consistentHash:\n        httpHeaderName: x-user\n        ringHash:\n          minimumRingSize: 8',
      fix: 'Remove `minimumRingSize` (Envoy uses 1024) or set it to 1024 or more; use `maglev` for a fixed, well-balanced table.',
      references: [
        'https://istio.io/latest/docs/reference/config/networking/destination-rule/#LoadBalancerSettings-ConsistentHashLB-RingHash',
        'https://www.envoyproxy.io/docs/envoy/latest/intro/arch_overview/upstream/load_balancing/load_balancers#ring-hash',
      ],
    },
  },
  check(context) {
    const minimum = numberOption(context, rule.meta, 'minRingSize');
    for (const pool of context.model.pools) {
      if (pool.algorithm !== 'ring-hash') continue;
      const size = pool.facts.minimumRingSize;
      if (!size) continue;
      const points = Number(size.value);
      if (!(points < minimum)) continue;
      const perPod = (pods: number) => Math.max(1, Math.ceil(points / pods));
      const spread = (pods: number) => Math.round(100 / Math.sqrt(perPod(pods)));
      context.report({
        message:
          `minimumRingSize ${points} in DestinationRule ${pool.name}: with 2 pods each gets about ${perPod(2)} ring points and a pod's share varies by about ±${spread(2)}% of its fair share ` +
          `(with 4 pods, ${perPod(4)} points, ±${spread(4)}%). Envoy's default is ${ENVOY_DEFAULT_RING}; per-pod shares themselves are unknowable offline.`,
        loc: size.loc,
      });
    }
  },
});

export default rule;
