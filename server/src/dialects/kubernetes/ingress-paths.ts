/**
 * The paths of an Ingress (networking.k8s.io/v1 and the older v1beta1 shape) with the Service
 * each one sends to, and the ingress-nginx annotations lb-drift reads.
 */
import type { Span } from '../../core/span';
import type { ManifestObject } from './documents';
import { entries, get, items, path, spanOf, text, type At } from './yaml-nodes';

export const NGINX_PREFIX = 'nginx.ingress.kubernetes.io/';

export interface IngressPath {
  readonly host: string;
  readonly path: string;
  readonly service: string;
  readonly port?: string;
  /** Where the path is written (absent for a default backend or a rule without `path`). */
  readonly pathSpan?: Span;
  /** The backend as written, and its Service name. */
  readonly backendSpan: Span;
  readonly serviceSpan: Span;
}

export interface Annotation {
  readonly value: string;
  readonly span: Span;
}

/** ingress-nginx annotations by their short name (`canary-weight`), with where each value is written. */
export function nginxAnnotations(object: ManifestObject): Map<string, Annotation> {
  const out = new Map<string, Annotation>();
  for (const { key, value } of entries(path(object.at, 'metadata', 'annotations'))) {
    if (!key.startsWith(NGINX_PREFIX)) continue;
    out.set(key.slice(NGINX_PREFIX.length), { value: text(value) ?? '', span: spanOf(value) });
  }
  return out;
}

export function isCanary(object: ManifestObject): boolean {
  return nginxAnnotations(object).get('canary')?.value.trim().toLowerCase() === 'true';
}

export function ingressPaths(object: ManifestObject): IngressPath[] {
  const out: IngressPath[] = [];
  const spec = get(object.at, 'spec');
  const defaultBackend = get(spec, 'defaultBackend') ?? get(spec, 'backend');
  const fromDefault = defaultBackend ? backendOf(defaultBackend) : undefined;
  if (fromDefault) out.push({ host: '*', path: '/', ...fromDefault });
  for (const rule of items(get(spec, 'rules'))) {
    const host = text(get(rule, 'host')) ?? '*';
    for (const entry of items(path(rule, 'http', 'paths'))) {
      const backend = backendOf(get(entry, 'backend'));
      const pathAt = get(entry, 'path');
      if (backend) out.push({ host, path: text(pathAt) ?? '/', ...(pathAt ? { pathSpan: spanOf(pathAt) } : {}), ...backend });
    }
  }
  return out;
}

function backendOf(at: At | undefined): Omit<IngressPath, 'host' | 'path'> | undefined {
  if (!at) return undefined;
  const v1 = get(at, 'service');
  const nameAt = v1 ? get(v1, 'name') : get(at, 'serviceName');
  const service = text(nameAt);
  if (!service || !nameAt) return undefined;
  const port = v1 ? (text(path(v1, 'port', 'number')) ?? text(path(v1, 'port', 'name'))) : text(get(at, 'servicePort'));
  return { service, ...(port ? { port } : {}), backendSpan: spanOf(at), serviceSpan: spanOf(nameAt) };
}
