/**
 * LineIndex finds line starts with a native search when the text has no CR, and character by
 * character otherwise. Both must give what the LSP counts: CRLF, LF and a lone CR each end a line.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LineIndex } from '../../server/src/core/span';

/** Every offset's position, by the definition. */
function positionsByHand(text: string): { line: number; character: number }[] {
  const out: { line: number; character: number }[] = [];
  let line = 0;
  let start = 0;
  for (let i = 0; i <= text.length; i++) {
    out.push({ line, character: i - start });
    const c = text[i];
    if (c === '\n' || (c === '\r' && text[i + 1] !== '\n')) {
      line++;
      start = i + 1;
    }
  }
  return out;
}

describe('LineIndex', () => {
  it('places every offset on the line the LSP counts, with and without CR', () => {
    const piece = fc.constantFrom('a', 'bc', ' ', '\n', '\r\n', '\r', '\n\n', 'é');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 30 }), (pieces) => {
        const text = pieces.join('');
        const index = new LineIndex(text);
        const expected = positionsByHand(text);
        expect(expected.map((_, offset) => index.positionAt(offset))).toEqual(expected);
        expect(index.lineCount).toBe(expected[text.length]!.line + 1);
        for (let line = 0; line < index.lineCount; line++) expect(index.positionAt(index.lineStart(line))).toEqual({ line, character: 0 });
      }),
      { numRuns: 500 },
    );
  });
});
