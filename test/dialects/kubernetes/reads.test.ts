/**
 * What issue 15 says lb-drift reads, one field at a time, on small manifests: every Gateway API
 * route kind in each API version (with backendRefs of another kind and group, and RequestMirror),
 * Istio routes of every section with match, mirror and mirrorPercentage, DestinationRule load
 * balancers (each consistentHash key, ringHash/maglev, localityLbSetting, warmupDurationSecs,
 * per-subset and per-port policies with their outlierDetection), and the ingress-nginx balancing
 * annotations including affinity and affinity-mode.
 */
import { describe, expect, it } from 'vitest';
import { noIncludes } from '../../../server/src/core/dialect';
import type { Pool } from '../../../server/src/core/model';
import { kubernetesDialect } from '../../../server/src/dialects/kubernetes';
import { createRouter, predictShares } from '../../../server/src/traffic';

const pools = (text: string) => kubernetesDialect.analyze({ path: '/k8s/a.yaml', text }, noIncludes).model.pools;
const facts = (pool: Pool) => Object.fromEntries(Object.entries(pool.facts).map(([k, v]) => [k, v!.value]));
const gateway = (version: string, kind: string, rule: string) =>
  `apiVersion: gateway.networking.k8s.io/${version}\nkind: ${kind}\nmetadata: {name: s, namespace: shop}\nspec:\n  parentRefs: [{name: gw}]\n  rules:\n${rule}`;
const REFS = '    - backendRefs: [{name: a, weight: 3}, {name: b, kind: ServiceImport, group: multicluster.x-k8s.io, weight: 1}]\n';

describe('Gateway API', () => {
  it.each([
    ['v1', 'HTTPRoute'],
    ['v1beta1', 'HTTPRoute'],
    ['v1', 'GRPCRoute'],
    ['v1alpha2', 'GRPCRoute'],
    ['v1alpha2', 'TCPRoute'],
    ['v1alpha2', 'TLSRoute'],
    ['v1alpha2', 'UDPRoute'],
  ])('%s %s: a split over its backendRefs, a ServiceImport backend kept as a destination but never looked up as a Service', (version, kind) => {
    const [pool] = pools(gateway(version, kind, REFS));
    expect(pool!.key).toBe(`${kind} shop/s rule 1`);
    expect(pool!.members.map((m) => [m.address, m.name])).toEqual([
      ['a', undefined],
      ['b', 'ServiceImport'],
    ]);
    expect(predictShares(pool!).members.map((m) => m.share)).toEqual([0.75, 0.25]);
    const references = kubernetesDialect.analyze({ path: '/k8s/a.yaml', text: gateway(version, kind, REFS) }, noIncludes).model.references;
    expect(references.map((r) => `${r.kind} ${r.name} ${r.context}`)).toEqual(['backendRef a shop']);
  });

  it('RequestMirror copies requests without a share, and the shares say so', () => {
    const [pool] = pools(gateway('v1', 'HTTPRoute', '    - backendRefs: [{name: a}]\n      filters:\n        - type: RequestMirror\n          requestMirror: {backendRef: {name: shadow, port: 80}}\n'));
    expect(pool!.members.map((m) => m.address)).toEqual(['a']);
    expect(facts(pool!)).toMatchObject({ mirror: 'shadow' });
    expect(predictShares(pool!).caveat).toContain('A copy of every request also goes to shadow (mirror); its answers are dropped, so it takes no share.');
  });
});

describe('Istio VirtualService', () => {
  const text = `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: r}
spec:
  hosts: [r]
  http:
    - match: [{headers: {end-user: {exact: jason}}}]
      route: [{destination: {host: r, subset: v2}}]
    - route:
        - destination: {host: r, subset: v1}
          weight: 90
        - destination: {host: r, subset: v2}
          weight: 10
      mirror: {host: r, subset: v3}
      mirrorPercentage: {value: 5.0}
      retries: {attempts: 3, perTryTimeout: 2s}
  tcp:
    - route: [{destination: {host: r, port: {number: 3306}}}]
  tls:
    - match: [{sniHosts: [r.example]}]
      route: [{destination: {host: r}}]
`;

  it('reads http (a matched route on its own), tcp and tls routes, each a split of its destinations', () => {
    expect(pools(text).map((p) => [p.key, p.members.map((m) => m.address), predictShares(p).members.map((m) => m.share)])).toEqual([
      ['VirtualService default/r http 0', ['r subset v2'], [1]],
      ['VirtualService default/r http 1', ['r subset v1', 'r subset v2'], [0.9, 0.1]],
      ['VirtualService default/r tcp 0', ['r:3306'], [1]],
      ['VirtualService default/r tls 0', ['r'], [1]],
    ]);
  });

  it('reads mirror with its subset and mirrorPercentage, and the shares name the copy', () => {
    const mirrored = pools(text)[1]!;
    expect(facts(mirrored)).toMatchObject({ mirror: 'r subset v3', mirrorPercentage: '5' });
    expect(predictShares(mirrored).caveat).toContain('A copy of 5% of the requests also goes to r subset v3 (mirror)');
  });
});

describe('Istio DestinationRule', () => {
  const rule = (policy: string, subsets = '') => `apiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata: {name: r}\nspec:\n  host: r\n  trafficPolicy:\n${policy}${subsets}`;

  it.each([
    ['      loadBalancer: {consistentHash: {httpHeaderName: x-user}}\n', 'header x-user', 'ring-hash'],
    ['      loadBalancer: {consistentHash: {httpCookie: {name: sid, ttl: 0s}}}\n', 'cookie sid', 'ring-hash'],
    ['      loadBalancer: {consistentHash: {useSourceIp: true}}\n', 'source-ip', 'ring-hash'],
    ['      loadBalancer: {consistentHash: {httpQueryParameterName: user, maglev: {tableSize: 65537}}}\n', 'query user', 'maglev'],
  ])('consistentHash case %#: its key and ring kind', (policy, key, algorithm) => {
    const [pool] = pools(rule(policy));
    expect(pool!.hash?.key).toBe(key);
    expect(pool!.algorithm).toBe(algorithm);
  });

  it('reads ringHash.minimumRingSize, simple, localityLbSetting and warmupDurationSecs; per-pod shares are unknowable and said so', () => {
    const [hashed] = pools(rule('      loadBalancer: {consistentHash: {httpHeaderName: x-user, ringHash: {minimumRingSize: 64}}}\n'));
    expect(facts(hashed!).minimumRingSize).toBe('64');
    const [simple] = pools(rule('      loadBalancer:\n        simple: ROUND_ROBIN\n        localityLbSetting: {enabled: true}\n        warmupDurationSecs: 30s\n'));
    expect(simple!.algorithm).toBe('round-robin');
    expect(facts(simple!)).toMatchObject({ warmupDurationSecs: '30s', localityLbSetting: 'set' });
    const caveat = predictShares(simple!).caveat;
    expect(caveat).toContain('warmupDurationSecs 30s (a new pod\'s share ramps up over that time)');
    expect(caveat).toContain('localityLbSetting (pods in the client\'s locality first');
    expect(caveat).toContain('per-pod shares are unknowable offline');
  });

  it('reads subsets with per-subset trafficPolicy and portLevelSettings as their own pools, outlierDetection as passive health', () => {
    const text = rule(
      '    outlierDetection: {consecutive5xxErrors: 5}\n    portLevelSettings:\n      - port: {number: 80}\n        loadBalancer: {simple: LEAST_REQUEST}\n      - port: {number: 9090}\n        loadBalancer: {simple: RANDOM}\n',
      '  subsets:\n    - name: v1\n      labels: {version: v1}\n      trafficPolicy: {loadBalancer: {simple: RANDOM}}\n    - name: v2\n      labels: {version: v2}\n',
    );
    expect(pools(text).map((p) => [p.key, p.algorithmText, p.health.passive, facts(p).subsets])).toEqual([
      ['DestinationRule default/r', 'LEAST_REQUEST (Istio default)', true, 'v1,v2'],
      ['DestinationRule default/r subset v1', 'RANDOM', false, 'v1'],
      ['DestinationRule default/r port 80', 'LEAST_REQUEST', true, undefined],
      ['DestinationRule default/r port 9090', 'RANDOM', true, undefined],
    ]);
  });
});

describe('ingress-nginx balancing annotations', () => {
  const ingress = (annotations: string) =>
    `apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: web\n  annotations:\n${annotations}spec:\n  ingressClassName: nginx\n  rules:\n    - host: w\n      http:\n        paths:\n          - path: /\n            backend: {service: {name: web, port: {number: 80}}}\n`;
  const only = (annotations: string) => pools(ingress(annotations)).map((p) => [p.algorithm, p.algorithmText, p.hash?.key]);

  it('reads load-balance and upstream-hash-by', () => {
    expect(only('    nginx.ingress.kubernetes.io/load-balance: ewma\n')).toEqual([['least-conn', 'load-balance ewma', undefined]]);
    expect(only('    nginx.ingress.kubernetes.io/upstream-hash-by: "$request_uri"\n')).toEqual([['consistent-hash', 'upstream-hash-by $request_uri', '$request_uri']]);
  });

  it('reads affinity and affinity-mode; a cookie affinity wins over upstream-hash-by, as balancer.lua picks it first', () => {
    expect(only('    nginx.ingress.kubernetes.io/affinity: cookie\n    nginx.ingress.kubernetes.io/affinity-mode: persistent\n')).toEqual([
      ['random', 'affinity cookie (affinity-mode persistent: sessions never move to new pods)', undefined],
    ]);
    expect(only('    nginx.ingress.kubernetes.io/affinity: cookie\n    nginx.ingress.kubernetes.io/upstream-hash-by: "$remote_addr"\n')).toEqual([
      ['random', 'affinity cookie (affinity-mode balanced: sessions are rebalanced when pods scale); the other balancing annotation is ignored while the affinity cookie is set', undefined],
    ]);
  });
});

describe('ingress-nginx canary rules in lb-drift route', () => {
  const split = (annotations: string) => {
    const main = 'apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: web}\nspec:\n  rules:\n    - host: w\n      http:\n        paths:\n          - path: /\n            backend: {service: {name: web, port: {number: 80}}}\n';
    const canary = `apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: web-canary\n  annotations:\n    nginx.ingress.kubernetes.io/canary: "true"\n${annotations}spec:\n  rules:\n    - host: w\n      http:\n        paths:\n          - path: /\n            backend: {service: {name: web-v2, port: {number: 80}}}\n`;
    const [pool] = pools(`${main}---\n${canary}`);
    const created = createRouter(pool!);
    if (!created.ok) throw new Error(created.reason);
    return (headers: Record<string, string>) => {
      const routed = created.router.route({ uri: '/', headers });
      return routed.ok ? pool!.members[routed.member]!.address : `refused: ${routed.reason}`;
    };
  };
  const A = 'nginx.ingress.kubernetes.io';

  it('canary-by-header-value: only that value goes to the canary; another value falls through to the weight', () => {
    const route = split(`    ${A}/canary-by-header: x-region\n    ${A}/canary-by-header-value: eu\n    ${A}/canary-weight: "0"\n`);
    expect(route({ 'x-region': 'eu' })).toBe('web-v2:80');
    expect(route({ 'x-region': 'always' })).toBe('web:80');
    expect(route({})).toBe('web:80');
  });

  it('canary-by-header-pattern: a matching value goes to the canary (the value wins when both are set)', () => {
    const route = split(`    ${A}/canary-by-header: x-user\n    ${A}/canary-by-header-pattern: "^beta-.*"\n    ${A}/canary-weight: "100"\n`);
    expect(route({ 'x-user': 'beta-7' })).toBe('web-v2:80');
    // Not matched: the weight decides, here all of it to the canary.
    expect(route({ 'x-user': 'alice' })).toBe('web-v2:80');
    const both = split(`    ${A}/canary-by-header: x-user\n    ${A}/canary-by-header-value: bob\n    ${A}/canary-by-header-pattern: "^beta-.*"\n`);
    expect(both({ 'x-user': 'beta-7' })).toBe('web:80');
    expect(both({ 'x-user': 'bob' })).toBe('web-v2:80');
  });

  it('canary-by-cookie: always/never decide before the weight, the header before the cookie, and an undecided weight is refused', () => {
    const route = split(`    ${A}/canary-by-header: x-canary\n    ${A}/canary-by-cookie: canary\n    ${A}/canary-weight: "30"\n`);
    expect(route({ cookie: 'a=1; canary=always' })).toBe('web-v2:80');
    expect(route({ cookie: 'canary=never' })).toBe('web:80');
    expect(route({ 'x-canary': 'never', cookie: 'canary=always' })).toBe('web:80');
    expect(route({})).toBe('refused: no header or cookie decides this request, so the canary weight (30 of 100) draws at random');
  });
});

describe('matches, parentRefs and retries in the shares', () => {
  it('Gateway API: the rule matches and the parent Gateways; a RequestMirror fraction', () => {
    const [pool] = pools(
      gateway(
        'v1',
        'HTTPRoute',
        '    - matches:\n        - path: {type: PathPrefix, value: /api}\n          headers: [{name: x-canary, value: "on"}]\n        - method: GET\n      filters:\n        - type: RequestMirror\n          requestMirror: {backendRef: {name: shadow}, fraction: {numerator: 1, denominator: 4}}\n      backendRefs: [{name: a, weight: 9}, {name: b, weight: 1}]\n',
      ),
    );
    expect(facts(pool!)).toMatchObject({ matches: 'path PathPrefix /api, header x-canary or method GET', parentRefs: 'gw', mirror: 'shadow', mirrorPercentage: '25' });
    const caveat = predictShares(pool!).caveat;
    expect(caveat).toContain('The shares are of the requests this route matches (path PathPrefix /api, header x-canary or method GET).');
    expect(caveat).toContain('Attached to gw (parentRefs).');
    expect(caveat).toContain('A copy of 25% of the requests also goes to shadow (mirror)');
  });

  it('Istio: the route match and its retries', () => {
    const text = `apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata: {name: r}\nspec:\n  hosts: [r]\n  http:\n    - match: [{uri: {prefix: /api}, headers: {end-user: {exact: jason}}}]\n      retries: {attempts: 3}\n      route:\n        - destination: {host: r, subset: v1}\n          weight: 90\n        - destination: {host: r, subset: v2}\n          weight: 10\n`;
    const [pool] = pools(text);
    expect(facts(pool!)).toMatchObject({ matches: 'uri prefix /api, header end-user', retries: '3' });
    const caveat = predictShares(pool!).caveat;
    expect(caveat).toContain('(uri prefix /api, header end-user)');
    expect(caveat).toContain('retried up to 3 times on the same destination');
  });
});
