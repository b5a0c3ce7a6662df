/**
 * Git in the language server (DESIGN invariant 10): every server path (open, edit, the stable
 * text for compare, drift, mark stable, choose stable) runs in one repository per hostile
 * setting and no repository-chosen program may run; with git off (a setting, or the
 * initialization option for editors that push nothing) no git runs at all; and a repository
 * whose git hangs does not hold up the other documents.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { gitRepo, tmpDir } from '../helpers/git-repo';
import { CURRENT_POOL, HOSTILE_SETTINGS, hostileRepo, STABLE_POOL, STABLE_TAG } from '../helpers/hostile-repos';
import { LspTestClient, type PublishedDiagnostics } from '../helpers/lsp-client';

interface Status {
  uri: string;
  version: number;
  pools?: number;
  stable?: { state: string; ref?: string; sha?: string; drifts: number; message?: string };
}

let client: LspTestClient | undefined;
afterEach(async () => {
  await client?.shutdown();
  client = undefined;
});

const uriOf = (path: string): string => pathToFileURL(path).href;

/** Opens a document and resolves with its first diagnostics that satisfy `match`. */
function openUntil(c: LspTestClient, uri: string, text: string, match: (p: PublishedDiagnostics) => boolean): Promise<PublishedDiagnostics> {
  const published = c.diagnosticsMatching(uri, match);
  void c.open(uri, text);
  return published;
}

const hasDrift = (detail: string) => (p: PublishedDiagnostics) => p.diagnostics.some((d) => d.message.includes(detail));

/** Answers settings pulls with `settings` from now on, and tells the server they changed. */
async function changeSettings(c: LspTestClient, settings: unknown): Promise<void> {
  c.connection.onRequest('workspace/configuration', (params: { items: unknown[] }) => params.items.map(() => settings));
  await c.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
}

describe('the language server in hostile repositories', () => {
  for (const setting of HOSTILE_SETTINGS) {
    it(`${setting}: open, edit, compare, drift, mark and choose stable run no program the repository chose`, async () => {
      const repo = hostileRepo(setting);
      const noMarkers = (step: string) => expect({ step, markers: repo.markers() }).toEqual({ step, markers: [] });
      const site = uriOf(repo.file('lb/site.nginx'));
      const renamed = uriOf(repo.file('lb/renamed.nginx'));
      const added = uriOf(repo.file('lb/added.nginx'));
      client = new LspTestClient();
      await client.initialize();

      // Open and drift: a drifted file, a renamed one (found through the in-process rename lookup), a new one.
      await openUntil(client, site, CURRENT_POOL, hasDrift('(weight 1 -> 5)'));
      await openUntil(client, renamed, readFileSync(repo.file('lb/renamed.nginx'), 'utf8'), hasDrift('(weight 1 -> 3)'));
      noMarkers('open and drift');
      await client.open(added, readFileSync(repo.file('lb/added.nginx'), 'utf8'));
      await client.notification<Status>('lbDrift/status', (s) => s.uri === added && s.stable?.state === 'new-file');
      noMarkers('open a new file');

      // Edit: back to the stable text, and the drift is gone.
      const edited = client.diagnosticsMatching(site, (p) => p.version === 2);
      await client.change(site, 2, [{ text: STABLE_POOL }]);
      expect((await edited).diagnostics.filter((d) => String(d.code).startsWith('drift-'))).toEqual([]);
      noMarkers('edit');

      // Compare with stable: the renamed file's text at its old path.
      const text = await client.connection.sendRequest<{ ok: boolean; renamedFrom?: string; ref?: string }>('lbDrift/stableText', { uri: renamed });
      expect(text).toMatchObject({ ok: true, renamedFrom: 'lb/old.nginx', ref: STABLE_TAG });
      noMarkers('compare with stable');

      // Choose stable: list the revisions, then pick the stable tag's commit by sha.
      const listed = await client.connection.sendRequest<{ ok: boolean; revisions: { ref: string; sha: string }[] }>('lbDrift/listRevisions', { uri: site });
      expect(listed.ok).toBe(true);
      const chosen = listed.revisions.find((r) => r.ref === STABLE_TAG)!;
      await changeSettings(client, { stableRef: chosen.sha });
      await client.notification<Status>('lbDrift/status', (s) => s.uri === renamed && s.stable?.ref === chosen.sha && s.stable.drifts > 0);
      noMarkers('choose stable');

      // Mark stable: an annotated tag, neither signed nor seen by hooks.
      await changeSettings(client, {});
      const marked = await client.connection.sendRequest<{ ok: boolean; tag?: string; message?: string }>('lbDrift/markStable', { uri: site });
      expect(marked).toMatchObject({ ok: true });
      await client.notification<Status>('lbDrift/status', (s) => s.uri === site && s.stable?.ref === marked.tag);
      noMarkers('mark stable');
    });
  }
});

/**
 * A `git` first on PATH for the server: it leaves a marker for every run, hangs (until run-git's
 * timeout kills it) in folders under `slowUnder`, and otherwise runs the real git.
 */
function fakeGit(slowUnder = '/nonexistent-folder'): { readonly path: string; readonly runs: () => string[] } {
  const real = execFileSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).trim();
  const bin = tmpDir('lb-drift-fake-git-');
  const markers = tmpDir('lb-drift-git-runs-');
  writeFileSync(
    join(bin, 'git'),
    `#!/bin/sh\ntouch "${markers}/run-$$"\ncase "$PWD" in "${slowUnder}"*) exec sleep 30;; esac\nexec "${real}" "$@"\n`,
  );
  chmodSync(join(bin, 'git'), 0o755);
  return { path: `${bin}:${process.env.PATH ?? ''}`, runs: () => readdirSync(markers) };
}

/** Starts the server with PATH set to `path` (the server reads PATH when it spawns git). */
function serverWithPath(path: string, settings?: unknown): LspTestClient {
  const saved = process.env.PATH;
  process.env.PATH = path;
  try {
    return new LspTestClient(settings === undefined ? {} : { settings });
  } finally {
    process.env.PATH = saved;
  }
}

function driftedRepo() {
  const repo = gitRepo({ 'lb/site.nginx': STABLE_POOL });
  repo.tag(STABLE_TAG, { message: 'stable' });
  writeFileSync(repo.path('lb/site.nginx'), CURRENT_POOL);
  return { repo, uri: uriOf(repo.path('lb/site.nginx')) };
}

describe('git off', () => {
  /** Lints the file, reports git off everywhere, and never starts git. */
  async function expectNoGit(c: LspTestClient, uri: string, runs: () => string[]): Promise<void> {
    const published = c.diagnostics(uri, 1);
    await c.open(uri, CURRENT_POOL);
    const status = await c.notification<Status>('lbDrift/status', (s) => s.uri === uri);
    expect(status.stable).toMatchObject({ state: 'git-off', message: expect.stringContaining('git is off') });
    expect((await published).diagnostics.filter((d) => String(d.code).startsWith('drift-'))).toEqual([]);
    expect(status.pools).toBe(1);
    const text = await c.connection.sendRequest('lbDrift/stableText', { uri });
    expect(text).toMatchObject({ ok: false, state: 'git-off', message: expect.stringContaining('git is off') });
    expect(await c.connection.sendRequest('lbDrift/markStable', { uri })).toMatchObject({ ok: false, message: expect.stringContaining('cannot mark a stable revision: git is off') });
    expect(await c.connection.sendRequest('lbDrift/listRevisions', { uri })).toMatchObject({ ok: false, message: expect.stringContaining('git is off') });
    expect(runs()).toEqual([]);
  }

  it('lbDrift.git.enabled: false lints the file but starts no git', async () => {
    const git = fakeGit();
    const { uri } = driftedRepo();
    client = serverWithPath(git.path, { git: { enabled: false } });
    await client.initialize();
    await expectNoGit(client, uri, git.runs);
  });

  it('initializationOptions { lbDrift: { git: { enabled: false } } } keeps git off whatever the workspace settings say', async () => {
    const git = fakeGit();
    const { uri } = driftedRepo();
    client = serverWithPath(git.path, { git: { enabled: true } });
    await client.connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: null,
      capabilities: { workspace: { configuration: true } },
      initializationOptions: { lbDrift: { git: { enabled: false } } },
    });
    await client.connection.sendNotification('initialized', {});
    await expectNoGit(client, uri, git.runs);
  });

  it('turning git on again (trust granted) brings drift back without a restart', async () => {
    const git = fakeGit();
    const { uri } = driftedRepo();
    client = serverWithPath(git.path, { git: { enabled: false } });
    await client.initialize();
    await client.open(uri, CURRENT_POOL);
    await client.notification<Status>('lbDrift/status', (s) => s.uri === uri && s.stable?.state === 'git-off');
    expect(git.runs()).toEqual([]);
    await changeSettings(client, { git: { enabled: true } });
    await client.notification<Status>('lbDrift/status', (s) => s.uri === uri && s.stable?.state === 'resolved' && s.stable.drifts > 0);
  });
});

describe('a repository whose git hangs', () => {
  it('does not hold up the documents of other repositories', async () => {
    const slow = driftedRepo();
    const fast = driftedRepo();
    const git = fakeGit(slow.repo.dir);
    client = serverWithPath(git.path);
    await client.initialize();
    await client.open(slow.uri, CURRENT_POOL);
    await client.open(fast.uri, CURRENT_POOL);
    // The other repository's drift is published while the slow one is still waiting for git.
    await client.notification<Status>('lbDrift/status', (s) => s.uri === fast.uri && s.stable?.state === 'resolved' && s.stable.drifts > 0);
    const slowStates = client.notifications
      .filter((n) => n.method === 'lbDrift/status' && (n.params as Status).uri === slow.uri)
      .map((n) => (n.params as Status).stable?.state);
    expect(slowStates.every((state) => state === 'pending')).toBe(true);
    // Git's timeout ends the wait: the slow document says why it has no stable revision.
    const timedOut = await client.notification<Status>('lbDrift/status', (s) => s.uri === slow.uri && s.stable?.state !== 'pending');
    expect(timedOut.stable?.message).toContain('took longer than 5 s');
  });
});
