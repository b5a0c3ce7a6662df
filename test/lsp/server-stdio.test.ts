/**
 * The real language server over stdio: initialize, didOpen, didChange, publishDiagnostics, and
 * the settings pull model.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { LspTestClient, type PublishedDiagnostics } from '../helpers/lsp-client';

const URI = 'file:///tmp/lb-drift-lsp-test/site.nginx';
const SKEWED = `upstream backend {
    server 127.0.0.1:8081 weight=5;
    server 127.0.0.1:8082;
    server 127.0.0.1:8083;
}
`;

let client: LspTestClient | undefined;
afterEach(async () => {
  await client?.shutdown();
  client = undefined;
});

function expectRangesInside(published: PublishedDiagnostics, text: string): void {
  const lines = text.split('\n');
  for (const d of published.diagnostics) {
    for (const p of [d.range.start, d.range.end]) {
      expect(p.line).toBeGreaterThanOrEqual(0);
      expect(p.line).toBeLessThan(lines.length);
      expect(p.character).toBeGreaterThanOrEqual(0);
      expect(p.character).toBeLessThanOrEqual(lines[p.line]!.length);
    }
    const before = d.range.start.line < d.range.end.line || (d.range.start.line === d.range.end.line && d.range.start.character <= d.range.end.character);
    expect(before).toBe(true);
  }
}

describe('language server over stdio', () => {
  it('initializes, publishes diagnostics for an opened file and updates them on change', async () => {
    client = new LspTestClient();
    const init = await client.initialize();
    expect(init.capabilities.textDocumentSync).toBe(2);

    await client.open(URI, SKEWED);
    const first = await client.diagnostics(URI, 1);
    expectRangesInside(first, SKEWED);
    expect(first.diagnostics).toHaveLength(1);
    expect(first.diagnostics[0]).toMatchObject({
      code: 'weight-skew',
      source: 'lb-drift',
      severity: 2,
      range: { start: { line: 1, character: 26 }, end: { line: 1, character: 34 } },
    });

    // Remove the ";" after the last server: a syntax error appears at once.
    const broken = SKEWED.replace('8083;', '8083');
    await client.change(URI, 2, [{ range: { start: { line: 3, character: 25 }, end: { line: 3, character: 26 } }, text: '' }]);
    const second = await client.diagnostics(URI, 2);
    expectRangesInside(second, broken);
    expect(second.diagnostics.map((d) => d.code)).toContain('syntax-error');
    const syntax = second.diagnostics.find((d) => d.code === 'syntax-error')!;
    expect(syntax.severity).toBe(1);
    expect(syntax.range.start.line).toBe(3);

    // Full-text change back to a balanced pool: no diagnostics.
    await client.change(URI, 3, [{ text: SKEWED.replace('weight=5', '') }]);
    expect((await client.diagnostics(URI, 3)).diagnostics).toEqual([]);
    expect(client.stderr).toBe('');
  });

  it('applies pulled settings: a rule severity override and a disabled rule', async () => {
    client = new LspTestClient({ settings: { rules: { 'weight-skew': { severity: 'error', options: { skewRatio: 6 } } } } });
    await client.initialize();
    await client.open(URI, SKEWED);
    // 71% is 5 times the 14% the other members get: below a skewRatio of 6, so nothing is reported.
    expect((await client.diagnostics(URI, 1)).diagnostics).toEqual([]);
    await client.shutdown();

    client = new LspTestClient({ settings: { rules: { 'weight-skew': { severity: 'error' } } } });
    await client.initialize();
    await client.open(URI, SKEWED);
    const published = await client.diagnostics(URI, 1);
    expect(published.diagnostics.map((d) => [d.code, d.severity])).toEqual([['weight-skew', 1]]);
  });

  it('takes settings a client without the pull model pushes (Neovim 0.7)', async () => {
    client = new LspTestClient();
    await client.initialize({});
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: { lbDrift: { rules: { 'weight-skew': 'error' } } } });
    await client.open(URI, SKEWED);
    expect((await client.diagnostics(URI, 1)).diagnostics.map((d) => [d.code, d.severity])).toEqual([['weight-skew', 1]]);
  });

  it('works for a client without workspace/configuration, using defaults', async () => {
    client = new LspTestClient();
    await client.initialize({});
    await client.open(URI, SKEWED);
    expect((await client.diagnostics(URI, 1)).diagnostics.map((d) => d.code)).toEqual(['weight-skew']);
  });

  it('publishes nothing for a file that is not a balancer config, and a status without dialect', async () => {
    client = new LspTestClient();
    await client.initialize();
    const uri = 'file:///tmp/lb-drift-lsp-test/values.yaml';
    await client.open(uri, 'replicas: 3\nimage: app:1.2\n', 'yaml');
    expect((await client.diagnostics(uri, 1)).diagnostics).toEqual([]);
    const status = await client.notification<{ uri: string; pools: number; dialect?: string }>('lbDrift/status', (p) => p.uri === uri);
    expect(status).toMatchObject({ uri, pools: 0 });
    expect(status.dialect).toBeUndefined();
  });

  it('survives garbage and keeps serving', async () => {
    client = new LspTestClient();
    await client.initialize();
    const garbage = '\u0000\uFFFF{{{{"\\\n'.repeat(2000) + '}'.repeat(5000);
    await client.open(URI, garbage);
    const published = await client.diagnostics(URI, 1);
    expectRangesInside(published, garbage);
    expect(published.diagnostics.length).toBeGreaterThan(0);
    await client.change(URI, 2, [{ text: SKEWED }]);
    expect((await client.diagnostics(URI, 2)).diagnostics.map((d) => d.code)).toEqual(['weight-skew']);
  });
});
