/**
 * The editor features on a HAProxy file, through the real language server over stdio: the
 * weight-skew diagnostic, hover with the member's share, inlay hints, the outline (frontends,
 * backends, servers), definition and references for backend names, folding of sections, and
 * the detectLanguage request that lets the client open a Properties `lb.cfg` or a root
 * `conf.d/cdn.conf` in its own language.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LspTestClient } from '../helpers/lsp-client';

const URI = 'file:///tmp/lb-drift-haproxy-features/haproxy.cfg';
const TEXT = [
  'defaults',
  '    mode http',
  '    timeout connect 5s',
  '    timeout client 30s',
  '    timeout server 30s',
  '',
  'frontend www',
  '    bind :80',
  '    use_backend api if { path_beg /api }',
  '    default_backend app',
  '',
  'backend app',
  '    balance roundrobin',
  '    server web1 10.0.0.1:8080 weight 5 check',
  '    server web2 10.0.0.2:8080 check',
  '    server web3 10.0.0.3:8080 check',
  '',
  'backend api',
  '    server api1 10.0.1.1:9000 check',
  '    server api2 10.0.1.2:9000 check',
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
interface Symbol {
  name: string;
  detail?: string;
  range: Range;
  children?: Symbol[];
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
  await client.initialize({ workspace: { configuration: true }, textDocument: { foldingRange: {} } });
  await client.open(URI, TEXT, 'haproxy');
  await client.diagnostics(URI, 1);
});
afterAll(async () => {
  await client.shutdown();
});

describe('HAProxy in the language server', () => {
  it('publishes weight-skew on the skewed server', async () => {
    const published = await client.diagnostics(URI, 1);
    const skew = published.diagnostics.find((d) => d.code === 'weight-skew');
    expect(skew, JSON.stringify(published.diagnostics)).toBeDefined();
    expect(skew!.range.start.line).toBe(at('web1').line);
  });

  it('hovers a server with its predicted share, in HAProxy words', async () => {
    const hover = await client.connection.sendRequest<{ contents: { value: string } } | null>('textDocument/hover', {
      textDocument: { uri: URI },
      position: at('10.0.0.1:8080', 0, 3),
    });
    expect(hover?.contents.value).toContain('71%');
    expect(hover?.contents.value).toContain('**web1** (10.0.0.1:8080) in backend `app`');
    expect(hover?.contents.value).not.toContain('upstream');
  });

  it('shows inlay shares on each server line', async () => {
    const hints = await client.connection.sendRequest<{ label: string | { value: string }[]; position: Position }[]>('textDocument/inlayHint', {
      textDocument: { uri: URI },
      range: { start: { line: 0, character: 0 }, end: { line: TEXT.split('\n').length, character: 0 } },
    });
    const labels = hints.map((h) => ({ line: h.position.line, text: typeof h.label === 'string' ? h.label : h.label.map((p) => p.value).join('') }));
    expect(labels.find((h) => h.line === at('web1').line)?.text).toBe('≈ 71.4%');
    expect(labels.find((h) => h.line === at('web2').line)?.text).toBe('≈ 14.3%');
    expect(labels.find((h) => h.line === at('api1').line)?.text).toBe('≈ 50%');
  });

  it('outlines frontends, backends and their servers', async () => {
    const symbols = await client.connection.sendRequest<Symbol[]>('textDocument/documentSymbol', { textDocument: { uri: URI } });
    const names = symbols.map((s) => s.name);
    expect(names).toEqual(['frontend www', 'backend app', 'backend api']);
    const app = symbols.find((s) => s.name === 'backend app')!;
    expect(app.children?.map((c) => c.name)).toEqual(['web1', 'web2', 'web3']);
    expect(app.children?.[0]?.detail).toContain('10.0.0.1:8080');
    const www = symbols.find((s) => s.name === 'frontend www')!;
    expect(www.range.start.line).toBe(at('frontend www').line);
    expect(www.children?.map((c) => c.name)).toEqual(['use_backend api', 'default_backend app']);
  });

  it('goes from use_backend and default_backend to the backend, and finds its references', async () => {
    const definition = await client.connection.sendRequest<{ range: Range } | null>('textDocument/definition', {
      textDocument: { uri: URI },
      position: at('default_backend app', 0, 'default_backend '.length + 1),
    });
    expect(definition?.range.start.line).toBe(at('backend app', 1).line);
    const toApi = await client.connection.sendRequest<{ range: Range } | null>('textDocument/definition', {
      textDocument: { uri: URI },
      position: at('use_backend api', 0, 'use_backend '.length + 1),
    });
    expect(toApi?.range.start.line).toBe(at('backend api', 1).line);
    const references = await client.connection.sendRequest<{ range: Range }[]>('textDocument/references', {
      textDocument: { uri: URI },
      position: at('backend app', 1, 'backend '.length + 1),
      context: { includeDeclaration: false },
    });
    expect(references.map((r) => r.range.start.line)).toEqual([at('default_backend app').line]);
  });

  it('folds every section', async () => {
    const ranges = await client.connection.sendRequest<{ startLine: number; endLine: number }[]>('textDocument/foldingRange', {
      textDocument: { uri: URI },
    });
    const starts = ranges.map((r) => r.startLine);
    for (const header of ['defaults', 'frontend www', '\nbackend app', '\nbackend api']) expect(starts).toContain(at(header, 0, 1).line);
    const app = ranges.find((r) => r.startLine === at('backend app', 1).line)!;
    expect(app.endLine).toBe(at('web3').line);
  });
});

describe('the detectLanguage request', () => {
  const detect = (uri: string, text: string) =>
    client.connection.sendRequest<{ languageId?: string }>('lbDrift/detectLanguage', { uri, text });

  it('reads a .cfg with HAProxy sections and servers as haproxy, whatever its name', async () => {
    expect(await detect('file:///repo/lb.cfg', TEXT)).toEqual({ languageId: 'haproxy' });
    expect(await detect('file:///repo/deploy/haproxy-prod.cfg', TEXT)).toEqual({ languageId: 'haproxy' });
  });

  it('reads a conf.d fragment at a repository root as nginx', async () => {
    const fragment = 'upstream cdn {\n    server 10.0.0.1;\n    server 10.0.0.2;\n}\n';
    expect(await detect('file:///repo/conf.d/cdn.conf', fragment)).toEqual({ languageId: 'nginx' });
  });

  it('leaves other files alone, and documents that are not files', async () => {
    expect(await detect('file:///repo/app.conf', 'name=value\nother=2\n')).toEqual({});
    expect(await detect('file:///repo/setup.cfg', '[metadata]\nname = x\n')).toEqual({});
    expect(await detect('untitled:Untitled-1', TEXT)).toEqual({});
  });
});
