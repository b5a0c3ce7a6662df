/**
 * Invariant 13 for Kubernetes manifests: after any sequence of edits, an analysis made from the
 * previous one (the dialect re-reads only the `---` documents the edit touches and moves the
 * others; the engine carries the other pools' findings and shares) equals a fresh analysis of
 * the same text: findings, pools with their locations and shares, problems. Edits add and remove
 * `---` lines, break the YAML, type inside block scalars and quoted strings, add Helm tags,
 * anchors and aliases, whole documents (canaries, their main Ingress), at random places; the
 * related manifests of the repository (a main Ingress for a canary, Services, a DestinationRule)
 * come from the loader and change between versions too.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { SourceLoader } from '../../server/src/core/dialect';
import { kubernetesDialect } from '../../server/src/dialects/kubernetes';
import { RELATED_MANIFESTS } from '../../server/src/dialects/kubernetes/related';
import { plainPool } from '../../server/src/dialects/kubernetes/moved';
import { Shift } from '../../server/src/dialects/kubernetes/shift';
import { analyzeFile, type FileReport } from '../../server/src/engine/analyze';
import { changeBetween, PartnerFinder } from '../../server/src/engine/incremental';

const ROOT = '/repo/k8s/mesh.yaml';

const VIRTUAL_SERVICE = `apiVersion: networking.istio.io/v1beta1
kind: VirtualService
metadata:
  name: reviews
  namespace: prod
spec:
  hosts: [reviews]
  http:
    - name: split
      route:
        - destination: {host: reviews, subset: v1}
          weight: 90
        - destination:
            host: reviews
            subset: v2
          weight: 10
        - destination:
            host: reviews
            subset: v2
          weight: 5
      mirror:
        host: shadow
    - route:
        - destination:
            host: ratings
`;

const DESTINATION_RULE = `apiVersion: networking.istio.io/v1beta1
kind: DestinationRule
metadata:
  name: reviews
  namespace: prod
spec:
  host: reviews
  trafficPolicy:
    loadBalancer:
      consistentHash:
        useSourceIp: true
  subsets:
    - name: v1
      labels: {version: v1}
    - name: v2
      labels:
        version: v2
      trafficPolicy:
        loadBalancer:
          consistentHash:
            ringHash:
              minimumRingSize: 4
`;

const HTTP_ROUTE = `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: store
  namespace: shop
spec:
  parentRefs: [{name: gw}]
  rules:
    - backendRefs:
        - name: store-v1
          port: 8080
          weight: 0
        - name: store-v2
          port: 8080
          weight: 0
    - backendRefs:
        - name: store-v1
          weight: 3
        - name: stroe-v2
          weight: 1
`;

const MAIN_INGRESS = `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web
  namespace: shop
  annotations:
    nginx.ingress.kubernetes.io/upstream-hash-by: "$remote_addr"
spec:
  ingressClassName: nginx
  rules:
    - host: web.example.com
      http:
        paths:
          - path: /
            pathType: Prefix
            backend:
              service:
                name: web
                port: {number: 80}
`;

const CANARY_INGRESS = `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web-canary
  namespace: shop
  annotations:
    nginx.ingress.kubernetes.io/canary: "true"
    nginx.ingress.kubernetes.io/canary-weight: "30"
    nginx.ingress.kubernetes.io/canary-by-header: x-canary
    description: |
      Canary of the web tier.
      ---
      Weighted at 30 of 100.
spec:
  rules:
    - host: web.example.com
      http:
        paths:
          - path: /
            pathType: Prefix
            backend:
              service:
                name: web-canary
                port: {number: 80}
    - host: api.example.com
      http:
        paths:
          - path: /v1
            backend:
              service:
                name: api-canary
                port: {number: 80}
`;

const SERVICE = `apiVersion: v1
kind: Service
metadata:
  name: store-v1
  namespace: shop
spec:
  ports: [{port: 8080}]
`;

const CONFIG_MAP = `apiVersion: v1
kind: ConfigMap
metadata:
  name: notes
data:
  weights: |
    weight: 10
    kind: VirtualService
  quoted: "a long
    folded line"
`;

const DOCUMENTS = [VIRTUAL_SERVICE, DESTINATION_RULE, HTTP_ROUTE, MAIN_INGRESS, CANARY_INGRESS, SERVICE, CONFIG_MAP];

/** Manifests the sequences start from: documents in several orders, with and without a leading marker, CRLF too. */
const MANIFESTS: readonly string[] = [
  DOCUMENTS.join('---\n'),
  `---\n${[CANARY_INGRESS, SERVICE, VIRTUAL_SERVICE, MAIN_INGRESS, DESTINATION_RULE].join('---\n')}`,
  `# rendered by helm template\n---\n${[HTTP_ROUTE, CONFIG_MAP, CANARY_INGRESS, VIRTUAL_SERVICE].join('\n---\n')}...\n`,
  DOCUMENTS.join('---\n').replace(/\n/g, '\r\n'),
  `${[DESTINATION_RULE, VIRTUAL_SERVICE].join('--- # next\n')}`,
];

/** What people type in manifests, and what breaks them. */
const INSERTS = [
  '1',
  '0',
  ' ',
  'x',
  '\n',
  '---\n',
  '\n---\n',
  '---',
  '--- ',
  '-',
  '...\n',
  'weight: 50\n',
  '          weight: 7\n',
  '  ',
  ':',
  ': [',
  '"',
  "'",
  '#',
  '\t',
  '{{ .Values.weight }}',
  '&anchor ',
  '*anchor',
  'subset: v3\n',
  '    nginx.ingress.kubernetes.io/canary-weight: "120"\n',
  `---\n${CANARY_INGRESS}`,
  `---\n${MAIN_INGRESS}`,
  `---\n${VIRTUAL_SERVICE}`,
  '[[[[[[[[',
  '%YAML 1.2\n',
];

interface Edit {
  readonly at: number;
  readonly length: number;
  readonly insert: string;
}

const editArb: fc.Arbitrary<Edit> = fc.record({
  at: fc.integer({ min: 0, max: 999_999 }).map((n) => n / 1_000_000),
  length: fc.oneof(
    { weight: 10, arbitrary: fc.constant(0) },
    { weight: 6, arbitrary: fc.integer({ min: 1, max: 4 }) },
    { weight: 2, arbitrary: fc.integer({ min: 5, max: 200 }) },
  ),
  insert: fc.oneof({ weight: 12, arbitrary: fc.constantFrom(...INSERTS) }, { weight: 4, arbitrary: fc.constant('') }),
});

function applyEdit(text: string, edit: Edit): string {
  const start = Math.floor(edit.at * text.length);
  return text.slice(0, start) + edit.insert + text.slice(Math.min(text.length, start + edit.length));
}

/** The repository's other manifests, as the host answers the related-manifests pattern. */
function repositoryLoader(files: Record<string, string>): SourceLoader {
  return {
    include: (pattern) =>
      pattern === RELATED_MANIFESTS
        ? { ok: true, files: Object.entries(files).map(([path, text]) => ({ path, text })) }
        : { ok: false, message: `include "${pattern}" names no file` },
  };
}

const OTHER_FILE = '/repo/k8s/web.yaml';
const OTHERS: readonly SourceLoader[] = [
  repositoryLoader({ [OTHER_FILE]: `${MAIN_INGRESS.replace('web.example.com', 'api.example.com').replace('path: /', 'path: /v1')}---\n${SERVICE}` }),
  repositoryLoader({ [OTHER_FILE]: `${MAIN_INGRESS.replace('web.example.com', 'api.example.com').replace('path: /', 'path: /v1').replace('name: web\n', 'name: api\n')}` }),
  repositoryLoader({ [OTHER_FILE]: SERVICE }),
];

function outcome(report: FileReport): unknown {
  return {
    findings: report.findings.map((f) => JSON.parse(JSON.stringify(f)) as unknown),
    pools: (report.model?.pools ?? []).map((pool) => ({ pool: JSON.parse(JSON.stringify(pool)) as unknown, shares: report.shares(pool) })),
    references: JSON.parse(JSON.stringify(report.model?.references ?? [])) as unknown,
    definitions: JSON.parse(JSON.stringify(report.model?.definitions ?? [])) as unknown,
    problems: report.problems.map((p) => JSON.parse(JSON.stringify(p)) as unknown),
  };
}

/**
 * The dialect's side of the contract: every pool outside the re-read range that the engine pairs
 * with a previous pool is that pool, moved by the edit (else the engine would carry its findings
 * and shares over a change the dialect saw elsewhere, such as a canary's main Ingress).
 */
function expectUnchangedOutsideReread(previous: FileReport, text: string, loader: SourceLoader): void {
  const memo = previous.memo!;
  const change = changeBetween(memo.text, text);
  const again = kubernetesDialect.reanalyze!(memo.analysis, { path: ROOT, text }, change, loader);
  if (!again) return;
  const shift = new Shift(ROOT, change.oldEnd, change.newEnd - change.oldEnd);
  const partners = new PartnerFinder(ROOT, { memo, change, reread: again.reread });
  for (const pool of again.analysis.model.pools) {
    const results = partners.find(pool);
    if (!results) continue;
    expect(JSON.parse(JSON.stringify(pool))).toEqual(JSON.parse(JSON.stringify(shift.pool(plainPool(results.pool)))));
  }
}

describe('invariant 13 for Kubernetes: incremental analysis equals full analysis', () => {
  it('findings, pools, shares and problems after random edit sequences equal a fresh analysis', () => {
    let reused = 0;
    fc.assert(
      fc.property(
        fc.constantFrom(...MANIFESTS),
        fc.array(fc.record({ edit: editArb, related: fc.nat(OTHERS.length - 1) }), { minLength: 1, maxLength: 10 }),
        (seed, steps) => {
          let text = seed;
          let previous = analyzeFile({ path: ROOT, text }, OTHERS[0]!, { dialect: 'kubernetes' });
          for (const { edit, related } of steps) {
            text = applyEdit(text, edit);
            const loader = OTHERS[related]!;
            const next = analyzeFile({ path: ROOT, text }, loader, { dialect: 'kubernetes', previous });
            const fresh = analyzeFile({ path: ROOT, text }, loader, { dialect: 'kubernetes' });
            expect(outcome(next)).toEqual(outcome(fresh));
            expectUnchangedOutsideReread(previous, text, loader);
            const before = new Set((previous.model?.pools ?? []).map((pool) => previous.shares(pool)));
            reused += (next.model?.pools ?? []).filter((pool) => before.has(next.shares(pool))).length;
            previous = next;
          }
        },
      ),
      { numRuns: 150, seed: 15 },
    );
    // The property must exercise the reuse, not only whole analyses.
    expect(reused).toBeGreaterThan(1000);
  });

  it('checks a canary again when its main Ingress, in another document, changes', () => {
    // The canary's pool is outside the edited document, with the same key and length: only the
    // dialect can tell the engine that its main member (the edited Service name) changed.
    const before = `${MAIN_INGRESS}---\n${SERVICE}---\n${CANARY_INGRESS}`;
    const after = before.replace('                name: web\n', '                name: web-canary\n');
    const loader = OTHERS[2]!;
    const previous = analyzeFile({ path: ROOT, text: before }, loader, { dialect: 'kubernetes' });
    const next = analyzeFile({ path: ROOT, text: after }, loader, { dialect: 'kubernetes', previous });
    const fresh = analyzeFile({ path: ROOT, text: after }, loader, { dialect: 'kubernetes' });
    expect(fresh.findings.some((f) => f.rule === 'duplicate-member')).toBe(true);
    expect(outcome(next)).toEqual(outcome(fresh));
    expectUnchangedOutsideReread(previous, after, loader);
  });
});
