/**
 * Diagnostics are converted once per finding and their JSON text made once (diagnostics.ts,
 * diagnostics-encoder.ts): the message the server writes must parse to exactly what
 * JSON.stringify gives for the same notification, a finding carried to the next version with the
 * same ranges reuses its converted diagnostic, and one whose lines moved is converted again.
 */
import { describe, expect, it } from 'vitest';
import type { Finding } from '../../server/src/core/finding';
import { convertedOf, DiagnosticCache, toDiagnostics } from '../../server/src/lsp/diagnostics';
import { diagnosticsEncoder, publishText } from '../../server/src/lsp/diagnostics-encoder';
import { DocumentSnapshot } from '../../server/src/lsp/document-snapshot';
import { shiftFinding } from '../../server/src/engine/incremental';

const PATH = '/etc/nginx/nginx.conf';
const URI = 'file:///etc/nginx/nginx.conf';
const TEXT = 'upstream app {\n    server 10.0.0.1:80 weight=5;\n    server 10.0.0.2:80;\n}\n';
const docs = (rule: string) => `https://example.com/rules/${rule}.md`;

const FINDINGS: Finding[] = [
  {
    rule: 'weight-skew',
    severity: 'warning',
    message: 'He said "5 \\ 1" — ünïcödé, a tab\tand a line\nbreak \u2028 too.',
    loc: { file: PATH, start: 23, end: 46 },
    related: [
      { loc: { file: PATH, start: 51, end: 70 }, message: 'the other one' },
      { loc: { file: '/etc/nginx/conf.d/other.conf', start: 0, end: 4 }, message: 'in another file' },
    ],
  },
  { rule: 'unused-pool', severity: 'hint', message: 'never used', loc: { file: PATH, start: 9, end: 12 }, tags: ['unnecessary'] },
  { rule: 'include-error', severity: 'error', message: 'elsewhere', loc: { file: '/etc/nginx/conf.d/other.conf', start: 0, end: 1 } },
];
const SOURCES = new Map([
  [PATH, TEXT],
  ['/etc/nginx/conf.d/other.conf', 'upstream x {}\n'],
]);

function publish(version: number, text: string, cache: DiagnosticCache) {
  const document = new DocumentSnapshot(URI, 'nginx', version, text);
  const diagnostics = toDiagnostics(FINDINGS, document, PATH, SOURCES, docs, cache);
  return { jsonrpc: '2.0', method: 'textDocument/publishDiagnostics', params: { uri: URI, version, diagnostics } };
}

describe('diagnostics encoder', () => {
  it('writes what JSON.stringify writes, with data for each version', async () => {
    const cache = new DiagnosticCache();
    for (const version of [1, 2]) {
      const message = publish(version, TEXT, cache);
      const fast = publishText(message);
      expect(fast).toBeDefined();
      expect(JSON.parse(fast!)).toEqual(JSON.parse(JSON.stringify(message)));
      const bytes = await diagnosticsEncoder.encode(message, { charset: 'utf-8' });
      // Byte for byte what vscode-jsonrpc would write: the same key order, escapes and UTF-8.
      expect(Buffer.from(bytes).toString('utf-8')).toBe(JSON.stringify(message));
    }
  });

  it('writes a diagnostic whose data is not the frozen rule and version as JSON.stringify does', async () => {
    const message = publish(1, TEXT, new DiagnosticCache());
    const [first, second] = message.params.diagnostics;
    // Frozen diagnostics keep their converted part; only their data differs from what toDiagnostics made.
    const withData = (diagnostic: typeof first, data: unknown) => Object.freeze(Object.assign(Object.create(Object.getPrototypeOf(diagnostic) as object) as object, diagnostic, { data }));
    const odd = {
      ...message,
      params: { ...message.params, diagnostics: [withData(first!, { rule: 'weight-skew', version: 1, extra: 'ü' }), withData(second!, undefined)] },
    };
    // Still written from the converted parts, not by the JSON.stringify fallback.
    expect(publishText(odd as never)).toBe(JSON.stringify(odd));
    const bytes = await diagnosticsEncoder.encode(odd as never, { charset: 'utf-8' });
    expect(Buffer.from(bytes).toString('utf-8')).toBe(JSON.stringify(odd));
  });

  it('reuses a converted finding while its ranges stay, and converts it again when its lines move', () => {
    const cache = new DiagnosticCache();
    const first = publish(1, TEXT, cache).params.diagnostics;
    const same = publish(2, TEXT, cache).params.diagnostics;
    expect(convertedOf(same[0]!)).toBe(convertedOf(first[0]!));
    expect(convertedOf(first[0]!)).toBeDefined();
    expect(same[0]!.data).toEqual({ rule: 'weight-skew', version: 2 });
    // The same offsets, one line further down: new ranges, a new conversion.
    const moved = publish(3, `\n${TEXT.slice(1)}`, cache).params.diagnostics;
    expect(convertedOf(moved[0]!)).not.toBe(convertedOf(first[0]!));
    expect(moved[0]!.range.start.line).toBe(first[0]!.range.start.line + 1);
  });

  it('reuses the conversion of a finding moved by an edit on an earlier line', () => {
    const cache = new DiagnosticCache();
    const finding = FINDINGS[0]!;
    const first = toDiagnostics([finding], new DocumentSnapshot(URI, 'nginx', 1, TEXT), PATH, SOURCES, docs, cache);
    // Two characters more on the first line: the finding is a new object two characters further, on the same lines and columns.
    const text = `${TEXT.slice(0, 9)}xx${TEXT.slice(9)}`;
    const moved = shiftFinding(finding, PATH, 2);
    const second = toDiagnostics([moved], new DocumentSnapshot(URI, 'nginx', 2, text), PATH, new Map([...SOURCES, [PATH, text]]), docs, cache);
    expect(convertedOf(second[0]!)).toBe(convertedOf(first[0]!));
    // Moved onto other columns (a character more before it on its own line): converted again.
    const shifted = `${TEXT.slice(0, 16)}x${TEXT.slice(16)}`;
    const third = toDiagnostics([shiftFinding(finding, PATH, 1)], new DocumentSnapshot(URI, 'nginx', 3, shifted), PATH, SOURCES, docs, cache);
    expect(convertedOf(third[0]!)).not.toBe(convertedOf(first[0]!));
    expect(third[0]!.range.start.character).toBe(first[0]!.range.start.character + 1);
  });

  it('falls back to JSON.stringify for a diagnostic changed after conversion and for other messages', () => {
    const message = publish(1, TEXT, new DiagnosticCache());
    const changed = { ...message, params: { ...message.params, diagnostics: [{ ...message.params.diagnostics[0]!, message: 'edited' }] } };
    expect(publishText(changed)).toBeUndefined();
    expect(publishText({ jsonrpc: '2.0', method: 'window/logMessage', params: { type: 3, message: 'x' } } as never)).toBeUndefined();
  });
});
