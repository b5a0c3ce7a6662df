/**
 * Backend names as references in the language server, over stdio: `track BACKEND/SERVER` leads to
 * the backend it names, as `use_backend` and `default_backend` do, and finding the references of
 * a backend lists all three kinds; hovering the tracked name shows the backend's shares.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LspTestClient } from '../helpers/lsp-client';

const URI = 'file:///tmp/lb-drift-haproxy-navigation/haproxy.cfg';
const TEXT = [
  'defaults',
  '    mode http',
  '    timeout connect 5s',
  '    timeout client 30s',
  '    timeout server 30s',
  '',
  'frontend www',
  '    bind :80',
  '    use_backend app_tls if { ssl_fc }',
  '    default_backend app',
  '',
  'backend app',
  '    server web1 10.0.0.1:80 check',
  '    server web2 10.0.0.2:80 check',
  '',
  'backend app_tls',
  '    server web1 10.0.0.1:443 track app/web1',
  '    server web2 10.0.0.2:443 track app/web2',
  '',
].join('\n');

interface Position {
  line: number;
  character: number;
}
interface Range {
  start: Position;
  end: Position;
}

/** The position of the `nth` occurrence of `needle` in TEXT, plus `shift` characters. */
function at(needle: string, nth = 0, shift = 1): Position {
  let offset = -1;
  for (let i = 0; i <= nth; i++) offset = TEXT.indexOf(needle, offset + 1);
  if (offset < 0) throw new Error(`"${needle}" is not in the test file`);
  const before = TEXT.slice(0, offset + shift);
  return { line: before.split('\n').length - 1, character: before.length - before.lastIndexOf('\n') - 1 };
}

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

describe('HAProxy backend names', () => {
  it('goes from track app/web1 to backend app', async () => {
    const definition = await client.connection.sendRequest<{ range: Range } | null>('textDocument/definition', {
      textDocument: { uri: URI },
      position: at('track app/web1', 0, 'track a'.length),
    });
    expect(definition?.range.start).toEqual(at('\nbackend app\n', 0, '\nbackend '.length));
  });

  it('lists default_backend and both track parameters as references of backend app', async () => {
    const references = await client.connection.sendRequest<{ range: Range }[]>('textDocument/references', {
      textDocument: { uri: URI },
      position: at('\nbackend app\n', 0, '\nbackend a'.length),
      context: { includeDeclaration: false },
    });
    expect(references.map((r) => [r.range.start.line, r.range.start.character, r.range.end.character])).toEqual([
      [at('default_backend app').line, '    default_backend '.length, '    default_backend app'.length],
      [at('track app/web1').line, at('track app/web1', 0, 'track '.length).character, at('track app/web1', 0, 'track app'.length).character],
      [at('track app/web2').line, at('track app/web2', 0, 'track '.length).character, at('track app/web2', 0, 'track app'.length).character],
    ]);
  });

  it('hovers the tracked backend name with that backend and its shares', async () => {
    const hover = await client.connection.sendRequest<{ contents: { value: string } } | null>('textDocument/hover', {
      textDocument: { uri: URI },
      position: at('track app/web1', 0, 'track a'.length),
    });
    expect(hover?.contents.value).toContain('**backend app**');
    expect(hover?.contents.value).toContain('50%');
  });

  it('does not count a backend tracked by another as unused, nor report the tracked name', async () => {
    const published = await client.diagnostics(URI, 1);
    expect(published.diagnostics.map((d) => d.code)).not.toContain('unused-pool');
    expect(published.diagnostics.map((d) => d.code)).not.toContain('undefined-pool');
  });
});
