/**
 * The parser gives a line the previous line's keyword again when the text matches it (most lines
 * repeat the keyword before them), and reads any other keyword through the word store: keywords
 * of the same length, quoted or escaped ones and uncommon ones are each read as written.
 */
import { describe, expect, it } from 'vitest';
import { parseHaproxy } from '../../../server/src/dialects/haproxy/parser';
import { lineKeyword, wordQuoted } from '../../../server/src/dialects/haproxy/syntax';

describe('line keywords', () => {
  it('are read as written when consecutive lines have keywords of one length', () => {
    const body = ['server a 10.0.0.1:80', 'serves b', '"server" c', 'server d 10.0.0.2:80', 'se\\rver e', 'acl x path /', 'log y', 'acl z path /', 'zzzzzz w', 'zzzzzy v', 'zzzzzy u'];
    const parse = parseHaproxy(`backend be\n${body.map((line) => `    ${line}`).join('\n')}\n`);
    const lines = parse.syntax.sections[0]!.lines;
    expect(lines.map(lineKeyword)).toEqual(['server', 'serves', 'server', 'server', 'se\rver', 'acl', 'log', 'acl', 'zzzzzz', 'zzzzzy', 'zzzzzy']);
    expect(lines.map((line) => wordQuoted(line, 0))).toEqual([false, false, true, false, false, false, false, false, false, false, false]);
    expect(lines.map((line) => line.words[0]!.value)).toEqual(lines.map(lineKeyword));
  });
});
