/**
 * What names what across manifests, for go-to-definition and find-references: every place a
 * manifest names another object (a use) and every object other places name (a target), both
 * under one key, so a use and its target meet whatever files they are in.
 *
 * Keys, resolved as each system resolves the name:
 * - `Service <namespace>/<name>`: an Istio destination or mirror host, qualified in the
 *   VirtualService's namespace (`reviews` -> reviews.<ns>.svc.cluster.local, names.ts), and a
 *   DestinationRule's host; a Gateway API backendRef of kind Service (no kind, or `Service` in the
 *   core group), in its own `namespace` or else the route's (the Gateway API default); an Ingress
 *   backend, in the Ingress's namespace (Kubernetes allows no other).
 * - `subset <qualified host> <name>`: an Istio destination's subset, defined by a DestinationRule
 *   for the same qualified host.
 * - `Ingress <host> <path>`: a canary Ingress (its `canary: "true"` value and each path) names the
 *   main Ingress with the same host and path, as ingress-nginx pairs them (any namespace).
 * A host outside the cluster (`api.example.com`) names no Service: it has no key. Never throws.
 */
import type { Definition } from '../../core/model';
import type { Span } from '../../core/span';
import { readChunk, type ManifestObject } from './documents';
import { ROUTE_KINDS } from './lower-gateway';
import { ingressPaths, isCanary, nginxAnnotations } from './ingress-paths';
import { memoByChunk, shifted } from './memo';
import { namespaceOf, qualifiedHost, serviceOfHost } from './names';
import { get, items, path, spanOf, text, type At } from './yaml-nodes';

export interface LinkSite {
  readonly key: string;
  /** The name as written: what the cursor stands on, and what the editor selects. */
  readonly span: Span;
}

export interface ManifestLinks {
  readonly uses: readonly LinkSite[];
  readonly targets: readonly LinkSite[];
}

const ISTIO_ROUTE_SECTIONS = ['http', 'tcp', 'tls'];

export function serviceKey(namespace: string, name: string): string {
  return `Service ${namespace}/${name}`;
}

/** The key of a catalog definition (the model's `definitions`), when places can name it. */
export function definitionKey(definition: Definition): string | undefined {
  if (definition.kind === 'Service') return serviceKey(definition.scope, definition.name);
  if (definition.kind === 'subset') return `subset ${definition.scope} ${definition.name}`;
  if (definition.kind === 'Ingress path') return `Ingress ${definition.name}`;
  return undefined;
}

/** Links of a file's text, read per `---` chunk and remembered (memo.ts): an edit re-reads one chunk. */
export const linksOf = memoByChunk(
  64,
  (file, chunk) => linksOfObjects(readChunk(file, chunk, 0, chunk.length).objects),
  (parts): ManifestLinks => ({
    uses: parts.flatMap(({ value, start }) => value.uses.map((site) => ({ key: site.key, span: shifted(site.span, start) }))),
    targets: parts.flatMap(({ value, start }) => value.targets.map((site) => ({ key: site.key, span: shifted(site.span, start) }))),
  }),
);

export function linksOfObjects(objects: readonly ManifestObject[]): ManifestLinks {
  const uses: LinkSite[] = [];
  const targets: LinkSite[] = [];
  for (const object of objects) {
    const namespace = namespaceOf(object.namespace);
    if (object.kind === 'Service' && object.name) targets.push({ key: serviceKey(namespace, object.name), span: object.nameSpan });
    else if (object.kind === 'VirtualService') istioUses(object, namespace, uses);
    else if (object.kind === 'DestinationRule') destinationRule(object, namespace, uses, targets);
    else if (ROUTE_KINDS.has(object.kind)) gatewayUses(object, namespace, uses);
    else if (object.kind === 'Ingress') ingress(object, namespace, uses, targets);
  }
  return { uses, targets };
}

/** The innermost site whose span holds the offset (a cursor just after a name still counts). */
export function siteAt(sites: readonly LinkSite[], offset: number): LinkSite | undefined {
  let best: LinkSite | undefined;
  for (const site of sites) {
    if (site.span.start > offset || offset > site.span.end) continue;
    if (!best || site.span.end - site.span.start < best.span.end - best.span.start) best = site;
  }
  return best;
}

/** A host as a Service key, when it is a Service of the cluster. */
function hostKey(host: string, namespace: string): string | undefined {
  const service = serviceOfHost(qualifiedHost(host, namespace));
  return service && serviceKey(service.namespace, service.name);
}

function pushHost(at: At | undefined, namespace: string, uses: LinkSite[]): void {
  const host = text(at);
  const key = host && hostKey(host, namespace);
  if (key && at) uses.push({ key, span: spanOf(at) });
}

function istioUses(object: ManifestObject, namespace: string, uses: LinkSite[]): void {
  const spec = get(object.at, 'spec');
  for (const section of ISTIO_ROUTE_SECTIONS) {
    for (const route of items(get(spec, section))) {
      for (const entry of items(get(route, 'route'))) {
        const destination = get(entry, 'destination');
        const hostAt = get(destination, 'host');
        const host = text(hostAt);
        if (!host || !hostAt) continue;
        pushHost(hostAt, namespace, uses);
        const subsetAt = get(destination, 'subset');
        const subset = text(subsetAt);
        if (subset && subsetAt) uses.push({ key: `subset ${qualifiedHost(host, namespace)} ${subset}`, span: spanOf(subsetAt) });
      }
      pushHost(path(route, 'mirror', 'host'), namespace, uses);
    }
  }
}

function destinationRule(object: ManifestObject, namespace: string, uses: LinkSite[], targets: LinkSite[]): void {
  const spec = get(object.at, 'spec');
  const hostAt = get(spec, 'host');
  const host = text(hostAt);
  if (!host || !hostAt) return;
  pushHost(hostAt, namespace, uses);
  const qualified = qualifiedHost(host, namespace);
  for (const subset of items(get(spec, 'subsets'))) {
    const nameAt = get(subset, 'name');
    const name = text(nameAt);
    if (name && nameAt) targets.push({ key: `subset ${qualified} ${name}`, span: spanOf(nameAt) });
  }
}

function gatewayUses(object: ManifestObject, namespace: string, uses: LinkSite[]): void {
  for (const rule of items(path(object.at, 'spec', 'rules'))) {
    const refs = items(get(rule, 'backendRefs'));
    for (const filter of items(get(rule, 'filters'))) {
      const mirror = path(filter, 'requestMirror', 'backendRef');
      if (mirror) refs.push(mirror);
    }
    for (const ref of refs) {
      const nameAt = get(ref, 'name');
      const name = text(nameAt);
      const kind = text(get(ref, 'kind')) ?? 'Service';
      const group = text(get(ref, 'group')) ?? '';
      if (!name || !nameAt || kind !== 'Service' || (group !== '' && group !== 'core')) continue;
      uses.push({ key: serviceKey(namespaceOf(text(get(ref, 'namespace')) ?? namespace), name), span: spanOf(nameAt) });
    }
  }
}

function ingress(object: ManifestObject, namespace: string, uses: LinkSite[], targets: LinkSite[]): void {
  const canary = isCanary(object);
  const canaryAt = canary ? nginxAnnotations(object).get('canary') : undefined;
  for (const p of ingressPaths(object)) {
    uses.push({ key: serviceKey(namespace, p.service), span: p.serviceSpan });
    const key = `Ingress ${p.host} ${p.path}`;
    if (!canary) {
      targets.push({ key, span: p.pathSpan ?? p.serviceSpan });
      continue;
    }
    if (p.pathSpan) uses.push({ key, span: p.pathSpan });
    if (canaryAt) uses.push({ key, span: canaryAt.span });
  }
}
