/**
 * A document snapshot whose line starts were moved from the previous snapshot's answers every
 * position question as `TextDocument.create` of the same text does, after random edits that add
 * and remove `\n`, `\r\n` and lone `\r` line breaks (also splitting and joining `\r\n` pairs).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DocumentSnapshot } from '../../server/src/lsp/document-snapshot';

const piece = fc.constantFrom('a', 'bc', ' ', '\n', '\r\n', '\r', 'x\ny', '\r\r\n', '');
const textArb = fc.array(piece, { maxLength: 40 }).map((parts) => parts.join(''));
const editArb = fc.record({ at: fc.nat(), length: fc.nat({ max: 4 }), insert: textArb.map((t) => t.slice(0, 6)) });

function sameAnswers(snapshot: DocumentSnapshot, text: string): void {
  const reference = TextDocument.create('file:///x.conf', 'nginx', 1, text);
  expect(snapshot.lineCount).toBe(reference.lineCount);
  for (let offset = -1; offset <= text.length + 1; offset++) expect(snapshot.positionAt(offset)).toEqual(reference.positionAt(offset));
  for (let line = -1; line <= reference.lineCount; line++) {
    for (let character = -1; character < 5; character++) expect(snapshot.offsetAt({ line, character })).toBe(reference.offsetAt({ line, character }));
    expect(snapshot.getLineRange(line)).toEqual(reference.getLineRange(line));
    expect(snapshot.getEOLCharacters(line)).toBe(reference.getEOLCharacters(line));
  }
}

describe('DocumentSnapshot', () => {
  it('moves the previous line starts by each edit and answers as TextDocument does', () => {
    fc.assert(
      fc.property(textArb, fc.array(editArb, { minLength: 1, maxLength: 8 }), (initial, edits) => {
        let text = initial;
        let snapshot = new DocumentSnapshot('file:///x.conf', 'nginx', 1, text);
        snapshot.positionAt(0);
        for (const edit of edits) {
          const at = edit.at % (text.length + 1);
          text = text.slice(0, at) + edit.insert + text.slice(at + edit.length);
          snapshot = new DocumentSnapshot('file:///x.conf', 'nginx', 1, text, snapshot);
          sameAnswers(snapshot, text);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('answers as TextDocument does while typing goes on in one line, then in another', () => {
    // Edits that add and remove no line break share the previous snapshot's line starts, with the
    // lines after the edited one moved; typing on in the same line adds to that move.
    const typing = fc.record({ jump: fc.boolean(), at: fc.nat(), insert: fc.boolean(), character: fc.constantFrom('a', ' ', 'bc') });
    fc.assert(
      fc.property(textArb, fc.array(typing, { minLength: 1, maxLength: 16 }), (initial, edits) => {
        let text = initial;
        let snapshot = new DocumentSnapshot('file:///x.conf', 'nginx', 1, text);
        snapshot.positionAt(0);
        let at = 0;
        for (const edit of edits) {
          if (edit.jump) at = edit.at % (text.length + 1);
          const deletable = at < text.length && !/[\r\n]/.test(text[at]!);
          const change = edit.insert || !deletable ? { start: at, oldEnd: at, newEnd: at + edit.character.length } : { start: at, oldEnd: at + 1, newEnd: at };
          text = text.slice(0, change.start) + (change.newEnd > change.start ? edit.character : '') + text.slice(change.oldEnd);
          snapshot = new DocumentSnapshot('file:///x.conf', 'nginx', 1, text, snapshot, change);
          at = change.newEnd;
          sameAnswers(snapshot, text);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('reads a range of text as TextDocument does', () => {
    const text = 'a\r\nbc\rd\n';
    const snapshot = new DocumentSnapshot('file:///x.conf', 'nginx', 1, text);
    const range = { start: { line: 0, character: 1 }, end: { line: 2, character: 1 } };
    expect(snapshot.getText(range)).toBe(TextDocument.create('file:///x.conf', 'nginx', 1, text).getText(range));
  });
});
