/**
 * How Kubernetes and Istio name things: namespaces default to `default` when a manifest leaves
 * them out (as `kubectl apply` without `-n` does), and Istio reads a short host (`reviews`) in the
 * namespace of the object that names it (`reviews.prod.svc.cluster.local`).
 */
export const DEFAULT_NAMESPACE = 'default';

export function namespaceOf(written: string | undefined): string {
  return written && written.trim() !== '' ? written.trim() : DEFAULT_NAMESPACE;
}

/** The fully qualified host Istio matches: short names get the namespace, `.svc` gets the cluster domain. */
export function qualifiedHost(host: string, namespace: string): string {
  const h = host.trim().toLowerCase();
  if (h.includes('*')) return h;
  if (!h.includes('.')) return `${h}.${namespace}.svc.cluster.local`;
  if (h.endsWith('.svc')) return `${h}.cluster.local`;
  const parts = h.split('.');
  // `reviews.prod`: a Service in another namespace, written the way cluster DNS accepts it.
  if (parts.length === 2) return `${h}.svc.cluster.local`;
  return h;
}

/** The Service a qualified in-cluster host stands for: `reviews.prod.svc.cluster.local` -> prod/reviews. */
export function serviceOfHost(host: string): { name: string; namespace: string } | undefined {
  const match = /^([^.]+)\.([^.]+)\.svc\.cluster\.local$/.exec(host);
  return match ? { name: match[1]!, namespace: match[2]! } : undefined;
}
