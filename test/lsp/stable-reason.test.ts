/**
 * Without a stable tag, `auto` compares with the upstream branch, which in a fresh clone is the
 * text on disk: the editor must say which revision it used and why (issue 14, point 8).
 */
import { pathToFileURL } from 'node:url';
import { afterEach, expect, it } from 'vitest';
import type { StableTextRequest, StatusNotification } from '../../server/src/protocol/messages';
import { gitRepo } from '../helpers/git-repo';
import { LspTestClient } from '../helpers/lsp-client';

const TEXT = 'upstream app {\n    server 10.0.0.1:80;\n    server 10.0.0.2:80;\n}\n';

let client: LspTestClient | undefined;
afterEach(async () => {
  await client?.shutdown();
  client = undefined;
});

it('says that no stable tag exists and which branch it compares with instead', async () => {
  const clone = gitRepo({ 'site.nginx': TEXT }).clone();
  const uri = pathToFileURL(clone.path('site.nginx')).href;
  client = new LspTestClient();
  await client.initialize();
  await client.open(uri, TEXT);
  const status = await client.notification<StatusNotification.Params>('lbDrift/status', (s) => s.uri === uri && s.stable?.state === 'resolved');
  const reason = 'no tag matches lb-stable*; comparing with origin/main, the upstream of the current branch';
  expect(status.stable).toMatchObject({ ref: 'origin/main', reason });
  const text = await client.connection.sendRequest<StableTextRequest.Result>('lbDrift/stableText', { uri });
  expect(text).toMatchObject({ ok: true, ref: 'origin/main', reason });
});

it('gives no reason when a stable tag is found', async () => {
  const repo = gitRepo({ 'site.nginx': TEXT });
  repo.tag('lb-stable/1', { message: 'stable' });
  const uri = pathToFileURL(repo.path('site.nginx')).href;
  client = new LspTestClient();
  await client.initialize();
  await client.open(uri, TEXT);
  const status = await client.notification<StatusNotification.Params>('lbDrift/status', (s) => s.uri === uri && s.stable?.state === 'resolved');
  expect(status.stable?.ref).toBe('lb-stable/1');
  expect(status.stable?.reason).toBeUndefined();
});
