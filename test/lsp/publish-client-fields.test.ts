/**
 * A publish carries the optional diagnostic fields the client says it reads, and no others:
 * VS Code gets the documentation link and the related locations, Neovim 0.7 (which declares
 * related information but not `codeDescriptionSupport`) only the related locations, and Emacs's
 * eglot 1.9 (which declares both false) neither. The capabilities below are what each of those
 * clients sends (vscode-languageclient's diagnostic feature, Neovim's
 * `vim.lsp.protocol.make_client_capabilities`, eglot's `eglot-client-capabilities`). Whatever a
 * client reads, a quick fix is still offered from the diagnostic it sends back.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { LspTestClient, VSCODE_TEXT_DOCUMENT } from '../helpers/lsp-client';

const URI = 'file:///tmp/lb-drift-client-fields/nginx.conf';
// duplicate-member names the other line (related information); weight-skew offers a quick fix.
const TEXT = `http {
    upstream skewed { server 10.0.1.10:8080; server 10.0.1.11:8080 weight=5; server 10.0.1.12:8080; }
    upstream twice { server 10.0.0.3:80; server 10.0.0.3:80; }
    server { location / { proxy_pass http://skewed; } location /b { proxy_pass http://twice; } }
}
`;

const NEOVIM_TEXT_DOCUMENT = { publishDiagnostics: { relatedInformation: true, tagSupport: { valueSet: [1, 2] } } };
const EGLOT_TEXT_DOCUMENT = { publishDiagnostics: { relatedInformation: false, codeDescriptionSupport: false, tagSupport: { valueSet: [1, 2] } } };

interface Published {
  code?: string;
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  codeDescription?: unknown;
  relatedInformation?: unknown[];
  data?: unknown;
}

let client: LspTestClient | undefined;
afterEach(async () => {
  await client?.shutdown();
  client = undefined;
});

async function publishFor(textDocument: object): Promise<Published[]> {
  client = new LspTestClient();
  await client.initialize({ workspace: { configuration: true }, textDocument });
  await client.open(URI, TEXT);
  return (await client.diagnostics(URI, 1)).diagnostics as Published[];
}

describe('diagnostic fields by client capabilities', () => {
  it('sends VS Code the documentation link and the related locations', async () => {
    const diagnostics = await publishFor(VSCODE_TEXT_DOCUMENT);
    expect(diagnostics.every((d) => d.codeDescription !== undefined)).toBe(true);
    expect(diagnostics.find((d) => d.code === 'duplicate-member')?.relatedInformation).toHaveLength(1);
  });

  it('sends Neovim 0.7 the related locations but no documentation link', async () => {
    const diagnostics = await publishFor(NEOVIM_TEXT_DOCUMENT);
    expect(diagnostics.length).toBeGreaterThan(1);
    expect(diagnostics.some((d) => d.codeDescription !== undefined)).toBe(false);
    expect(diagnostics.find((d) => d.code === 'duplicate-member')?.relatedInformation).toHaveLength(1);
  });

  it('sends eglot neither, and still offers a quick fix for what it sends back', async () => {
    const diagnostics = await publishFor(EGLOT_TEXT_DOCUMENT);
    expect(diagnostics.some((d) => d.codeDescription !== undefined || d.relatedInformation !== undefined)).toBe(false);
    expect(diagnostics.find((d) => d.code === 'duplicate-member')).toBeDefined();
    const skew = diagnostics.find((d) => d.code === 'weight-skew')!;
    expect(skew.data).toBeDefined();
    const actions = await client!.connection.sendRequest<{ title: string }[]>('textDocument/codeAction', {
      textDocument: { uri: URI },
      range: skew.range,
      context: { diagnostics: [skew] },
    });
    expect(actions.length).toBeGreaterThan(0);
  });
});
