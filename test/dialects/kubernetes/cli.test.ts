/**
 * Kubernetes through the built CLI: a single file is resolved against the other manifests of its
 * repository (a VirtualService's DestinationRule and Services in other folders, a canary's main
 * Ingress), test and fixture folders elsewhere in the repository are not read, `shares` shows the
 * composed canary split, and `route` decides header canaries.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/cli';

const repo = mkdtempSync(join(tmpdir(), 'lb-drift-k8s-'));
afterAll(() => rmSync(repo, { recursive: true, force: true }));

function write(path: string, text: string): string {
  const full = join(repo, path);
  mkdirSync(join(full, '..'), { recursive: true });
  writeFileSync(full, text);
  return full;
}

mkdirSync(join(repo, '.git'));
const vs = write(
  'istio/vs.yaml',
  'apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata: {name: reviews}\nspec:\n  http:\n    - route:\n        - destination: {host: reviews, subset: v1}\n          weight: 50\n        - destination: {host: reviews, subset: v3}\n          weight: 50\n    - route:\n        - destination: {host: ratngs}\n',
);
write('base/dr.yaml', 'apiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata: {name: reviews}\nspec:\n  host: reviews\n  subsets:\n    - name: v1\n      labels: {version: v1}\n');
write('base/svc.yaml', 'apiVersion: v1\nkind: Service\nmetadata: {name: ratings}\nspec:\n  ports: [{port: 9080}]\n');
// A copy under test/ defines v3: it must not count.
write('test/dr.yaml', 'apiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata: {name: reviews}\nspec:\n  host: reviews\n  subsets:\n    - name: v3\n      labels: {version: v3}\n');
write('ingress/main.yaml', 'apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: web}\nspec:\n  rules:\n    - host: w.example\n      http:\n        paths:\n          - path: /\n            backend: {service: {name: web, port: {number: 80}}}\n');
const canary = write(
  'canary/canary.yaml',
  'apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: web-canary\n  annotations:\n    nginx.ingress.kubernetes.io/canary: "true"\n    nginx.ingress.kubernetes.io/canary-weight: "10"\n    nginx.ingress.kubernetes.io/canary-by-header: x-canary\nspec:\n  rules:\n    - host: w.example\n      http:\n        paths:\n          - path: /\n            backend: {service: {name: web-v2, port: {number: 80}}}\n',
);

describe('lb-drift on Kubernetes manifests', () => {
  it('resolves a single file against the other manifests of its repository', () => {
    const run = runCli(['check', '--format', 'json', vs]);
    const findings = JSON.parse(run.stdout).files[0].findings as { rule: string; message: string; line: number }[];
    expect(findings.map((f) => `${f.rule}:${f.line}`)).toEqual(['undefined-pool:9', 'undefined-pool:12']);
    expect(findings[0]!.message).toMatch(/Subset v3 is not defined by DestinationRule reviews/);
    expect(findings[1]!.message).toMatch(/ratngs.*Service ratings/);
    expect(run.status).toBe(1);
  });

  it('composes a canary with its main Ingress in another file, in shares and route', () => {
    const shares = JSON.parse(runCli(['shares', '--format', 'json', canary]).stdout);
    const members = shares.files[0].pools[0].members.map((m: { address: string; share: number }) => [m.address, m.share]);
    expect(members).toEqual([
      ['web:80', 0.9],
      ['web-v2:80', 0.1],
    ]);
    const pool = shares.files[0].pools[0].name;
    const routed = runCli(['route', canary, '--pool', pool], { input: '{"uri":"/","headers":{"x-canary":"always"}}\n{"uri":"/","headers":{"x-canary":"never"}}\n' });
    expect(routed.stdout.trim().split('\n')).toEqual(['web-v2:80', 'web:80']);
  });

  it('checks a whole folder and leaves non-balancer YAML alone', () => {
    write('ci/workflow.yml', 'name: ci\non: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps: [{run: make}]\n');
    const run = runCli(['check', '--format', 'json', repo]);
    const paths = JSON.parse(run.stdout).files.map((f: { path: string }) => f.path);
    expect(paths.some((p: string) => p.endsWith('workflow.yml'))).toBe(false);
    expect(paths.some((p: string) => p.endsWith('vs.yaml'))).toBe(true);
  });
});
