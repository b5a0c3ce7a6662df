/**
 * `.lb-drift.yaml` in the language server: its rules apply under the editor's settings, its
 * problems appear on the config file, its ignores silence a file, and a changed config file is
 * picked up without a restart.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { LspTestClient } from '../helpers/lsp-client';
import { tmpTree } from '../helpers/tmp';

const SKEWED = 'upstream app {\n    server 10.0.0.1:80 weight=5;\n    server 10.0.0.2:80;\n    server 10.0.0.3:80;\n}\n';

let client: LspTestClient | undefined;
afterEach(async () => {
  await client?.shutdown();
  client = undefined;
});

describe('project config in the language server', () => {
  it('applies the project severity, and an explicit editor setting over it', async () => {
    const dir = tmpTree({ '.lb-drift.yaml': 'rules:\n  weight-skew: error\n', 'site.nginx': SKEWED });
    const uri = pathToFileURL(join(dir, 'site.nginx')).href;
    client = new LspTestClient();
    await client.initialize();
    await client.open(uri, SKEWED);
    expect((await client.diagnostics(uri, 1)).diagnostics.map((d) => [d.code, d.severity])).toEqual([['weight-skew', 1]]);
    await client.shutdown();

    client = new LspTestClient({ settings: { rules: { 'weight-skew': 'hint' } } });
    await client.initialize();
    await client.open(uri, SKEWED);
    expect((await client.diagnostics(uri, 1)).diagnostics.map((d) => [d.code, d.severity])).toEqual([['weight-skew', 4]]);
  });

  it('shows a broken config on the config file and keeps analysing with its valid part', async () => {
    const dir = tmpTree({ '.lb-drift.yaml': 'rules:\n  weight-skew: loud\n', 'site.nginx': SKEWED });
    const uri = pathToFileURL(join(dir, 'site.nginx')).href;
    const configUri = pathToFileURL(join(dir, '.lb-drift.yaml')).href;
    client = new LspTestClient();
    await client.initialize();
    await client.open(uri, SKEWED);
    expect((await client.diagnostics(uri, 1)).diagnostics.map((d) => d.code)).toEqual(['weight-skew']);
    const config = await client.diagnostics(configUri);
    expect(config.diagnostics).toHaveLength(1);
    expect(config.diagnostics[0]).toMatchObject({ severity: 1, range: { start: { line: 1 } } });
    expect(config.diagnostics[0]!.message).toContain('"loud"');
  });

  it('ignores what the config ignores, and picks up a changed config file', async () => {
    const dir = tmpTree({ '.lb-drift.yaml': 'ignore: ["legacy/**"]\n', 'legacy/site.nginx': SKEWED });
    const uri = pathToFileURL(join(dir, 'legacy/site.nginx')).href;
    client = new LspTestClient();
    await client.initialize({ workspace: { configuration: true, didChangeWatchedFiles: { dynamicRegistration: true } } });
    await client.open(uri, SKEWED);
    expect((await client.diagnostics(uri, 1)).diagnostics).toEqual([]);
    writeFileSync(join(dir, '.lb-drift.yaml'), 'ignore: []\n');
    const changed = client.diagnosticsMatching(uri, (p) => p.diagnostics.length > 0);
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', {
      changes: [{ uri: pathToFileURL(join(dir, '.lb-drift.yaml')).href, type: 2 }],
    });
    expect((await changed).diagnostics.map((d) => d.code)).toEqual(['weight-skew']);
  });
});
