/**
 * Is this file a Kubernetes manifest lb-drift reads? Only `.yaml`, `.yml` and `.json` files (and
 * Helm's `.tpl`) are looked at, and only when their text names one of the kinds lb-drift reads
 * (`kind: HTTPRoute`, `"kind": "VirtualService"`, ...) next to an `apiVersion`. A GitHub workflow,
 * a compose file or a Helm values file with `weight:` keys names none of those kinds, so it costs
 * two regular-expression scans and produces nothing (invariant 9): no YAML parse happens before
 * the sniff says yes.
 */
export const MANIFEST_NAME = /\.(?:ya?ml|json)$/i;

/** The kinds whose objects become pools (Services are read only to resolve references). */
export const BALANCER_KINDS = ['HTTPRoute', 'GRPCRoute', 'TCPRoute', 'TLSRoute', 'UDPRoute', 'VirtualService', 'DestinationRule', 'Ingress'] as const;

/**
 * `kind: HTTPRoute` in YAML (quoted or not) or `"kind": "HTTPRoute"` in JSON. Unanchored, so the
 * engine scans for the literal `kind` and the whole check stays well under a millisecond per MB.
 */
const KIND = new RegExp(`kind["']?[ \\t]*:[ \\t]*["']?(?:${BALANCER_KINDS.join('|')})\\b`);
const API_VERSION = /["']?apiVersion["']?[ \t]*:/;

export function sniffKubernetes(path: string, text: string): boolean {
  if (!MANIFEST_NAME.test(path)) return false;
  return sniffManifestText(text);
}

/** The text alone: does it name a kind lb-drift reads, beside an apiVersion? */
export function sniffManifestText(text: string): boolean {
  return KIND.test(text) && API_VERSION.test(text);
}

/**
 * Whether a manifest's text names a kind another manifest's analysis resolves against (Service,
 * DestinationRule, Ingress, the routes, or a List of them): only such files are related manifests.
 */
export function mayBeRelatedManifest(text: string): boolean {
  return RELATED_KIND.test(text);
}

const RELATED_KIND = /kind["']?[ \t]*:[ \t]*["']?(?:Service|DestinationRule|Ingress|VirtualService|HTTPRoute|GRPCRoute|TCPRoute|TLSRoute|UDPRoute|List)\b/;
