/**
 * Editor features through the real server over stdio: hover, inlay hints, outline, definition,
 * references, folding and code actions (rule fixes, disable-for-this-line, fix-all).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LspTestClient, VSCODE_TEXT_DOCUMENT } from '../helpers/lsp-client';

const URI = 'file:///tmp/lb-drift-features/site.nginx';
const TEXT = `http {
    upstream app {
        server 10.0.1.11:8080 weight=5;
        server 10.0.1.12:8080;
        server 10.0.1.13:8080;
    }

    server {
        listen 80;
        location / {
            proxy_pass http://app;
        }
        location /api/ {
            proxy_pass http://app/api/;
        }
    }
}
`;

interface Edit {
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  newText: string;
}

function applyEdits(text: string, edits: Edit[]): string {
  const lines = text.split('\n');
  const offset = (p: { line: number; character: number }) =>
    lines.slice(0, p.line).reduce((sum, l) => sum + l.length + 1, 0) + p.character;
  return [...edits]
    .sort((a, b) => offset(b.range.start) - offset(a.range.start))
    .reduce((acc, e) => acc.slice(0, offset(e.range.start)) + e.newText + acc.slice(offset(e.range.end)), text);
}

let client: LspTestClient;
beforeAll(async () => {
  client = new LspTestClient();
  await client.initialize({ workspace: { configuration: true }, textDocument: { ...VSCODE_TEXT_DOCUMENT, codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'source'] } } } } });
  await client.open(URI, TEXT);
  await client.diagnostics(URI, 1);
});
afterAll(() => client.shutdown());

const request = <T>(method: string, params: object) => client.connection.sendRequest<T>(method, { textDocument: { uri: URI }, ...params });

describe('editor features', () => {
  it('hovers a member with weight, share, fair share and why', async () => {
    const hover = await request<{ contents: { value: string } }>('textDocument/hover', { position: { line: 2, character: 12 } });
    expect(hover.contents.value).toContain('**10.0.1.11:8080** in upstream `app` · smooth weighted round-robin');
    expect(hover.contents.value).toContain('- **Predicted share:** 71.4% of requests');
    expect(hover.contents.value).toContain('- **Fair share:** 33% (an even split between 3 active members)');
    expect(hover.contents.value).toContain("- **Weight:** 5; the active members' weights add up to 7");
    expect(hover.contents.value).toContain('5 of every 7 requests');
  });

  it('hovers a proxy_pass target with the pool share table', async () => {
    const hover = await request<{ contents: { value: string } }>('textDocument/hover', { position: { line: 10, character: 32 } });
    expect(hover.contents.value).toContain('**upstream app** (http)');
    expect(hover.contents.value).toContain('```text\nmember           weight   share\n10.0.1.11:8080        5   71.4%\n10.0.1.12:8080        1   14.3%\n');
  });

  it('shows a share hint after each member and an algorithm hint after the pool name', async () => {
    const hints = await request<{ position: { line: number; character: number }; label: string }[]>('textDocument/inlayHint', {
      range: { start: { line: 0, character: 0 }, end: { line: 17, character: 0 } },
    });
    expect(hints.map((h) => [h.position.line, h.position.character, h.label])).toEqual([
      [1, 16, 'round-robin · 3 members'],
      [2, 39, '≈ 71.4%'],
      [3, 30, '≈ 14.3%'],
      [4, 30, '≈ 14.3%'],
    ]);
  });

  it('outlines pools with their members', async () => {
    const symbols = await request<{ name: string; detail: string; children: { name: string; detail: string }[] }[]>('textDocument/documentSymbol', {});
    expect(symbols.map((s) => [s.name, s.children.map((c) => `${c.name} ${c.detail}`)])).toEqual([
      ['upstream app', ['10.0.1.11:8080 weight 5 · 71%', '10.0.1.12:8080 weight 1 · 14%', '10.0.1.13:8080 weight 1 · 14%']],
    ]);
  });

  it('goes from proxy_pass to the upstream and finds every reference', async () => {
    const definition = await request<{ uri: string; range: { start: { line: number; character: number } } }>('textDocument/definition', {
      position: { line: 13, character: 33 },
    });
    expect(definition).toMatchObject({ uri: URI, range: { start: { line: 1, character: 13 } } });
    const references = await request<{ range: { start: { line: number } } }[]>('textDocument/references', {
      position: { line: 1, character: 14 },
      context: { includeDeclaration: true },
    });
    expect(references.map((r) => r.range.start.line)).toEqual([1, 10, 13]);
  });

  it('folds every block, keeping the closing brace visible', async () => {
    const ranges = await request<{ startLine: number; endLine: number }[]>('textDocument/foldingRange', {});
    expect(ranges.map((r) => [r.startLine, r.endLine]).sort((a, b) => a[0]! - b[0]!)).toEqual([
      [0, 15],
      [1, 4],
      [7, 14],
      [9, 10],
      [12, 13],
    ]);
  });

  it('offers the rule fix and disable-for-this-line, and their edits do what they say', async () => {
    const published = await client.diagnostics(URI, 1);
    const diagnostic = published.diagnostics.find((d) => d.code === 'weight-skew')!;
    expect(diagnostic).toMatchObject({ codeDescription: { href: expect.stringContaining('docs/rules/weight-skew.md') } });
    const actions = await request<{ title: string; kind: string; isPreferred?: boolean; edit: { changes: Record<string, Edit[]> } }[]>(
      'textDocument/codeAction',
      { range: diagnostic.range, context: { diagnostics: [diagnostic] } },
    );
    expect(actions.map((a) => a.title)).toEqual([
      'Equalise the weights in app (moves traffic)',
      'Disable weight-skew for this line',
    ]);
    const equalised = applyEdits(TEXT, actions[0]!.edit.changes[URI]!);
    expect(equalised).toContain('        server 10.0.1.11:8080;\n');
    const disabled = applyEdits(TEXT, actions[1]!.edit.changes[URI]!);
    expect(disabled).toContain('        # lb-drift-disable-next-line weight-skew -- explain why this is intended\n        server 10.0.1.11:8080 weight=5;');

    // The suppression works: the re-published diagnostics no longer hold the finding.
    await client.change(URI, 2, [{ text: disabled }]);
    expect((await client.diagnostics(URI, 2)).diagnostics).toEqual([]);
    await client.change(URI, 3, [{ text: TEXT }]);
    await client.diagnostics(URI, 3);
  });

  it('ignores diagnostics from an older document version', async () => {
    const stale = { ...(await client.diagnostics(URI, 1)).diagnostics[0]!, data: { rule: 'weight-skew', version: 1, fixes: [] } };
    const actions = await request<unknown[]>('textDocument/codeAction', { range: stale.range, context: { diagnostics: [stale] } });
    expect(actions).toEqual([]);
  });
});

describe('fix-all and settings', () => {
  const uri = 'file:///tmp/lb-drift-features/fixall.nginx';
  const text = `upstream search {
    server 10.0.4.11:9200 max_fails=0;
    server 10.0.4.12:9200 max_fails=0;
    server 10.0.4.12:9200 max_fails=0;
}
`;

  it('applies every safe fix and leaves unsafe ones alone', async () => {
    await client.open(uri, text);
    const published = await client.diagnostics(uri, 1);
    expect(published.diagnostics.map((d) => d.code).sort()).toEqual(['duplicate-member', 'no-health-check']);
    const actions = await client.connection.sendRequest<{ title: string; kind: string; edit: { changes: Record<string, Edit[]> } }[]>(
      'textDocument/codeAction',
      { textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, context: { diagnostics: [], only: ['source.fixAll'] } },
    );
    expect(actions.map((a) => [a.title, a.kind])).toEqual([['Fix all safe lb-drift problems', 'source.fixAll.lb-drift']]);
    const fixed = applyEdits(text, actions[0]!.edit.changes[uri]!);
    expect(fixed).toBe(`upstream search {
    server 10.0.4.11:9200 max_fails=1;
    server 10.0.4.12:9200 max_fails=1;
}
`);
  });

  it('marks an unused pool as unnecessary and links the first duplicate', async () => {
    const full = `events {}
http {
    upstream used { server 10.0.0.1:80; server 10.0.0.2:80; }
    upstream spare { server 10.0.0.3:80; server 10.0.0.3:80; }
    server { location / { proxy_pass http://used; } }
}
`;
    const fullUri = 'file:///tmp/lb-drift-features/full.nginx';
    await client.open(fullUri, full);
    const published = await client.diagnostics(fullUri, 1);
    const unused = published.diagnostics.find((d) => d.code === 'unused-pool') as { tags?: number[] } | undefined;
    expect(unused?.tags).toEqual([1]);
    const duplicate = published.diagnostics.find((d) => d.code === 'duplicate-member') as
      | { relatedInformation?: { location: { uri: string; range: { start: { line: number; character: number } } } }[] }
      | undefined;
    expect(duplicate?.relatedInformation?.[0]?.location).toMatchObject({ uri: fullUri, range: { start: { line: 3, character: 28 } } });
  });
});

describe('inlay hints can be turned off', () => {
  it('returns no hints when both settings are off', async () => {
    const quiet = new LspTestClient({ settings: { inlayHints: { shares: false, pools: false } } });
    try {
      await quiet.initialize();
      await quiet.open(URI, TEXT);
      await quiet.diagnostics(URI, 1);
      const hints = await quiet.connection.sendRequest<unknown[]>('textDocument/inlayHint', {
        textDocument: { uri: URI },
        range: { start: { line: 0, character: 0 }, end: { line: 17, character: 0 } },
      });
      expect(hints).toEqual([]);
    } finally {
      await quiet.shutdown();
    }
  });
});

describe('includes in the editor', () => {
  it('re-analyses a config when a file it includes changes in the editor', async () => {
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { pathToFileURL } = await import('node:url');
    const dir = mkdtempSync(join(tmpdir(), 'lb-drift-include-'));
    const main = 'events {}\nhttp {\n    include conf.d/*.conf;\n    server { location / { proxy_pass http://app; } }\n}\n';
    const included = 'upstream app {\n    server 10.0.0.1:80;\n    server 10.0.0.2:80;\n}\n';
    writeFileSync(join(dir, 'nginx.conf'), main);
    const { mkdirSync } = await import('node:fs');
    mkdirSync(join(dir, 'conf.d'));
    writeFileSync(join(dir, 'conf.d/app.conf'), included);
    const mainUri = pathToFileURL(join(dir, 'nginx.conf')).href;
    const includedUri = pathToFileURL(join(dir, 'conf.d/app.conf')).href;
    await client.open(mainUri, main);
    expect((await client.diagnostics(mainUri, 1)).diagnostics).toEqual([]);
    await client.open(includedUri, included);
    await client.diagnostics(includedUri, 1);
    // Renaming the upstream in the (unsaved) included file leaves the main config's proxy_pass dangling.
    const renamed = client.diagnosticsMatching(mainUri, (p) => p.diagnostics.some((d) => d.code === 'undefined-pool'));
    await client.change(includedUri, 2, [{ text: included.replace('upstream app', 'upstream api') }]);
    expect((await renamed).diagnostics.map((d) => d.code)).toContain('undefined-pool');
  });
});
