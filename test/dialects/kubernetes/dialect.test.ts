/**
 * The Kubernetes dialect on small manifests: what the sniff accepts (and the YAML it leaves
 * alone), shares as each system defines them, composition of a canary with its main Ingress,
 * Helm templates and alias bombs, and JSON.
 */
import { describe, expect, it } from 'vitest';
import { noIncludes, type SourceLoader } from '../../../server/src/core/dialect';
import { kubernetesDialect } from '../../../server/src/dialects/kubernetes';
import { RELATED_MANIFESTS } from '../../../server/src/dialects/kubernetes/related';
import { predictShares, createRouter } from '../../../server/src/traffic';

const analyze = (text: string, loader: SourceLoader = noIncludes, path = '/k8s/a.yaml') => kubernetesDialect.analyze({ path, text }, loader);
const shares = (text: string) => analyze(text).model.pools.map((p) => predictShares(p).members.map((m) => Number(m.share.toFixed(4))));

const vs = (...destinations: string[]) =>
  `apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata: {name: r}\nspec:\n  http:\n    - route:\n${destinations.map((d) => `        - ${d}\n`).join('')}`;

describe('sniff', () => {
  it('accepts the kinds it reads, in YAML and one-line JSON, and nothing else', () => {
    expect(kubernetesDialect.sniff('a.yaml', 'apiVersion: v1\nkind: HTTPRoute\n')).toBe(true);
    expect(kubernetesDialect.sniff('a.json', '{"apiVersion":"networking.istio.io/v1","kind":"VirtualService"}')).toBe(true);
    expect(kubernetesDialect.sniff('ci.yml', 'name: ci\non: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n')).toBe(false);
    expect(kubernetesDialect.sniff('values.yaml', 'canary:\n  weight: 10\nstable:\n  weight: 90\n')).toBe(false);
    expect(kubernetesDialect.sniff('compose.yaml', 'services:\n  web:\n    image: nginx\n')).toBe(false);
    expect(kubernetesDialect.sniff('svc.yaml', 'apiVersion: v1\nkind: Service\n')).toBe(false);
    expect(kubernetesDialect.sniff('nginx.conf', 'apiVersion: v1\nkind: HTTPRoute\n')).toBe(false);
  });
});

describe('shares', () => {
  it('Istio: weight / sum, a lone destination gets all, no weight beside weighted ones gets nothing', () => {
    expect(shares(vs('destination: {host: a}\n          weight: 70', 'destination: {host: b}\n          weight: 20'))).toEqual([[0.7778, 0.2222]]);
    expect(shares(vs('destination: {host: a}\n          weight: 30'))).toEqual([[1]]);
    expect(shares(vs('destination: {host: a}\n          weight: 90', 'destination: {host: b}'))).toEqual([[1, 0]]);
  });

  it('Gateway API: weight defaults to 1; all zero forwards nothing', () => {
    const route = (refs: string) => `apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata: {name: s}\nspec:\n  rules:\n    - backendRefs: [${refs}]\n`;
    expect(shares(route('{name: a, weight: 90}, {name: b}'))).toEqual([[0.989, 0.011]]);
    expect(shares(route('{name: a, weight: 0}, {name: b, weight: 0}'))).toEqual([[0, 0]]);
  });

  it('ingress-nginx: a canary in one file composes with its main Ingress in another; total under 100 is 100; header decides first', () => {
    const main = 'apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: web}\nspec:\n  rules:\n    - host: w.example\n      http:\n        paths:\n          - path: /\n            backend: {service: {name: web, port: {number: 80}}}\n';
    const canary =
      'apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: web-canary\n  annotations:\n    nginx.ingress.kubernetes.io/canary: "true"\n    nginx.ingress.kubernetes.io/canary-weight: "5"\n    nginx.ingress.kubernetes.io/canary-weight-total: "10"\n    nginx.ingress.kubernetes.io/canary-by-header: x-canary\nspec:\n  rules:\n    - host: w.example\n      http:\n        paths:\n          - path: /\n            backend: {service: {name: web-v2, port: {number: 80}}}\n';
    const loader: SourceLoader = {
      include: (pattern) => (pattern === RELATED_MANIFESTS ? { ok: true, files: [{ path: '/k8s/main.yaml', text: main }] } : { ok: false, message: 'none' }),
    };
    expect(analyze(canary).model.pools).toEqual([]);
    const model = analyze(canary, loader).model;
    expect(model.complete).toBe(true);
    const [pool] = model.pools;
    expect(pool!.members.map((m) => m.address)).toEqual(['web:80', 'web-v2:80']);
    expect(predictShares(pool!).members.map((m) => m.share)).toEqual([0.95, 0.05]);
    const created = createRouter(pool!);
    expect(created.ok).toBe(true);
    if (!created.ok) return;
    expect(created.router.route({ uri: '/', headers: { 'X-Canary': 'always' } })).toEqual({ ok: true, member: 1 });
    expect(created.router.route({ uri: '/', headers: { 'x-canary': 'never' } })).toEqual({ ok: true, member: 0 });
    expect(created.router.route({ uri: '/' }).ok).toBe(false);
  });
});

describe('documents', () => {
  it('skips Helm-templated documents with one note and reads the others', () => {
    const text = `${vs('destination: {host: a}')}---\napiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata: {name: {{ .Release.Name }}}\n---\n{{- if .Values.x }}\n{{- end }}\n`;
    const analysis = analyze(text);
    expect(analysis.problems.map((p) => p.kind)).toEqual(['template']);
    expect(analysis.model.pools).toHaveLength(1);
  });

  it('reports an alias bomb as one error and reads nothing of it', () => {
    const bomb = ['a: &a ["x","x","x","x","x","x","x","x","x"]', ...'bcdefghi'.split('').map((k, i) => `${k}: &${k} [${Array(9).fill(`*${'abcdefghi'[i]}`).join(',')}]`)].join('\n');
    const analysis = analyze(`apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata: {name: r}\n${bomb}\n`);
    expect(analysis.problems).toHaveLength(1);
    expect(analysis.problems[0]!.message).toMatch(/alias/);
    expect(analysis.model.pools).toEqual([]);
  });

  it('reads JSON and kind: List', () => {
    const json = JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [{ apiVersion: 'gateway.networking.k8s.io/v1', kind: 'HTTPRoute', metadata: { name: 's' }, spec: { rules: [{ backendRefs: [{ name: 'a', weight: 3 }, { name: 'b' }] }] } }] });
    const analysis = analyze(json, noIncludes, '/k8s/a.json');
    expect(analysis.problems).toEqual([]);
    expect(analysis.model.pools.map((p) => p.members.map((m) => m.weight))).toEqual([[3, 1]]);
  });

  it('reports a YAML syntax error with its place', () => {
    const analysis = analyze('apiVersion: v1\nkind: HTTPRoute\nspec: [unclosed\n');
    expect(analysis.problems.some((p) => p.kind === 'syntax')).toBe(true);
  });
});
