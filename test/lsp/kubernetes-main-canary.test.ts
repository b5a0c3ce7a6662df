/**
 * A canary split seen from its main Ingress's file. ingress-nginx pairs a canary with the main
 * Ingress of the same host and path wherever each is written; before, only the canary's file
 * showed the split. Now the main Ingress shows it too, through the language server (inlay hints
 * at the main backend, the outline, the hover) and through `lb-drift shares` and `route` on the
 * main file alone, resolved against its repository. The canary's findings stay in the canary's
 * file: the main file reports none of them a second time.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WORKSPACE } from '../fixtures/kubernetes-workspace/files';
import { KubernetesSession, outlineText } from '../fixtures/kubernetes-workspace/session';
import { runCli } from '../helpers/cli';
import { gitRepo } from '../helpers/git-repo';
import { LspTestClient } from '../helpers/lsp-client';
import { tmpTree } from '../helpers/tmp';

const MAIN = 'ingress/web.yaml';

const session = new KubernetesSession(WORKSPACE);
beforeAll(async () => {
  await session.start();
  await session.open(MAIN);
});
afterAll(async () => {
  await session.client.shutdown();
});

describe('the main Ingress in the editor', () => {
  it('shows the split with its canary at the main backend, and nothing at a path without a canary', async () => {
    expect(await session.hintPlaces(MAIN)).toEqual([
      '12: - path: / [canary split · canary-weight 20 of 100]',
      '18: number: 80 [≈ 80%]',
      '18: number: 80 [canary web/web-canary web-v2:80 ≈ 20%]',
    ]);
  });

  it('lists the split in the outline', async () => {
    expect(outlineText(await session.symbols(MAIN))).toEqual([
      'Ingress web (web)',
      '  web.example.com / — → web:80 · weight 80 · 80% · canary web/web-canary weight 20 · 20%',
      '  web.example.com /static — → web-static:80',
    ]);
  });

  it('explains the share on hover and links the canary file', async () => {
    const text = await session.hover(MAIN, session.at(MAIN, 'name: web\n', 1, 7));
    expect(text).toContain('**main** (web:80) in the canary split of `web.example.com /`');
    expect(text).toContain('80 of every 100 requests that no header or cookie decided (100 - canary-weight 20)');
    expect(text).toContain('canary web/web-canary web-v2:80 20%');
    expect(text).toMatch(/Canary Ingress web\/web-canary:\*\* in \[web-canary\.yaml\]\(file:\/\/.*\/canary\/web-canary\.yaml\)/);
  });

  it('reports none of the canary findings in the main file', async () => {
    const published = await session.client.diagnostics(session.uri(MAIN), 1);
    expect(published.diagnostics.map((d) => d.code)).toEqual([]);
  });
});

describe('an edit of the canary in the editor', () => {
  it('shows in the open main Ingress at once, unsaved', async () => {
    const canaryFile = 'canary/web-canary.yaml';
    // Opening the canary analyses the main Ingress again (it resolves against the canary's file).
    const reopened = session.client.diagnosticsMatching(session.uri(MAIN), () => true);
    await session.open(canaryFile);
    await reopened;
    const republished = session.client.diagnosticsMatching(session.uri(MAIN), () => true);
    const at = session.at(canaryFile, 'canary-weight: "20"', 0, 'canary-weight: "'.length);
    await session.client.change(session.uri(canaryFile), 2, [{ range: { start: at, end: { line: at.line, character: at.character + 2 } }, text: '40' }]);
    await republished;
    expect(await session.hintPlaces(MAIN)).toEqual([
      '12: - path: / [canary split · canary-weight 40 of 100]',
      '18: number: 80 [≈ 60%]',
      '18: number: 80 [canary web/web-canary web-v2:80 ≈ 40%]',
    ]);
  });
});

/** A main Ingress and a canary (header rule, weight over its total) in two folders of one repository. */
const CANARY_OVER_TOTAL = {
  '.git/HEAD': 'ref: refs/heads/main\n',
  'apps/api.yaml': WORKSPACE[MAIN]!.replaceAll('web', 'api'),
  'rollout/api-canary.yaml': WORKSPACE['canary/web-canary.yaml']!
    .replaceAll('web', 'api')
    .replace('canary-weight: "20"', 'canary-weight: "150"\n    nginx.ingress.kubernetes.io/canary-weight-total: "10"\n    nginx.ingress.kubernetes.io/canary-by-header: x-canary'),
};

describe('the main Ingress through the CLI, given alone', () => {
  it('lb-drift shares prints the split with the canary of another folder', () => {
    const run = runCli(['shares', join(session.root, MAIN), '--format', 'json']);
    expect(run.status, run.stderr).toBe(0);
    const pools = (JSON.parse(run.stdout) as { files: { pools: { name: string; members: { address: string; share: number }[] }[] }[] }).files[0]!.pools;
    expect(pools.map((p) => [p.name, p.members.map((m) => `${m.address} ${m.share}`)])).toEqual([['web.example.com /', ['web:80 0.8', 'web-v2:80 0.2']]]);
  });

  it('caps the canary at its total, and leaves the canary findings to the canary file', () => {
    const root = tmpTree(CANARY_OVER_TOTAL);
    const main = runCli(['check', join(root, 'apps/api.yaml'), '--format', 'json']);
    const canary = runCli(['check', join(root, 'rollout/api-canary.yaml'), '--format', 'json']);
    const rules = (run: { stdout: string }) => (JSON.parse(run.stdout) as { files: { findings: { rule: string }[] }[] }).files.flatMap((f) => f.findings.map((x) => x.rule));
    expect(rules(canary)).toEqual(expect.arrayContaining(['canary-weight-overflow', 'split-weights-sum']));
    expect(rules(main)).toEqual([]);
    const shares = runCli(['shares', join(root, 'apps/api.yaml')]);
    expect(shares.stdout).toMatch(/api-v2:80 +100 +primary +up +100\.0%/);
    expect(shares.stdout).toContain('Requests with header x-canary are decided by it first');
  });

  it('lb-drift route decides a request by the canary header from the main file', () => {
    const root = tmpTree(CANARY_OVER_TOTAL);
    const requests = [{ uri: '/', headers: { 'x-canary': 'never' } }, { uri: '/', headers: { 'x-canary': 'always' } }].map((r) => JSON.stringify(r)).join('\n');
    const run = runCli(['route', join(root, 'apps/api.yaml'), '--pool', 'api.example.com /'], { input: requests });
    expect(run.stderr).toBe('');
    expect(run.stdout.trim().split('\n')).toEqual(['api:80', 'api-v2:80']);
  });
});

describe('drift of a split across files', () => {
  it('is no "pool added" in either file, and a canary weight change drifts in both files', async () => {
    const canaryFile = 'canary/web-canary.yaml';
    const repo = gitRepo({ [MAIN]: WORKSPACE[MAIN]!, [canaryFile]: WORKSPACE[canaryFile]! });
    const changed = WORKSPACE[canaryFile]!.replace('canary-weight: "20"', 'canary-weight: "30"');
    writeFileSync(repo.path(canaryFile), changed);
    const client = new LspTestClient();
    try {
      await client.initialize();
      const codes = async (file: string, text: string) => {
        const uri = pathToFileURL(repo.path(file)).href;
        await client.open(uri, text, 'yaml');
        await client.notification<{ uri: string; stable?: { state: string } }>('lbDrift/status', (s) => s.uri === uri && s.stable?.state === 'resolved');
        return (await client.diagnostics(uri, 1)).diagnostics.map((d) => d.code).filter((code) => String(code).startsWith('drift-'));
      };
      // The stable side reads the canary at the stable revision, so the main file sees the change too.
      const inMain = await codes(MAIN, WORKSPACE[MAIN]!);
      expect(inMain).not.toContain('drift-pool-added');
      expect(inMain).toContain('drift-share-shift');
      const inCanary = await codes(canaryFile, changed);
      expect(inCanary).not.toContain('drift-pool-added');
      expect(inCanary).toContain('drift-share-shift');
    } finally {
      await client.shutdown();
    }
  });
});
