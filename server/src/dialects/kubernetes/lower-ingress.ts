/**
 * ingress-nginx: a canary Ingress (`nginx.ingress.kubernetes.io/canary: "true"`) and the main
 * Ingress with the same host and path form a split pool of two Services; an Ingress with
 * balancing annotations (`upstream-hash-by`, `load-balance`, `affinity` with `affinity-mode`) is a pool of its Service's pods.
 *
 * The canary decision as ingress-nginx makes it (kubernetes/ingress-nginx at
 * dbb11b92ddb77bee9c35e462479129354c84f939, rootfs/etc/nginx/lua/balancer.lua
 * route_to_alternative_balancer, and internal/ingress/annotations/canary/main.go): the header
 * first (`canary-by-header-value` exact, else `canary-by-header-pattern`, else "always"/"never"),
 * then the cookie ("always"/"never"), then `math.random(total) <= canary-weight`, where total is
 * `canary-weight-total` only when it is above 100, else 100. A weight at or above the total sends
 * everything to the canary. A canary without a main Ingress for its host and path is ignored
 * (controller.go mergeAlternativeBackends), and a second canary for one host and path is refused.
 */
import type { Definition, Pool, Reference } from '../../core/model';
import { loc, type Span } from '../../core/span';
import type { ManifestObject } from './documents';
import { ingressPaths, isCanary, nginxAnnotations, type Annotation } from './ingress-paths';
import { namespaceOf } from './names';
import { fact, makePool, splitMember } from './pool';
import { spanOf } from './yaml-nodes';
import { canaryWeights } from '../../traffic/kubernetes/canary-weight';

export function lowerIngresses(file: string, objects: readonly ManifestObject[], related: readonly Definition[], pools: Pool[], references: Reference[]): void {
  const mains = new Map<string, { service: string; span: Span }>();
  for (const object of objects) {
    if (object.kind !== 'Ingress' || isCanary(object)) continue;
    for (const p of ingressPaths(object)) {
      const key = `${p.host} ${p.path}`;
      if (!mains.has(key)) mains.set(key, { service: p.port ? `${p.service}:${p.port}` : p.service, span: p.serviceSpan });
    }
    balancingPool(file, object, pools);
  }
  for (const object of objects) {
    if (object.kind !== 'Ingress' || !isCanary(object)) continue;
    const annotations = nginxAnnotations(object);
    const canaryAt = annotations.get('canary')!;
    for (const p of ingressPaths(object)) {
      const key = `${p.host} ${p.path}`;
      const namespace = namespaceOf(object.namespace);
      references.push({ kind: 'canary', name: key, context: '', loc: loc(file, p.backendSpan), nameLoc: loc(file, canaryAt.span), scope: `Ingress ${namespace}/${object.name} > ${key}` });
      references.push({ kind: 'backendRef', name: p.service, context: namespace, loc: loc(file, p.backendSpan), nameLoc: loc(file, p.serviceSpan), scope: `Ingress ${namespace}/${object.name} > ${key}` });
      const local = mains.get(key);
      const elsewhere = local ? undefined : related.find((d) => d.kind === 'Ingress path' && d.name === key && d.target);
      if (!local && !elsewhere) continue;
      pools.push(canaryPool(file, object, key, p, annotations, local ?? { service: elsewhere!.target!, span: canaryAt.span, file: elsewhere!.file }));
    }
  }
}

/** The annotations that route a request to a canary before its weight is consulted (header, then cookie). */
export const CANARY_ROUTING_ANNOTATIONS = ['canary-by-header', 'canary-by-header-value', 'canary-by-header-pattern', 'canary-by-cookie'] as const;

function canaryPool(
  file: string,
  object: ManifestObject,
  key: string,
  p: ReturnType<typeof ingressPaths>[number],
  annotations: Map<string, Annotation>,
  main: { service: string; span: Span; file?: string },
): Pool {
  const weightAt = annotations.get('canary-weight');
  const totalAt = annotations.get('canary-weight-total');
  const { written: weight, total, canary: canaryWeight } = canaryWeights(weightAt?.value, totalAt?.value);
  const facts: Record<string, ReturnType<typeof fact>> = {
    weightTotal: fact(file, String(total), totalAt?.span ?? annotations.get('canary')!.span),
  };
  if (weightAt) facts.canaryWeight = fact(file, String(weight), weightAt.span);
  if (totalAt) facts.canaryWeightTotal = fact(file, totalAt.value, totalAt.span);
  for (const name of CANARY_ROUTING_ANNOTATIONS) {
    const a = annotations.get(name);
    if (a && a.value.trim() !== '') facts[name] = fact(file, a.value.trim(), a.span);
  }
  if (main.file) facts.mainFile = fact(file, main.file, main.span);
  const canaryService = p.port ? `${p.service}:${p.port}` : p.service;
  const namespace = namespaceOf(object.namespace);
  return makePool(file, {
    key: `Ingress canary ${key}`,
    name: key,
    dialect: 'ingress-nginx',
    kind: 'split',
    context: 'Ingress',
    span: object.span,
    nameSpan: object.nameSpan,
    algorithm: 'weighted-split',
    algorithmText: `canary-weight ${weight} of ${total}`,
    ...(weightAt ? { algorithmSpan: weightAt.span } : {}),
    members: [
      splitMember(file, { address: main.service, addressSpan: main.span, span: main.span, weight: total - canaryWeight, name: 'main' }),
      splitMember(file, {
        address: canaryService,
        addressSpan: p.serviceSpan,
        span: p.backendSpan,
        weight: canaryWeight,
        ...(weightAt ? { weightSpan: weightAt.span } : {}),
        name: `canary ${namespace}/${object.name}`,
      }),
    ],
    facts,
  });
}

/** An Ingress whose annotations choose how its Service's pods share traffic. */
function balancingPool(file: string, object: ManifestObject, pools: Pool[]): void {
  const annotations = nginxAnnotations(object);
  const hashBy = annotations.get('upstream-hash-by');
  const balance = annotations.get('load-balance');
  const affinity = annotations.get('affinity');
  // ingress-nginx picks its sticky balancer for a cookie affinity before anything else
  // (rootfs/etc/nginx/lua/balancer.lua get_implementation): load-balance and upstream-hash-by then do nothing.
  const sticky = affinity?.value.trim() === 'cookie';
  if (!hashBy && !balance && !sticky) return;
  const namespace = namespaceOf(object.namespace);
  const services = [...new Set(ingressPaths(object).map((p) => p.service))];
  pools.push(
    makePool(file, {
      key: `Ingress ${namespace}/${object.name}`,
      name: `${object.name} (${services.join(', ') || 'no backend'})`,
      dialect: 'ingress-nginx',
      kind: 'members',
      context: 'Ingress',
      span: spanOf(object.at),
      nameSpan: object.nameSpan,
      // A new session's pod is chosen at random by both sticky balancers (sticky_balanced hashes a random key).
      algorithm: sticky ? 'random' : hashBy ? 'consistent-hash' : balance?.value === 'ewma' ? 'least-conn' : 'round-robin',
      algorithmText: sticky
        ? affinityText(affinity!.value, annotations.get('affinity-mode')?.value, hashBy ?? balance)
        : hashBy
          ? `upstream-hash-by ${hashBy.value}`
          : `load-balance ${balance!.value}`,
      algorithmSpan: (sticky ? affinity : (hashBy ?? balance))!.span,
      ...(hashBy && !sticky ? { hash: { key: hashBy.value, keyLoc: loc(file, hashBy.span), consistent: true } } : {}),
      members: [],
    }),
  );
}

/**
 * ingress-nginx session affinity: a client that has the cookie goes back to its pod; `balanced`
 * (the default) moves some sessions when pods are added, `persistent` never moves them, so a
 * scaled-up Service's new pods get only new clients.
 */
function affinityText(affinity: string, mode: string | undefined, ignored: { readonly name?: string; readonly value: string } | undefined): string {
  const persistent = mode?.trim() === 'persistent';
  const text = `affinity ${affinity} (affinity-mode ${persistent ? 'persistent: sessions never move to new pods' : 'balanced: sessions are rebalanced when pods scale'})`;
  return ignored ? `${text}; the other balancing annotation is ignored while the affinity cookie is set` : text;
}
