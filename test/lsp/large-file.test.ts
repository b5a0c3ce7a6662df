/**
 * A file over `lbDrift.maxFileSize` is measured, not analysed: it gets one diagnostic that says
 * so (and one log line), no editor features, and the server goes on answering for other files.
 */
import { afterEach, expect, it } from 'vitest';
import { syntheticNginx } from '../../bench/generate';
import { LspTestClient } from '../helpers/lsp-client';

const BIG = 'file:///tmp/lb-drift-large-test/huge.nginx';
const SMALL = 'file:///tmp/lb-drift-large-test/small.nginx';
const SMALL_TEXT = `upstream app {
    server 10.0.1.11:8080 weight=5;
    server 10.0.1.12:8080;
}
`;

let client: LspTestClient | undefined;
afterEach(async () => {
  await client?.shutdown();
  client = undefined;
});

const logLines = (c: LspTestClient) =>
  c.notifications.filter((n) => n.method === 'window/logMessage' && (n.params as { message: string }).message.includes('maxFileSize'));

it('gives a file over the default 5 MB one message and no features, and keeps answering for other files', { timeout: 60_000 }, async () => {
  client = new LspTestClient();
  await client.initialize();
  const text = syntheticNginx(12 << 20);
  await client.open(BIG, text);
  await client.open(SMALL, SMALL_TEXT);
  const hover = client.connection.sendRequest<{ contents: { value: string } } | null>('textDocument/hover', {
    textDocument: { uri: SMALL },
    position: { line: 1, character: 12 },
  });

  const big = await client.diagnostics(BIG, 1);
  expect(big.diagnostics).toHaveLength(1);
  expect(big.diagnostics[0]).toMatchObject({ severity: 3, source: 'lb-drift', code: 'max-file-size' });
  expect(big.diagnostics[0]!.message).toMatch(/it is 12\.0 MB, over lbDrift\.maxFileSize \(5 MB\)/);
  expect((await hover)?.contents.value).toContain('10.0.1.11:8080');

  // No feature parses the file behind the message's back.
  const request = <T>(method: string, params: object = {}) => client!.connection.sendRequest<T>(method, { textDocument: { uri: BIG }, ...params });
  expect(await request('textDocument/hover', { position: { line: 9, character: 18 } })).toBeNull();
  // No answer rather than an empty one, so the editor keeps its own outline and folding.
  expect(await request('textDocument/documentSymbol')).toBeNull();
  expect(await request('textDocument/foldingRange')).toBeNull();

  // An edit keeps the one message (for the new version), and the log says it once.
  await client.change(BIG, 2, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '# edited\n' }]);
  expect((await client.diagnostics(BIG, 2)).diagnostics).toHaveLength(1);
  expect(logLines(client)).toHaveLength(1);
});

it('takes the limit from lbDrift.maxFileSize', { timeout: 60_000 }, async () => {
  client = new LspTestClient({ settings: { maxFileSize: 1 } });
  await client.initialize();
  await client.open(BIG, syntheticNginx(1.5 * (1 << 20)));
  const big = await client.diagnostics(BIG, 1);
  expect(big.diagnostics.map((d) => d.message)).toEqual([expect.stringMatching(/it is 1\.5 MB, over lbDrift\.maxFileSize \(1 MB\)/)]);
});
