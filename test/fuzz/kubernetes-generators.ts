/**
 * Generators of Kubernetes manifests: multi-document files mixing Gateway API routes, Istio
 * VirtualServices and DestinationRules, ingress-nginx Ingresses and canaries and Services, with
 * weights (written, missing, 0, quoted, negative, huge), subsets that exist or not, anchors and
 * aliases, Helm tags, JSON, CRLF, suppression comments, and arbitrary text.
 */
import fc from 'fast-check';
import { fromArbitrary, type Generator } from './nginx-generators';
import type { Rng } from './random';

const WEIGHTS = ['', '', 'weight: 0', 'weight: 1', 'weight: 10', 'weight: 90', 'weight: 100', 'weight: "50"', 'weight: -1', 'weight: 1000001', 'weight: x', 'weight:'];
const HOSTS = ['reviews', 'reveiws', 'ratings', 'reviews.prod', 'reviews.prod.svc.cluster.local', '"*.example.com"', '{{ .Values.host }}'];
const SUBSETS = ['', 'v1', 'v2', 'v3', '""'];
const RULES = ['split-weights-sum', 'zero-weight-backend', 'undefined-pool', 'no-health-check', 'canary-weight-overflow'];
const ANNOTATIONS = ['canary: "true"', 'canary: "false"', 'canary-weight: "10"', 'canary-weight: "150"', 'canary-weight-total: "10"', 'canary-weight-total: "1000"', 'canary-by-header: x-canary', 'canary-by-cookie: c', 'upstream-hash-by: "$remote_addr"', 'load-balance: ewma'];

function route(r: Rng): string {
  const refs = Array.from({ length: r.int(4) }, (_, i) => `        - name: svc-${r.int(3)}\n          port: 8080\n          ${r.pick(WEIGHTS)}`.trimEnd() + (i === 0 && r.chance(0.2) ? '\n          kind: ServiceImport' : ''));
  return `apiVersion: gateway.networking.k8s.io/v1\nkind: ${r.pick(['HTTPRoute', 'GRPCRoute', 'TCPRoute'])}\nmetadata:\n  name: r${r.int(3)}\nspec:\n  rules:\n    - backendRefs:\n${refs.join('\n')}\n`;
}

function virtualService(r: Rng): string {
  const destinations = Array.from({ length: 1 + r.int(3) }, () => {
    const subset = r.pick(SUBSETS);
    return `        - destination:\n            host: ${r.pick(HOSTS)}${subset ? `\n            subset: ${subset}` : ''}\n          ${r.pick(WEIGHTS)}`.trimEnd();
  });
  return `apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata:\n  name: vs${r.int(3)}\n  namespace: ${r.pick(['prod', 'default', ''])}\nspec:\n  ${r.pick(['http', 'tcp', 'tls'])}:\n    - route:\n${destinations.join('\n')}\n`;
}

function destinationRule(r: Rng): string {
  const subsets = Array.from({ length: r.int(3) }, (_, i) => `    - name: v${i + 1}\n      labels: {version: v${i + 1}}`);
  const lb = r.pick(['', '    loadBalancer: {simple: ROUND_ROBIN}\n', '    loadBalancer:\n      consistentHash:\n        useSourceIp: true\n        ringHash: {minimumRingSize: 8}\n', '    outlierDetection: {consecutive5xxErrors: 5}\n']);
  return `apiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata:\n  name: dr${r.int(2)}\nspec:\n  host: ${r.pick(HOSTS)}\n${lb ? `  trafficPolicy:\n${lb}` : ''}${subsets.length ? `  subsets:\n${subsets.join('\n')}\n` : ''}`;
}

function ingress(r: Rng): string {
  const annotations = Array.from({ length: r.int(4) }, () => `    nginx.ingress.kubernetes.io/${r.pick(ANNOTATIONS)}`);
  return `apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: web${r.int(3)}\n${annotations.length ? `  annotations:\n${annotations.join('\n')}\n` : ''}spec:\n  rules:\n    - host: w.example\n      http:\n        paths:\n          - path: ${r.pick(['/', '/api'])}\n            backend:\n              service: {name: web-${r.int(3)}, port: {number: 80}}\n`;
}

function manifests(r: Rng): string {
  const documents = Array.from({ length: 1 + r.int(4) }, () => {
    const doc = r.pick([route, virtualService, destinationRule, ingress, () => 'apiVersion: v1\nkind: Service\nmetadata: {name: reviews}\n'])(r);
    return r.chance(0.15) ? `# lb-drift-disable-next-line ${r.pick(RULES)}\n${doc}` : doc;
  });
  let text = documents.join(r.chance(0.8) ? '---\n' : '');
  if (r.chance(0.1)) text = `x: &a [1, 2]\ny: *a\n---\n${text}`;
  if (r.chance(0.1)) text = text.replace(/\n/g, '\r\n');
  return text;
}

export const KUBERNETES_GENERATORS: readonly Generator[] = [
  { name: 'manifests', generate: manifests },
  { name: 'json', generate: (r) => JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [{ apiVersion: 'gateway.networking.k8s.io/v1', kind: 'HTTPRoute', metadata: { name: 'r' }, spec: { rules: [{ backendRefs: [{ name: 'a', weight: r.int(3) }, { name: 'b', weight: r.int(3) }] }] } }] }) },
  fromArbitrary('text', fc.string({ unit: fc.constantFrom('apiVersion: v1\n', 'kind: HTTPRoute\n', '---\n', '  - ', 'weight: 5\n', '{{', '}}', '&a ', '*a ', ':', '\n', ' ', '"', "'", '[', ']', '{', '}', '#', 'x'), maxLength: 80 })),
];
