/**
 * The engine finds a pool's previous results by the offset where the pool started, so it keeps
 * them in offset order whatever order the model lists pools in. Kubernetes lists Ingress pools
 * after every other kind: with results kept in model order, pools of documents the edit did not
 * touch lost their carried findings and shares, and every rule ran again on every pool.
 */
import { expect, it } from 'vitest';
import { noIncludes } from '../../server/src/core/dialect';
import { analyzeFile } from '../../server/src/engine/analyze';

const route = (i: number) => `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: svc-${i}
  namespace: team
spec:
  parentRefs:
    - name: gw
  rules:
    - backendRefs:
        - name: svc-${i}
          port: 80
          weight: 90
        - name: svc-${i}-canary
          port: 80
          weight: 10
`;
const ingress = (i: number) => `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web-${i}
  namespace: team
  annotations:
    nginx.ingress.kubernetes.io/load-balance: ewma
spec:
  ingressClassName: nginx
  rules:
    - host: web-${i}.example.com
      http:
        paths:
          - path: /
            pathType: Prefix
            backend:
              service:
                name: web-${i}
                port:
                  number: 80
`;
const PATH = '/repo/mesh.yaml';
const TEXT = [0, 1, 2, 3].flatMap((i) => [route(i), ingress(i)]).join('---\n');

it('carries the results of every untouched pool when the model lists pools out of text order', () => {
  const before = analyzeFile({ path: PATH, text: TEXT }, noIncludes, { dialect: 'kubernetes' });
  const starts = before.model!.pools.map((pool) => pool.loc.start);
  // The premise: the model does not list pools in text order.
  expect(starts).not.toEqual([...starts].sort((a, b) => a - b));
  // Shares asked for now are kept in each pool's results, for the next version to carry.
  const earlier = new Set(before.model!.pools.map((pool) => before.shares(pool)));
  const at = TEXT.lastIndexOf('weight: 90') + 'weight: 9'.length;
  const text = `${TEXT.slice(0, at)}1${TEXT.slice(at + 1)}`;
  const after = analyzeFile({ path: PATH, text }, noIncludes, { dialect: 'kubernetes', previous: before });
  const edited = after.model!.pools.filter((pool) => pool.loc.start <= at && at < pool.loc.end);
  const reused = after.model!.pools.filter((pool) => earlier.has(after.shares(pool)));
  expect(edited.length).toBeGreaterThan(0);
  expect(reused).toHaveLength(after.model!.pools.length - edited.length);
});
