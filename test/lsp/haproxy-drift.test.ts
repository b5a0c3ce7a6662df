/**
 * Drift on a HAProxy file in the language server, over stdio, in a repository the test builds
 * with a stable tag: drift diagnostics with their numbers, the revert quick fixes (the value and
 * the whole backend, both restoring the stable text), the hover's stable note, the status
 * notification behind the status item, and the traffic view's data.
 */
import { writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TrafficPictureRequest } from '../../server/src/protocol/messages';
import { gitRepo } from '../helpers/git-repo';
import { LspTestClient } from '../helpers/lsp-client';
import { applyEdits, type Diagnostic, type Edit } from '../helpers/lsp-edits';

const HEAD = [
  'defaults',
  '    mode http',
  '    option redispatch',
  '    timeout connect 5s',
  '    timeout client 30s',
  '    timeout server 30s',
  '',
  'frontend www',
  '    bind :80',
  '    use_backend cache if { path_beg /static }',
  '    default_backend app',
  '',
].join('\n');
const APP = (web1: string) => `backend app\n    balance roundrobin\n${web1}\n    server web2 10.0.0.2:80 check\n    server web3 10.0.0.3:80 check\n`;
const CACHE = (hashType: string) => `\nbackend cache\n    balance uri\n${hashType}    server c1 10.0.1.1:80 check\n    server c2 10.0.1.2:80 check\n    server c3 10.0.1.3:80 check\n`;
const STABLE = HEAD + APP('    server web1 10.0.0.1:80 check') + CACHE('');
const CURRENT = HEAD + APP('    server web1 10.0.0.1:80 check weight 5') + CACHE('    hash-type consistent\n');
const TAG = 'lb-stable/2026-11-20T101500Z';

interface Status {
  uri: string;
  stable?: { state: string; ref?: string; drifts: number };
}

const lineOf = (needle: string) => CURRENT.slice(0, CURRENT.indexOf(needle)).split('\n').length - 1;

let client: LspTestClient;
let uri: string;
let drift: Diagnostic[];
beforeAll(async () => {
  const repo = gitRepo({ 'lb/haproxy.cfg': STABLE });
  repo.tag(TAG, { message: 'stable' });
  writeFileSync(repo.path('lb/haproxy.cfg'), CURRENT);
  uri = pathToFileURL(repo.path('lb/haproxy.cfg')).href;
  client = new LspTestClient();
  await client.initialize();
  await client.open(uri, CURRENT, 'haproxy');
  // The first analysis waits for git, so its diagnostics already hold the drift.
  const published = await client.diagnostics(uri, 1);
  drift = (published.diagnostics as Diagnostic[]).filter((d) => String(d.code).startsWith('drift-'));
});
afterAll(async () => {
  await client.shutdown();
});

const actionsFor = (diagnostic: Diagnostic) =>
  client.connection.sendRequest<{ title: string; edit: { changes: Record<string, Edit[]> } }[]>('textDocument/codeAction', {
    textDocument: { uri },
    range: diagnostic.range,
    context: { diagnostics: [diagnostic] },
  });

describe('HAProxy drift in the language server', () => {
  it('publishes the share shift and the hash-type switch with their numbers', () => {
    const byCode = (code: string) => drift.filter((d) => d.code === code).map((d) => [d.range.start.line, d.message]);
    expect(byCode('drift-share-shift')).toContainEqual([
      lineOf('weight 5'),
      `10.0.0.1:80: share 33% -> 71% since ${TAG} (weight 1 -> 5); the 2 other members 33% -> 14% each.`,
    ]);
    expect(byCode('drift-algorithm-changed')).toEqual([[lineOf('balance uri'), `backend cache: balance uri -> balance uri, hash-type consistent since ${TAG}.`]]);
    const remap = drift.find((d) => d.code === 'drift-key-remap');
    expect(remap?.message).toMatch(new RegExp(`^backend cache: this change remaps about \\d+% of keys since ${TAG}`));
  });

  it('reverts a value and a whole backend to the stable text', async () => {
    const shift = drift.find((d) => d.code === 'drift-share-shift' && d.range.start.line === lineOf('weight 5'))!;
    const actions = await actionsFor(shift);
    expect(actions.map((a) => a.title)).toEqual(expect.arrayContaining(['Revert to stable value', 'Revert pool to stable']));
    // The value fix touches the weight only; the cache backend keeps its own drift.
    expect(applyEdits(CURRENT, actions.find((a) => a.title === 'Revert to stable value')!.edit.changes[uri]!)).toBe(
      HEAD + APP('    server web1 10.0.0.1:80 check') + CACHE('    hash-type consistent\n'),
    );

    const switched = drift.find((d) => d.code === 'drift-algorithm-changed')!;
    const pool = (await actionsFor(switched)).find((a) => a.title === 'Revert pool to stable')!;
    expect(applyEdits(CURRENT, pool.edit.changes[uri]!)).toBe(HEAD + APP('    server web1 10.0.0.1:80 check weight 5') + CACHE(''));
  });

  it('reports the drift count to the status item', async () => {
    const status = await client.notification<Status>('lbDrift/status', (s) => s.uri === uri && s.stable?.state === 'resolved');
    expect(status.stable).toMatchObject({ state: 'resolved', ref: TAG, drifts: drift.length });
  });

  it('hovers a drifted server with its stable share', async () => {
    const hover = await client.connection.sendRequest<{ contents: { value: string } } | null>('textDocument/hover', {
      textDocument: { uri },
      position: { line: lineOf('weight 5'), character: '    server web1 1'.length },
    });
    expect(hover?.contents.value).toContain('71%');
    expect(hover?.contents.value).toContain('33%');
  });

  it('gives the traffic view both revisions, drifted backends first', async () => {
    const picture = await client.connection.sendRequest<TrafficPictureRequest.Result>('lbDrift/trafficPicture', { uri });
    if (!picture.ok) throw new Error(picture.message);
    expect(picture.stable).toMatchObject({ ref: TAG });
    expect(picture.pools.map((p) => [p.name, p.context, p.drifted])).toEqual([
      ['app', 'backend', true],
      ['cache', 'backend', true],
    ]);
    const app = picture.pools[0]!.members.map((m) => [m.address, Math.round(m.stable! * 1000), Math.round(m.current! * 1000), m.trend]);
    expect(app).toEqual([
      ['10.0.0.1:80', 333, 714, 'skew'],
      ['10.0.0.2:80', 333, 143, 'skew'],
      ['10.0.0.3:80', 333, 143, 'skew'],
    ]);
  });
});
