/**
 * The stable revision in the language server, over stdio, in a repository the test builds: drift
 * diagnostics with revert fixes, the stable text for the compare view, marking a commit stable,
 * listing revisions, the traffic picture, and a clear state outside git.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { gitRepo, tmpDir } from '../helpers/git-repo';
import { LspTestClient } from '../helpers/lsp-client';

const STABLE = `upstream app {
    server 127.0.0.1:8081;
    server 127.0.0.1:8082;
    server 127.0.0.1:8083;
}
`;
const CURRENT = STABLE.replace('8081;', '8081 weight=5;');

interface Edit {
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  newText: string;
}

function applyEdits(text: string, edits: Edit[]): string {
  const lines = text.split('\n');
  const offset = (p: { line: number; character: number }) => lines.slice(0, p.line).reduce((sum, l) => sum + l.length + 1, 0) + p.character;
  return [...edits]
    .sort((a, b) => offset(b.range.start) - offset(a.range.start))
    .reduce((acc, e) => acc.slice(0, offset(e.range.start)) + e.newText + acc.slice(offset(e.range.end)), text);
}

interface Status {
  uri: string;
  version: number;
  stable?: { state: string; ref?: string; sha?: string; drifts: number; message?: string };
}

let client: LspTestClient | undefined;
afterEach(async () => {
  await client?.shutdown();
  client = undefined;
});

async function openInRepo() {
  const repo = gitRepo({ 'lb/site.nginx': STABLE });
  repo.tag('lb-stable/2026-11-20T101500Z', { message: 'stable' });
  writeFileSync(repo.path('lb/site.nginx'), CURRENT);
  const uri = pathToFileURL(repo.path('lb/site.nginx')).href;
  client = new LspTestClient();
  await client.initialize();
  await client.open(uri, CURRENT);
  return { repo, uri };
}

describe('stable revision in the language server', () => {
  it('publishes drift with revert fixes, and the revert restores the stable text', async () => {
    const { uri } = await openInRepo();
    const published = await client!.diagnostics(uri, 1);
    const drift = published.diagnostics.filter((d) => String(d.code).startsWith('drift-'));
    expect(drift.map((d) => d.message)).toEqual(['127.0.0.1:8081: share 33% -> 71% since lb-stable/2026-11-20T101500Z (weight 1 -> 5); the 2 other members 33% -> 14% each.']);
    const shift = drift.find((d) => d.message.startsWith('127.0.0.1:8081'))!;
    const actions = await client!.connection.sendRequest<{ title: string; edit: { changes: Record<string, Edit[]> } }[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: shift.range,
      context: { diagnostics: [shift] },
    });
    const titles = actions.map((a) => a.title);
    expect(titles).toContain('Revert to stable value');
    expect(titles).toContain('Revert pool to stable');
    const value = actions.find((a) => a.title === 'Revert to stable value')!;
    expect(applyEdits(CURRENT, value.edit.changes[uri]!)).toBe(STABLE);
    const pool = actions.find((a) => a.title === 'Revert pool to stable')!;
    expect(applyEdits(CURRENT, pool.edit.changes[uri]!)).toBe(STABLE);

    const status = await client!.notification<Status>('lbDrift/status', (s) => s.uri === uri);
    expect(status.stable).toMatchObject({ state: 'resolved', ref: 'lb-stable/2026-11-20T101500Z', drifts: drift.length });
  });

  it('hovers a drifted member with its stable share and what changed', async () => {
    const { uri } = await openInRepo();
    await client!.diagnostics(uri, 1);
    const hover = await client!.connection.sendRequest<{ contents: { value: string } }>('textDocument/hover', {
      textDocument: { uri },
      position: { line: 1, character: 12 },
    });
    expect(hover.contents.value).toContain('**Since lb-stable/2026-11-20T101500Z:** share 33% -> 71% (weight 1 -> 5).');
  });

  it('hands the compare view the stable text and names the revision', async () => {
    const { uri, repo } = await openInRepo();
    const result = await client!.connection.sendRequest<{ ok: boolean; text: string; ref: string; sha: string }>('lbDrift/stableText', { uri });
    expect(result).toMatchObject({ ok: true, text: STABLE, ref: 'lb-stable/2026-11-20T101500Z', sha: repo.sha('lb-stable/2026-11-20T101500Z^{commit}') });
  });

  it('marks the current commit stable, and drift is then measured against it', async () => {
    const { uri, repo } = await openInRepo();
    await client!.diagnostics(uri, 1);
    repo.commit('raise the weight');
    const marked = await client!.connection.sendRequest<{ ok: boolean; tag: string; sha: string }>('lbDrift/markStable', { uri });
    expect(marked.ok).toBe(true);
    expect(marked.tag).toMatch(/^lb-stable\/\d{4}-\d{2}-\d{2}T\d{6}Z$/);
    expect(marked.sha).toBe(repo.sha());
    const status = await client!.notification<Status>('lbDrift/status', (s) => s.uri === uri && s.stable?.ref === marked.tag);
    expect(status.stable).toMatchObject({ state: 'resolved', drifts: 0 });
    const revisions = await client!.connection.sendRequest<{ ok: boolean; revisions: { kind: string; ref: string }[] }>('lbDrift/listRevisions', { uri });
    expect(revisions.ok).toBe(true);
    expect(revisions.revisions.filter((r) => r.kind === 'stable-tag').map((r) => r.ref)).toEqual([marked.tag, 'lb-stable/2026-11-20T101500Z']);
    expect(revisions.revisions.filter((r) => r.kind === 'commit')).toHaveLength(2);
  });

  it('draws the traffic picture with current and stable shares', async () => {
    const { uri } = await openInRepo();
    const picture = await client!.connection.sendRequest<{
      ok: boolean;
      pools: { name: string; members: { address: string; current?: number; stable?: number }[] }[];
      stable?: { ref?: string };
    }>('lbDrift/trafficPicture', { uri });
    expect(picture.ok).toBe(true);
    expect(picture.stable?.ref).toBe('lb-stable/2026-11-20T101500Z');
    expect(picture.pools[0]!.members.map((m) => [m.address, Math.round(m.current! * 1000), Math.round(m.stable! * 1000)])).toEqual([
      ['127.0.0.1:8081', 714, 333],
      ['127.0.0.1:8082', 143, 333],
      ['127.0.0.1:8083', 143, 333],
    ]);
  });

  it('reports a clear state outside git and still publishes the other findings', async () => {
    const dir = tmpDir();
    const path = join(dir, 'site.nginx');
    writeFileSync(path, CURRENT);
    const uri = pathToFileURL(path).href;
    client = new LspTestClient();
    await client.initialize();
    await client.open(uri, readFileSync(path, 'utf8'));
    const published = await client.diagnostics(uri, 1);
    expect(published.diagnostics.map((d) => d.code)).toEqual(['weight-skew']);
    const status = await client.notification<Status>('lbDrift/status', (s) => s.uri === uri);
    expect(status.stable?.state).toBe('not-a-repository');
    const text = await client.connection.sendRequest<{ ok: boolean; state: string; message: string }>('lbDrift/stableText', { uri });
    expect(text).toMatchObject({ ok: false, state: 'not-a-repository' });
    expect(client.stderr).toBe('');
  });
});
