/**
 * A publish reuses a conversion without asking for positions when the snapshot keeps them from
 * the one the last publish read (`DocumentSnapshot.kept`): after random edits that add, remove,
 * split and join line breaks (`\n`, `\r\n`, lone `\r`), with findings before, after and across
 * each edit (carried as the same object, moved copies or new ones), every publish equals a fresh
 * conversion of the same findings against `TextDocument.create` of the same text.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Finding } from '../../server/src/core/finding';
import { shiftFinding } from '../../server/src/engine/incremental';
import { DiagnosticCache, toDiagnostics } from '../../server/src/lsp/diagnostics';
import { DocumentSnapshot } from '../../server/src/lsp/document-snapshot';

const PATH = '/etc/nginx/nginx.conf';
const URI = 'file:///etc/nginx/nginx.conf';
const docs = (rule: string) => `https://example.com/${rule}`;

const piece = fc.constantFrom('a', 'bc', ' ', '  server x;', '\n', '\r\n', '\r', 'x\ny', '\r\r\n');
const textArb = fc.array(piece, { minLength: 1, maxLength: 40 }).map((parts) => parts.join(''));
const editArb = fc.record({ at: fc.nat(), length: fc.nat({ max: 4 }), insert: fc.oneof(fc.constant(' '), fc.constant(''), textArb.map((t) => t.slice(0, 4))) });
const findingArb = fc.record({ at: fc.nat(), length: fc.nat({ max: 12 }), related: fc.array(fc.record({ at: fc.nat(), length: fc.nat({ max: 5 }) }), { maxLength: 2 }) });

function findingAt(text: string, spec: { at: number; length: number; related: readonly { at: number; length: number }[] }, n: number): Finding {
  const loc = (at: number, length: number) => {
    const start = at % (text.length + 1);
    return { file: PATH, start, end: Math.min(text.length, start + length) };
  };
  const related = spec.related.map((r, i) => ({ loc: loc(r.at, r.length), message: `related ${i}` }));
  return { rule: 'weight-skew', severity: 'warning', message: `finding ${n}`, loc: loc(spec.at, spec.length), ...(related.length > 0 ? { related } : {}) };
}

/** The findings after an edit as the engine lists them: up to its start the same objects, from its end moved copies, across it new ones. */
function carried(findings: readonly Finding[], text: string, start: number, oldEnd: number, delta: number): Finding[] {
  return findings.map((f, n) => {
    const locs = [f.loc, ...(f.related ?? []).map((r) => r.loc)];
    if (locs.every((l) => l.end <= start)) return f;
    if (locs.every((l) => l.start >= oldEnd)) return shiftFinding(f, PATH, delta);
    const clamp = (offset: number) => Math.min(text.length, offset);
    return { ...f, message: `finding ${n} again`, loc: { file: PATH, start: clamp(f.loc.start), end: clamp(f.loc.end) }, related: undefined };
  });
}

describe('publish with kept positions', () => {
  it('equals a fresh conversion after every edit', () => {
    fc.assert(
      fc.property(textArb, fc.array(findingArb, { maxLength: 8 }), fc.array(editArb, { minLength: 1, maxLength: 8 }), (initial, specs, edits) => {
        let text = initial;
        let findings = specs.map((spec, n) => findingAt(text, spec, n)).sort((a, b) => a.loc.start - b.loc.start);
        const cache = new DiagnosticCache();
        let snapshot = new DocumentSnapshot(URI, 'nginx', 1, text);
        toDiagnostics(findings, snapshot, PATH, new Map([[PATH, text]]), docs, cache);
        for (let i = 0; i < edits.length; i++) {
          const edit = edits[i]!;
          const start = edit.at % (text.length + 1);
          const oldEnd = Math.min(text.length, start + edit.length);
          text = text.slice(0, start) + edit.insert + text.slice(oldEnd);
          const change = { start, oldEnd, newEnd: start + edit.insert.length };
          findings = carried(findings, text, start, oldEnd, change.newEnd - oldEnd);
          snapshot = new DocumentSnapshot(URI, 'nginx', i + 2, text, snapshot, change);
          const published = toDiagnostics(findings, snapshot, PATH, new Map([[PATH, text]]), docs, cache);
          const fresh = toDiagnostics(findings, TextDocument.create(URI, 'nginx', i + 2, text), PATH, new Map([[PATH, text]]), docs, new DiagnosticCache());
          expect(JSON.stringify(published)).toBe(JSON.stringify(fresh));
        }
      }),
      { numRuns: 400 },
    );
  });

  it('keeps every position but those of the edited line when a space is typed', () => {
    const text = 'upstream a {\n    server 10.0.0.1:80;\n}\nupstream b {\n    server 10.0.0.2:80;\n}\n';
    const before = new DocumentSnapshot(URI, 'nginx', 1, text);
    before.positionAt(0);
    const at = text.indexOf('upstream b');
    const after = new DocumentSnapshot(URI, 'nginx', 2, `${text.slice(0, at)} ${text.slice(at)}`, before, { start: at, oldEnd: at, newEnd: at + 1 });
    expect(after.kept).toEqual({ from: before.serial, before: at, after: text.indexOf('    server 10.0.0.2') + 1, delta: 1 });
    // A line break typed moves the lines after it: nothing after the edit is kept.
    const broken = new DocumentSnapshot(URI, 'nginx', 3, `${text.slice(0, at)}\n${text.slice(at)}`, before, { start: at, oldEnd: at, newEnd: at + 1 });
    expect(broken.kept?.after).toBeUndefined();
  });
});
