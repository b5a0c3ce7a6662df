/**
 * The publisher keeps the converted findings of each document's last publish only: a conversion
 * is reused for the same finding or a copy moved from it in the next publish, the cache does not
 * grow with every finding object an edit makes, and a closed document's conversions go.
 */
import { describe, expect, it } from 'vitest';
import type { Finding } from '../../server/src/core/finding';
import { convertedOf, DiagnosticCache, toDiagnostics } from '../../server/src/lsp/diagnostics';
import { DocumentSnapshot } from '../../server/src/lsp/document-snapshot';
import { shiftFinding } from '../../server/src/engine/incremental';

const PATH = '/etc/nginx/nginx.conf';
const URI = 'file:///etc/nginx/nginx.conf';
const TEXT = 'upstream app {\n    server 10.0.0.1:80 weight=5;\n    server 10.0.0.2:80;\n    server 10.0.0.3:80;\n}\n';
const docs = (rule: string) => `https://example.com/${rule}`;
const finding = (start: number): Finding => ({ rule: 'weight-skew', severity: 'warning', message: `at ${start}`, loc: { file: PATH, start, end: start + 6 } });

describe('converted findings', () => {
  it('keeps the last publish of a document only, and reuses it for moved copies', () => {
    const cache = new DiagnosticCache();
    // Version 1 starts with an x on the first line.
    let findings = [finding(20), finding(53), finding(77)];
    const first = toDiagnostics(findings, new DocumentSnapshot(URI, 'nginx', 1, `x${TEXT}`), PATH, new Map([[PATH, `x${TEXT}`]]), docs, cache);
    for (let version = 2; version < 50; version++) {
      // Each edit types or deletes an x on the first line: the findings are moved copies on the same lines and columns.
      const text = 'x'.repeat(version % 2) + TEXT;
      findings = findings.map((f) => shiftFinding(f, PATH, version % 2 === 1 ? 1 : -1));
      const diagnostics = toDiagnostics(findings, new DocumentSnapshot(URI, 'nginx', version, text), PATH, new Map([[PATH, text]]), docs, cache);
      expect(diagnostics.map(convertedOf)).toEqual(first.map(convertedOf));
      expect(convertedOf(diagnostics[2]!)).toBe(convertedOf(first[2]!));
      expect(cache.last(URI)?.size).toBe(3);
    }
    cache.forget(URI);
    expect(cache.last(URI)).toBeUndefined();
  });

  it('does not reuse another document\'s conversion of the same finding', () => {
    const cache = new DiagnosticCache();
    const shared = [finding(19)];
    const a = toDiagnostics(shared, new DocumentSnapshot(URI, 'nginx', 1, TEXT), PATH, new Map([[PATH, TEXT]]), docs, cache);
    const other = 'file:///other/nginx.conf';
    const b = toDiagnostics(shared, new DocumentSnapshot(other, 'nginx', 1, TEXT), PATH, new Map([[PATH, TEXT]]), docs, cache);
    expect(convertedOf(b[0]!)).not.toBe(convertedOf(a[0]!));
    expect(cache.last(URI)?.size).toBe(1);
    expect(cache.last(other)?.size).toBe(1);
  });
});
