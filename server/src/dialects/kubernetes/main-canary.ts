/**
 * The split a canary Ingress in another file makes of a main Ingress in this one. ingress-nginx
 * pairs a canary with the main Ingress of the same host and path wherever each is written
 * (lower-ingress.ts), so a main Ingress's file shows the same split as its canary's file: a pool
 * of the main Service and the canary's, located at the main path's backend (both members: the
 * canary's own lines are in its file, which this analysis does not quote). The pool carries the
 * canary's header and cookie rules for `lb-drift route`, but none of the facts the canary rules
 * report at (`canaryWeight`, `canaryWeightTotal`): those findings belong to the canary's file.
 * A second canary for the same host and path is refused by ingress-nginx; the first one read is
 * shown, and canary-weight-overflow reports the other in its own file.
 */
import type { FactValue, Pool } from '../../core/model';
import { coverSpans } from '../../core/span';
import { canaryWeights } from '../../traffic/kubernetes/canary-weight';
import type { ManifestObject } from './documents';
import { ingressPaths, isCanary, type IngressPath } from './ingress-paths';
import { CANARY_ROUTING_ANNOTATIONS } from './lower-ingress';
import { fact, makePool, splitMember } from './pool';
import type { RelatedCanary } from './related';

export function lowerMainCanaries(file: string, objects: readonly ManifestObject[], canaries: readonly RelatedCanary[], pools: Pool[]): void {
  if (canaries.length === 0) return;
  const ingresses = objects.filter((o) => o.kind === 'Ingress');
  // A canary in this file already makes the pool (lower-ingress.ts).
  const paired = new Set(ingresses.filter(isCanary).flatMap((o) => ingressPaths(o).map((p) => `${p.host} ${p.path}`)));
  for (const object of ingresses) {
    if (isCanary(object)) continue;
    for (const p of ingressPaths(object)) {
      const key = `${p.host} ${p.path}`;
      const canary = canaries.find((c) => c.key === key);
      // The first main Ingress of a host and path is the one ingress-nginx pairs.
      if (!canary || paired.has(key)) continue;
      paired.add(key);
      pools.push(viewPool(file, key, p, canary));
    }
  }
}

function viewPool(file: string, key: string, p: IngressPath, canary: RelatedCanary): Pool {
  const weights = canaryWeights(canary.annotations.get('canary-weight'), canary.annotations.get('canary-weight-total'));
  const at = p.pathSpan ?? p.serviceSpan;
  const facts: Record<string, FactValue> = { weightTotal: fact(file, String(weights.total), at), canaryFile: fact(file, canary.file, at) };
  for (const name of CANARY_ROUTING_ANNOTATIONS) {
    const value = canary.annotations.get(name)?.trim();
    if (value) facts[name] = fact(file, value, at);
  }
  const member = { addressSpan: p.serviceSpan, span: p.backendSpan };
  return makePool(file, {
    key: `Ingress canary ${key}`,
    name: key,
    dialect: 'ingress-nginx',
    kind: 'split',
    context: 'Ingress',
    span: coverSpans(at, p.backendSpan),
    nameSpan: at,
    algorithm: 'weighted-split',
    algorithmText: `canary-weight ${weights.written} of ${weights.total}`,
    members: [
      splitMember(file, { ...member, address: p.port ? `${p.service}:${p.port}` : p.service, weight: weights.main, name: 'main' }),
      splitMember(file, { ...member, address: canary.service, weight: weights.canary, name: `canary ${canary.namespace}/${canary.ingress}` }),
    ],
    facts,
  });
}
