/**
 * A `server-template` line in the language server, over stdio: the servers it expands to share one
 * line, so the line gets one inlay hint that counts them (or sums them when a hashing tree gives
 * each its own share), not one overlapping hint per server.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { LspTestClient } from '../helpers/lsp-client';

const URI = 'file:///tmp/lb-drift-haproxy-template/haproxy.cfg';
const TEXT = [
  'defaults',
  '    mode http',
  '    timeout connect 5s',
  '    timeout client 30s',
  '    timeout server 30s',
  '',
  'backend app',
  '    server-template web 1-3 app.internal:80 check',
  '    server other 10.0.0.9:80 check',
  '',
].join('\n');

let client: LspTestClient;
beforeAll(async () => {
  client = new LspTestClient();
  await client.initialize();
  await client.open(URI, TEXT, 'haproxy');
  await client.diagnostics(URI, 1);
});
afterAll(async () => {
  await client.shutdown();
});

it('labels a server-template line once, with the share of each server it makes', async () => {
  const hints = await client.connection.sendRequest<{ label: string | { value: string }[]; position: { line: number } }[]>('textDocument/inlayHint', {
    textDocument: { uri: URI },
    range: { start: { line: 0, character: 0 }, end: { line: TEXT.split('\n').length, character: 0 } },
  });
  const labels = hints.map((h) => [h.position.line, typeof h.label === 'string' ? h.label : h.label.map((p) => p.value).join('')]);
  expect(labels).toEqual([
    [6, 'round-robin · 4 members'],
    [7, '3 × ≈ 25%'],
    [8, '≈ 25%'],
  ]);
});

it('sums the shares of a template line whose servers hash to unequal parts of the tree', async () => {
  const uri = 'file:///tmp/lb-drift-haproxy-template/hashed.cfg';
  const text = TEXT.replace('backend app\n', 'backend app\n    balance uri\n    hash-type consistent\n');
  await client.open(uri, text, 'haproxy');
  await client.diagnostics(uri, 1);
  const hints = await client.connection.sendRequest<{ label: string; position: { line: number } }[]>('textDocument/inlayHint', {
    textDocument: { uri },
    range: { start: { line: 0, character: 0 }, end: { line: text.split('\n').length, character: 0 } },
  });
  const template = hints.filter((h) => h.position.line === 9).map((h) => h.label);
  expect(template).toHaveLength(1);
  expect(template[0]).toMatch(/^3 servers ≈ \d+(\.\d)?%$/);
});
