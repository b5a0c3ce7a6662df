/**
 * `proxy_pass http://app` is a pool reference, not a web link (issue 14, point 9): the server
 * links real web addresses only, and the extension turns VS Code's own link detection off for nginx.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { LspTestClient } from '../helpers/lsp-client';

const URI = 'file:///tmp/lb-drift-links/site.nginx';
const TEXT = `# Runbook: https://wiki.example.com/lb/app.
upstream app {
    server 10.0.0.1:80;
}
server {
    listen 80;
    location / { proxy_pass http://app; }
    location /typo { proxy_pass http://ap; }
    location /ip { proxy_pass http://10.0.0.9:8080; }
    location /var { proxy_pass http://$host; }
    location /old { return 301 https://example.com/new; }
}
`;

let client: LspTestClient | undefined;
afterEach(async () => {
  await client?.shutdown();
  client = undefined;
});

it('links web addresses but not proxy_pass targets (pools, typos of pools, backend addresses) or addresses made of variables', async () => {
  client = new LspTestClient();
  await client.initialize();
  await client.open(URI, TEXT);
  await client.diagnostics(URI, 1);
  const links = await client.connection.sendRequest<{ target: string; range: { start: { line: number } } }[]>('textDocument/documentLink', { textDocument: { uri: URI } });
  expect(links.map((l) => [l.range.start.line, l.target])).toEqual([
    [0, 'https://wiki.example.com/lb/app'],
    [10, 'https://example.com/new'],
  ]);
});

it("turns VS Code's own link detection off for nginx files", () => {
  const manifest = JSON.parse(readFileSync(join(__dirname, '../../package.json'), 'utf8')) as { contributes: { configurationDefaults?: Record<string, Record<string, unknown>> } };
  expect(manifest.contributes.configurationDefaults?.['[nginx]']?.['editor.links']).toBe(false);
});
