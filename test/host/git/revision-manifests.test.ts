/**
 * The related Kubernetes manifests of a file at a git revision (host/git/revision-manifests.ts):
 * the revision's own files (one deleted since is still there, one added since is not), chosen as
 * on the working-tree side, symbolic links and blobs over the size limit left unread, other
 * patterns passed on, and no program the repository chose run on the way.
 */
import { symlinkSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { SourceLoader } from '../../../server/src/core/dialect';
import { RELATED_MANIFESTS } from '../../../server/src/dialects/kubernetes/related';
import { withRevisionManifests } from '../../../server/src/host/git';
import { parseBatch } from '../../../server/src/host/git/tree';
import { MAX_MANIFEST_BYTES } from '../../../server/src/workspace/manifests';
import { gitRepo } from '../../helpers/git-repo';
import { hostileRepo, K8S_CANARY, K8S_MAIN, STABLE_TAG } from '../../helpers/hostile-repos';

const SERVICE = (name: string) => `apiVersion: v1\nkind: Service\nmetadata: {name: ${name}}\nspec:\n  ports: [{port: 80}]\n`;
const ROUTE = 'apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata: {name: r}\nspec:\n  rules:\n    - backendRefs: [{name: a}]\n';
const passOn: SourceLoader = { include: (pattern) => ({ ok: false, message: `asked for ${pattern}` }) };

const related = (loader: SourceLoader, from: string) => {
  const result = loader.include(RELATED_MANIFESTS, from, from);
  return result.ok ? result.files.map((f) => [f.path, f.text]) : result.message;
};

describe('withRevisionManifests', () => {
  it('reads the manifests of the revision, not of the working tree, and passes other patterns on', () => {
    const repo = gitRepo({ 'k8s/route.yaml': ROUTE, 'k8s/svc-a.yaml': SERVICE('a'), 'services/gone.yaml': SERVICE('gone'), 'k8s/values.yaml': 'weight: 10\n' });
    const sha = repo.sha();
    repo.commit('change', { 'services/gone.yaml': SERVICE('renamed'), 'k8s/svc-new.yaml': SERVICE('new') });
    repo.git('rm', '-q', 'services/gone.yaml');
    const loader = withRevisionManifests(passOn, repo.dir, sha);
    expect(related(loader, repo.path('k8s/route.yaml'))).toEqual([
      [repo.path('k8s/route.yaml'), ROUTE],
      [repo.path('k8s/svc-a.yaml'), SERVICE('a')],
      [repo.path('services/gone.yaml'), SERVICE('gone')],
    ]);
    expect(loader.include('conf.d/*.conf', repo.path('k8s/route.yaml'), repo.path('k8s/route.yaml'))).toEqual({ ok: false, message: 'asked for conf.d/*.conf' });
  });

  it('leaves out symbolic links and blobs over the size limit, and refuses a revision that is no commit id', () => {
    const repo = gitRepo({ 'k8s/svc-a.yaml': SERVICE('a'), 'k8s/huge.yaml': SERVICE('huge') + `# ${'x'.repeat(MAX_MANIFEST_BYTES)}\n` });
    symlinkSync('svc-a.yaml', repo.path('k8s/link.yaml'));
    repo.commit('link');
    const files = related(withRevisionManifests(passOn, repo.dir, repo.sha()), repo.path('k8s/svc-a.yaml'));
    expect(files).toEqual([[repo.path('k8s/svc-a.yaml'), SERVICE('a')]]);
    expect(related(withRevisionManifests(passOn, repo.dir, '--output=/tmp/x'), repo.path('k8s/svc-a.yaml'))).toMatch(/is not a git revision/);
  });

  it('lists and reads a hostile repository without running a filter, hook, alias or other program it chose', () => {
    // The hostile repositories hold a main Ingress and its canary (weight 10 at the stable tag, 50
    // in the working tree), so both the listing and the blob reads (cat-file --batch) are taken.
    const hostile = hostileRepo('all');
    const sha = hostile.repo.git('rev-parse', `${STABLE_TAG}^{commit}`).trim();
    hostile.clearMarkers();
    const files = related(withRevisionManifests(passOn, hostile.dir, sha), hostile.file(K8S_MAIN));
    expect(hostile.markers()).toEqual([]);
    expect(Array.isArray(files) && files.map(([path]) => path).sort()).toEqual([hostile.file(K8S_CANARY), hostile.file(K8S_MAIN)].sort());
    const canary = Array.isArray(files) ? files.find(([path]) => path === hostile.file(K8S_CANARY)) : undefined;
    expect(canary?.[1]).toContain('canary-weight: "10"');
  });
});

describe('parseBatch', () => {
  it('splits cat-file --batch output by the sizes in its headers, content with newlines included, and skips missing objects', () => {
    const a = 'a'.repeat(40);
    const b = 'b'.repeat(40);
    const output = Buffer.from(`${a} blob 5\nx\ny\nz\n${b} missing\n${'c'.repeat(40)} blob 0\n\n`);
    const blobs = parseBatch(output);
    expect([...blobs.keys()]).toEqual([a, 'c'.repeat(40)]);
    expect(blobs.get(a)!.toString()).toBe('x\ny\nz');
    expect(blobs.get('c'.repeat(40))!.toString()).toBe('');
  });
});
