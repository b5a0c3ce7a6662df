/**
 * `use-server` names a server of its own backend: definition goes from the rule to the server
 * line, references of a server list the rules naming it, and a name no server has is an error
 * (HAProxy refuses such a file), through the real language server over stdio.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LspTestClient } from '../helpers/lsp-client';
import { positionOf, type Position, type Range } from '../helpers/text-position';

const URI = 'file:///tmp/lb-drift-haproxy-use-server/haproxy.cfg';
const TEXT = [
  'defaults',
  '    mode http',
  '    timeout connect 5s',
  '    timeout client 30s',
  '    timeout server 30s',
  '',
  'frontend www',
  '    bind :80',
  '    default_backend app',
  '',
  'backend app',
  '    use-server web2 if { path_beg /admin }',
  '    use-server web2 if { hdr(x-pin) -m found }',
  '    use-server webb3 if TRUE',
  '    server web1 10.0.0.1:8080 check',
  '    server web2 10.0.0.2:8080 check',
  '    server web3 10.0.0.3:8080 check',
  '',
].join('\n');

const at = (needle: string, nth = 0, shift = 1): Position => positionOf(TEXT, needle, nth, shift);

let client: LspTestClient;
let diagnostics: { message: string; range: Range; severity?: number }[] = [];
beforeAll(async () => {
  client = new LspTestClient();
  await client.initialize({ workspace: { configuration: true } });
  await client.open(URI, TEXT, 'haproxy');
  diagnostics = (await client.diagnostics(URI, 1)).diagnostics as typeof diagnostics;
});
afterAll(async () => {
  await client.shutdown();
});

describe('use-server in the language server', () => {
  it('goes from a use-server rule to the server it names', async () => {
    const definition = await client.connection.sendRequest<{ range: Range } | null>('textDocument/definition', {
      textDocument: { uri: URI },
      position: at('use-server web2', 0, 'use-server '.length + 1),
    });
    expect(definition?.range.start).toEqual(at('server web2 10', 0, 'server '.length));
  });

  it('lists the rules that name a server as its references', async () => {
    const references = await client.connection.sendRequest<{ range: Range }[]>('textDocument/references', {
      textDocument: { uri: URI },
      position: at('server web2 10', 0, 'server '.length + 1),
      context: { includeDeclaration: true },
    });
    expect(references.map((r) => r.range.start.line)).toEqual([at('server web2 10').line, at('use-server web2').line, at('use-server web2', 1).line]);
  });

  it('reports a use-server naming no server of the backend as an error, suggesting the closest name', () => {
    const found = diagnostics.find((d) => d.message.includes('webb3'));
    expect(found?.severity).toBe(1);
    expect(found?.range.start).toEqual(at('webb3', 0, 0));
    expect(found?.message).toContain('Did you mean web3?');
  });
});
