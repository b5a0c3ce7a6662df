/**
 * A publish gives every diagnostic of one rule the same frozen `data` (its rule and the document
 * version), so the stdio encoder writes that part once per rule; the message is still exactly
 * what JSON.stringify writes.
 */
import { describe, expect, it } from 'vitest';
import type { Finding } from '../../server/src/core/finding';
import { DiagnosticCache, toDiagnostics } from '../../server/src/lsp/diagnostics';
import { publishText } from '../../server/src/lsp/diagnostics-encoder';
import { DocumentSnapshot } from '../../server/src/lsp/document-snapshot';

const PATH = '/etc/nginx/nginx.conf';
const URI = 'file:///etc/nginx/nginx.conf';
const TEXT = 'upstream app {\n    server 10.0.0.1:80 weight=5;\n    server 10.0.0.2:80;\n    server 10.0.0.3:80;\n}\n';
const finding = (rule: string, start: number): Finding => ({ rule, severity: 'warning', message: `${rule} at ${start}`, loc: { file: PATH, start, end: start + 6 } });
const FINDINGS = [finding('weight-skew', 19), finding('unused-pool', 9), finding('weight-skew', 52), finding('weight-skew', 76)];

describe('publish data', () => {
  it('shares one frozen data object per rule and version, and writes the message as JSON.stringify does', () => {
    const cache = new DiagnosticCache();
    const first = toDiagnostics(FINDINGS, new DocumentSnapshot(URI, 'nginx', 7, TEXT), PATH, new Map([[PATH, TEXT]]), (rule) => `https://example.com/${rule}`, cache);
    const [a, b, c, d] = first;
    expect(a!.data).toBe(c!.data);
    expect(a!.data).toBe(d!.data);
    expect(b!.data).not.toBe(a!.data);
    expect(Object.isFrozen(a!.data)).toBe(true);
    expect(a!.data).toEqual({ rule: 'weight-skew', version: 7 });
    expect(b!.data).toEqual({ rule: 'unused-pool', version: 7 });
    const next = toDiagnostics(FINDINGS, new DocumentSnapshot(URI, 'nginx', 8, TEXT), PATH, new Map([[PATH, TEXT]]), (rule) => `https://example.com/${rule}`, cache);
    expect(next[0]!.data).toEqual({ rule: 'weight-skew', version: 8 });
    for (const diagnostics of [first, next]) {
      const message = { jsonrpc: '2.0', method: 'textDocument/publishDiagnostics', params: { uri: URI, version: 7, diagnostics } };
      expect(publishText(message)).toBe(JSON.stringify(message));
    }
  });
});
