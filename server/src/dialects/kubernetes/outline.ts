/**
 * The outline of a manifest file: one item per object (each `---` document, each item of a
 * `kind: List`), named by kind and name with the namespace when one is written
 * (`VirtualService reviews (bookinfo)`), and inside it what routes traffic: an Istio route with
 * its destinations, a DestinationRule's subsets, a Gateway API rule with its backendRefs, an
 * Ingress's paths. Every item keeps its span, and `member` is where the model's split member for
 * it is (so the editor can add its share). Never throws.
 */
import { coverSpans, type Span } from '../../core/span';
import { readChunk, type ManifestObject } from './documents';
import { ROUTE_KINDS } from './lower-gateway';
import { ingressPaths, isCanary } from './ingress-paths';
import { memoByChunk, shifted } from './memo';
import { get, items, path, spanOf, text, type At } from './yaml-nodes';

export type OutlineRole = 'object' | 'route' | 'destination' | 'subset' | 'path';

export interface OutlineItem {
  readonly name: string;
  readonly detail?: string;
  readonly role: OutlineRole;
  readonly span: Span;
  /** What the editor selects: the name as written. */
  readonly selection: Span;
  /** Where a split member for this item is located in the model, if it is one. */
  readonly member?: Span;
  readonly children: readonly OutlineItem[];
}

const ISTIO_ROUTE_SECTIONS = ['http', 'tcp', 'tls'];

/** The outline of a file's text, read per `---` chunk and remembered (memo.ts): an edit re-reads one chunk. */
export const outlineOfText = memoByChunk(
  16,
  (file, chunk) => outlineOf(readChunk(file, chunk, 0, chunk.length).objects),
  (parts) => parts.flatMap(({ value, start }) => value.map((item) => moved(item, start))),
);

function moved(item: OutlineItem, by: number): OutlineItem {
  if (by === 0) return item;
  return {
    ...item,
    span: shifted(item.span, by),
    selection: shifted(item.selection, by),
    ...(item.member ? { member: shifted(item.member, by) } : {}),
    children: item.children.map((child) => moved(child, by)),
  };
}

export function outlineOf(objects: readonly ManifestObject[]): OutlineItem[] {
  return objects.map((object) => {
    const name = `${object.kind} ${object.name}${object.namespace ? ` (${object.namespace})` : ''}`.trimEnd();
    const children = childrenOf(object);
    const detail = object.kind === 'Ingress' && isCanary(object) ? 'canary' : object.kind === 'DestinationRule' ? hostDetail(object) : undefined;
    return { name, ...(detail ? { detail } : {}), role: 'object', span: object.span, selection: object.nameSpan, children };
  });
}

function childrenOf(object: ManifestObject): OutlineItem[] {
  const spec = get(object.at, 'spec');
  if (object.kind === 'VirtualService') return ISTIO_ROUTE_SECTIONS.flatMap((section) => items(get(spec, section)).map((route, i) => istioRoute(section, route, i)));
  if (object.kind === 'DestinationRule') return items(get(spec, 'subsets')).flatMap(subset);
  if (ROUTE_KINDS.has(object.kind)) return items(get(spec, 'rules')).map(gatewayRule);
  if (object.kind === 'Ingress') return ingressPaths(object).map(ingressPath);
  return [];
}

function hostDetail(object: ManifestObject): string | undefined {
  const host = text(path(object.at, 'spec', 'host'));
  return host ? `host ${host}` : undefined;
}

/** A route or rule: its name as written, else its place (`http[0]`, `rule 1`), and its span. */
function routeItem(name: string, at: At, children: OutlineItem[]): OutlineItem {
  const nameAt = get(at, 'name');
  const span = spanOf(at);
  return { name, role: 'route', span, selection: nameAt ? spanOf(nameAt) : { start: span.start, end: span.start }, children };
}

function istioRoute(section: string, route: At, index: number): OutlineItem {
  const destinations = items(get(route, 'route')).flatMap((entry): OutlineItem[] => {
    const destination = get(entry, 'destination');
    const hostAt = get(destination, 'host');
    const host = text(hostAt);
    if (!host || !hostAt) return [];
    const subset = text(get(destination, 'subset'));
    const port = text(path(destination, 'port', 'number'));
    const span = spanOf(entry);
    return [{ name: `${host}${port ? `:${port}` : ''}${subset ? ` subset ${subset}` : ''}`, role: 'destination', span, selection: spanOf(hostAt), member: span, children: [] }];
  });
  return routeItem(`${section}[${text(get(route, 'name')) ?? index}]`, route, destinations);
}

function subset(at: At): OutlineItem[] {
  const nameAt = get(at, 'name');
  const name = text(nameAt);
  return name && nameAt ? [{ name: `subset ${name}`, role: 'subset', span: spanOf(at), selection: spanOf(nameAt), children: [] }] : [];
}

function gatewayRule(rule: At, index: number): OutlineItem {
  const refs = items(get(rule, 'backendRefs')).flatMap((ref): OutlineItem[] => {
    const nameAt = get(ref, 'name');
    const name = text(nameAt);
    if (!name || !nameAt) return [];
    const kind = text(get(ref, 'kind'));
    const namespace = text(get(ref, 'namespace'));
    const port = text(get(ref, 'port'));
    const span = spanOf(ref);
    const written = `${kind && kind !== 'Service' ? `${kind} ` : ''}${namespace ? `${namespace}/` : ''}${name}${port ? `:${port}` : ''}`;
    return [{ name: written, role: 'destination', span, selection: spanOf(nameAt), member: span, children: [] }];
  });
  return routeItem(`rule ${text(get(rule, 'name')) ?? index + 1}`, rule, refs);
}

function ingressPath(p: ReturnType<typeof ingressPaths>[number]): OutlineItem {
  return {
    name: `${p.host} ${p.path}`,
    detail: `→ ${p.service}${p.port ? `:${p.port}` : ''}`,
    role: 'path',
    span: p.pathSpan ? coverSpans(p.pathSpan, p.backendSpan) : p.backendSpan,
    selection: p.pathSpan ?? p.serviceSpan,
    member: p.backendSpan,
    children: [],
  };
}
