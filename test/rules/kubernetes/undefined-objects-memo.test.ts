/**
 * undefined-pool on Kubernetes keeps its verdicts per reference between analyses while the
 * definitions stay the same (rules/kubernetes/undefined-objects.ts). These analyses follow one
 * another in one process, so a verdict kept past a change of the definitions, or given to a
 * reference with another name or host, would show here as a finding that a fresh process would
 * not report (or one missing).
 */
import { describe, expect, it } from 'vitest';
import { noIncludes } from '../../../server/src/core/dialect';
import { analyzeFile } from '../../../server/src/engine/analyze';

const PATH = '/repo/k8s/mesh.yaml';

function manifest(subsetWritten: string, subsetsDefined: readonly string[], serviceWritten = 'ratings', serviceDefined = 'ratings'): string {
  return `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: reviews
spec:
  hosts: [reviews]
  http:
    - route:
        - destination: {host: reviews, subset: ${subsetWritten}}
    - route:
        - destination: {host: ${serviceWritten}}
---
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: reviews
spec:
  host: reviews
  subsets:
${subsetsDefined.map((name) => `    - name: ${name}\n      labels: {version: ${name}}`).join('\n')}
---
apiVersion: v1
kind: Service
metadata:
  name: ${serviceDefined}
spec:
  ports: [{port: 9080}]
`;
}

function undefinedPool(text: string): string[] {
  const report = analyzeFile({ path: PATH, text }, noIncludes, { dialect: 'kubernetes' });
  return report.findings.filter((f) => f.rule === 'undefined-pool').map((f) => `${text.slice(f.loc.start, f.loc.end)}: ${f.message.slice(0, 40)}`);
}

describe('undefined-pool on Kubernetes, analyses in turn', () => {
  it('follows a subset defined, then removed again', () => {
    expect(undefinedPool(manifest('v3', ['v1']))).toEqual([expect.stringMatching(/^v3: Subset v3 is not defined/)]);
    expect(undefinedPool(manifest('v3', ['v1', 'v3']))).toEqual([]);
    expect(undefinedPool(manifest('v3', ['v1']))).toHaveLength(1);
  });

  it('follows the reference: the same definitions, another subset written', () => {
    expect(undefinedPool(manifest('v1', ['v1']))).toEqual([]);
    expect(undefinedPool(manifest('v2', ['v1']))).toEqual([expect.stringMatching(/^v2: Subset v2 is not defined/)]);
  });

  it('follows a Service renamed: the typo is reported while the names differ, with the new name', () => {
    expect(undefinedPool(manifest('v1', ['v1'], 'raitngs', 'ratings'))).toEqual([expect.stringMatching(/^raitngs: No Service raitngs/)]);
    expect(undefinedPool(manifest('v1', ['v1'], 'raitngs', 'raitngs'))).toEqual([]);
    expect(undefinedPool(manifest('v1', ['v1'], 'raitngs', 'raitngz'))).toEqual([expect.stringMatching(/^raitngs: No Service raitngs/)]);
  });

  it('reports at the reference where it is now, when an edit before it moved it', () => {
    const text = manifest('v3', ['v1']);
    const moved = `# a comment\n${text}`;
    expect(undefinedPool(text)).toHaveLength(1);
    expect(undefinedPool(moved)).toEqual([expect.stringMatching(/^v3: /)]);
  });
});
