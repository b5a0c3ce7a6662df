/**
 * no-health-check for Kubernetes models: an Istio DestinationRule for a host with several subsets
 * (several versions behind one name) and no `outlierDetection`, so a failing pod keeps its share.
 */
import type { RuleContext } from '../../core/rule';

export function checkKubernetesHealth(context: RuleContext): void {
  for (const pool of context.model.pools) {
    if (pool.dialect !== 'istio' || pool.kind !== 'members' || pool.health.passive || pool.health.active) continue;
    const subsets = pool.facts.subsets?.value.split(',').filter(Boolean) ?? [];
    if (subsets.length < 2) continue;
    context.report({
      message:
        `DestinationRule ${pool.name} has ${subsets.length} subsets (${subsets.join(', ')}) and no outlierDetection: Istio ejects no endpoint by default, so a pod that still passes its readiness probe but fails or stalls requests (a bad version in one subset, a broken node) keeps its share of its subset's traffic. ` +
        'Add trafficPolicy.outlierDetection (for example consecutive5xxErrors: 5, interval: 10s, baseEjectionTime: 30s).',
      loc: pool.nameLoc,
    });
  }
}
