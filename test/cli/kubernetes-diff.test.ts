/**
 * `lb-drift diff` on Kubernetes splits written across files of a git repository. The stable side
 * reads the related manifests (the canary Ingress, the DestinationRule) from the stable revision
 * itself, not from the working tree: before, a canary weight changed in its own file showed no
 * drift from the main Ingress's file, and a subset removed from a DestinationRule in another file
 * was the same on both sides.
 */
import { describe, expect, it } from 'vitest';
import { WORKSPACE } from '../fixtures/kubernetes-workspace/files';
import { runCli } from '../helpers/cli';
import { gitRepo } from '../helpers/git-repo';

const MAIN = 'ingress/web.yaml';
const CANARY = 'canary/web-canary.yaml';
const STABLE_TAG = 'lb-stable/2026-11-20T101500Z';

/** A main Ingress and its canary (weight 10 at the stable tag, 50 in the working tree) in two folders. */
function canaryRepo() {
  const repo = gitRepo({ [MAIN]: WORKSPACE[MAIN]!, [CANARY]: WORKSPACE[CANARY]!.replace('canary-weight: "20"', 'canary-weight: "10"') });
  repo.tag(STABLE_TAG, { message: 'stable' });
  repo.write({ [CANARY]: WORKSPACE[CANARY]!.replace('canary-weight: "20"', 'canary-weight: "50"') });
  return repo;
}

interface JsonFinding {
  readonly rule: string;
  readonly message: string;
  readonly line: number;
  readonly fixes?: readonly { title: string }[];
}
const findingsOf = (stdout: string): JsonFinding[] =>
  (JSON.parse(stdout) as { files: { findings: JsonFinding[] }[] }).files.flatMap((f) => f.findings);

describe('lb-drift diff on a canary split across files', () => {
  it('shows the canary weight change from the main Ingress file, with the share delta per destination', () => {
    const repo = canaryRepo();
    const run = runCli(['diff', MAIN], { cwd: repo.dir });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(/web:80\s+90\.0%\s+50\.0%\s+-40\.0 pts/);
    expect(run.stdout).toMatch(/web-v2:80\s+10\.0%\s+50\.0%\s+\+40\.0 pts/);
    expect(run.stdout).toContain(`share 10% -> 50% since ${STABLE_TAG}`);
    expect(run.stdout).toContain(`share 90% -> 50% since ${STABLE_TAG}`);
  });

  it('shows it from the canary file, with the weight in the message and a revert fix', () => {
    const repo = canaryRepo();
    const text = runCli(['diff', CANARY], { cwd: repo.dir });
    expect(text.status, text.stderr).toBe(1);
    expect(text.stdout).toMatch(/web-v2:80\s+10\.0%\s+50\.0%\s+\+40\.0 pts/);
    const findings = findingsOf(runCli(['diff', '--format', 'json', CANARY], { cwd: repo.dir }).stdout);
    const shift = findings.find((f) => f.rule === 'drift-share-shift' && f.message.includes('web-v2'));
    expect(shift?.message).toContain(`share 10% -> 50% since ${STABLE_TAG} (weight 10 -> 50)`);
    expect(shift?.fixes?.map((f) => f.title)).toContain('Revert to stable value');
  });

  it('finds no drift when nothing changed in either file', () => {
    const repo = canaryRepo();
    repo.write({ [CANARY]: WORKSPACE[CANARY]!.replace('canary-weight: "20"', 'canary-weight: "10"') });
    const run = runCli(['diff', MAIN, CANARY], { cwd: repo.dir });
    expect(run.status, run.stdout).toBe(0);
    expect(run.stdout).toContain('No drift found in 2 files.');
  });
});

describe('lb-drift diff on a VirtualService whose DestinationRule lost a subset in another file', () => {
  it('reports the route to the removed subset, read against the stable DestinationRule', () => {
    // Before, the stable side resolved against the working tree's DestinationRule: no drift at all.
    const files = { 'istio/reviews-vs.yaml': WORKSPACE['istio/reviews-vs.yaml']!, 'mesh/reviews-dr.yaml': WORKSPACE['mesh/reviews-dr.yaml']! };
    const repo = gitRepo(files);
    repo.tag(STABLE_TAG, { message: 'stable' });
    repo.write({ 'mesh/reviews-dr.yaml': WORKSPACE['mesh/reviews-dr.yaml']!.replace('    - name: v2\n      labels:\n        version: v2\n', '') });
    const run = runCli(['diff', '--format', 'json', 'istio/reviews-vs.yaml'], { cwd: repo.dir });
    expect(run.stderr).toBe('');
    const findings = findingsOf(run.stdout);
    const removed = findings.filter((f) => f.rule === 'drift-member-removed');
    expect(removed.map((f) => [f.line, f.message])).toEqual([
      [
        18,
        `subset v2 of DestinationRule reviews (bookinfo) (host reviews.bookinfo.svc.cluster.local) was removed since ${STABLE_TAG}: this destination gets 22% of reviews http[canary], and those requests now fail with 503, since Istio has no cluster for the subset.`,
      ],
    ]);
    expect(run.status).toBe(1);
  });
});
