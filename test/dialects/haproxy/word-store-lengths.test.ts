/**
 * The word store keeps a word's length in 16 bits (word-store.ts): 6 bytes a word instead of the
 * 8 of a start and an end, which on a 10 MB haproxy.cfg (1.2 million words) is 2.4 MB less for as
 * long as its syntax tree lives. Words whose length does not fit (65,535 characters or more), and
 * quoted or escaped words, are kept aside and read as the reference parse reads them.
 */
import { describe, expect, it } from 'vitest';
import { parseHaproxy } from '../../../server/src/dialects/haproxy/parser';
import { wordCount, wordValue } from '../../../server/src/dialects/haproxy/syntax';
import { StoredLine, WordStore } from '../../../server/src/dialects/haproxy/word-store';
import { referenceParseHaproxy } from './parser-reference';

const plain = (value: unknown): unknown => JSON.parse(JSON.stringify(value));

describe('word store lengths', () => {
  it('take 6 bytes a word: 4 for the start, 2 for the length', () => {
    const store = new WordStore('server a 10.0.0.1:80', 1024);
    const bytes = store.starts.byteLength + store.lengths.byteLength;
    expect(bytes / store.starts.length).toBe(6);
  });

  it('read words of 65,534, 65,535 and 70,000 characters, quoted and escaped ones beside them, as the reference parse does', () => {
    const long = (n: number) => 'x'.repeat(n);
    const text = [
      'backend a',
      `    server ${long(65534)} 10.0.0.1:80 check`,
      `    server "${long(65535)}" 10.0.0.2:80`,
      `    server s3 ${long(70000)} weight 2`,
      `    http-request set-header X-A "a b" if { path_beg /x\\ y }`,
      `    option ${long(65535)}`,
      '',
    ].join('\n');
    const parse = parseHaproxy(text);
    const { conditional: _, ...rest } = parse;
    expect(plain(rest)).toEqual(plain(referenceParseHaproxy(text)));
    const lines = parse.syntax.sections[0]!.lines as StoredLine[];
    expect(lines.map(wordCount)).toEqual([4, 3, 5, 9, 2]);
    expect(lines.map((line) => wordValue(line, 1)!.length)).toEqual([65534, 65535, 2, 10, 65535]);
    expect(wordValue(lines[2]!, 2)!.length).toBe(70000);
    expect([lines[0]!.end, lines[2]!.end, lines[4]!.end]).toEqual([
      text.indexOf(' check') + 6,
      text.indexOf(' weight 2') + 9,
      text.length - 1,
    ]);
    expect(lines[1]!.valueIs(1, long(65535))).toBe(true);
    expect(lines[4]!.valueStartsWith(1, 'xxx')).toBe(true);
    expect(lines[2]!.writtenAsJoined(2, 5)).toBe(`${long(70000)} weight 2`);
  });
});
