/**
 * A document snapshot answers `positionAt` from the line of its last answer when it can (a publish
 * asks in the order of the text): positions asked in any order, around every kind of line break,
 * are exactly those of `TextDocument`.
 */
import { describe, expect, it } from 'vitest';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DocumentSnapshot } from '../../server/src/lsp/document-snapshot';
import { seededRandom } from '../traffic/reference';

describe('DocumentSnapshot.positionAt', () => {
  it('answers positions asked in random order, near and far, as TextDocument does', () => {
    const random = seededRandom(12);
    const pieces = ['a', 'bc', ' ', '\n', '\r\n', '\r', '\n\n', 'server x;'];
    for (let round = 0; round < 20; round++) {
      let text = '';
      for (let i = 0; i < 300; i++) text += pieces[Math.floor(random() * pieces.length)];
      const snapshot = new DocumentSnapshot('file:///x.conf', 'nginx', 1, text);
      const reference = TextDocument.create('file:///x.conf', 'nginx', 1, text);
      let offset = 0;
      for (let i = 0; i < 2000; i++) {
        // Mostly small steps either way (the hinted lines), sometimes a jump anywhere, sometimes out of range.
        const step = random();
        offset = step < 0.7 ? offset + Math.floor(random() * 7) - 3 : step < 0.95 ? Math.floor(random() * text.length) : step < 0.975 ? -5 : text.length + 5;
        expect(snapshot.positionAt(offset)).toEqual(reference.positionAt(offset));
      }
    }
  });
});
