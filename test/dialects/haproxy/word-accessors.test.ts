/**
 * The word accessors of syntax.ts (`lineKeyword`, `wordCount`, `wordValue`, `wordQuoted`,
 * `wordStart`, `wordEnd`, `wordAt`, `joinedWordValues`) answer what the line's `words` say, on
 * parsed lines (asked before `words` is read, so a flat store answers from its own arrays), on
 * lines re-read after an edit and on lines built by hand.
 */
import { describe, expect, it } from 'vitest';
import { syntheticHaproxy } from '../../../bench/haproxy-generate';
import { parseBodyLines, parseHaproxy } from '../../../server/src/dialects/haproxy/parser';
import { joinedWordValues, lineKeyword, wordAt, wordCount, wordEnd, wordQuoted, wordStart, wordValue, type HaLine, type HaWord } from '../../../server/src/dialects/haproxy/syntax';
import { seededRandom } from '../../traffic/reference';

interface Read {
  keyword: string | undefined;
  count: number;
  words: HaWord[];
  joined: string[];
  past: [string | undefined, boolean, HaWord | undefined];
}

/** Everything the accessors say about a line, in the order a reader would ask. */
function readThroughAccessors(line: HaLine): Read {
  const count = wordCount(line);
  const words: HaWord[] = [];
  for (let i = 0; i < count; i++) {
    words.push({ start: wordStart(line, i), end: wordEnd(line, i), value: wordValue(line, i)!, quoted: wordQuoted(line, i) });
    expect({ ...wordAt(line, i)! }).toEqual(words[i]);
  }
  const joined: string[] = [];
  for (let from = 0; from < count; from++) joined.push(joinedWordValues(line, from), joinedWordValues(line, from, count + 3));
  return { keyword: lineKeyword(line), count, words, joined, past: [wordValue(line, count), wordQuoted(line, count), wordAt(line, count)] };
}

/** The same, read from `words`. */
function readThroughWords(line: HaLine): Read {
  const words = line.words.map((w) => ({ start: w.start, end: w.end, value: w.value, quoted: w.quoted }));
  const joined: string[] = [];
  for (let from = 0; from < words.length; from++) {
    const text = words.slice(from).map((w) => w.value).join(' ');
    joined.push(text, text);
  }
  return { keyword: words[0]?.value, count: words.length, words, joined, past: [undefined, false, undefined] };
}

function allLines(text: string): HaLine[] {
  const parse = parseHaproxy(text);
  return [...parse.syntax.orphans, ...parse.syntax.sections.flatMap((s) => [s.header, ...s.lines])];
}

function expectAccessorsAgree(lines: readonly HaLine[]): void {
  // Accessors first, then `words`: a stored line answers the accessors without its words.
  const through = lines.map(readThroughAccessors);
  expect(through).toEqual(lines.map(readThroughWords));
}

/** Random text with quotes, escapes, comments and line ends, mostly keyword lines. */
function randomText(random: () => number): string {
  const pieces = ['backend b', 'server ', 'acl x', ' ', '\t', '\n', '\n', '\r\n', '"', "'", '\\', '\\ ', '\\x41', '#', '${X}', 'a', 'weight 5', 'check', '"q w"', "'s'", '-i', '||', '0', '999', '1000', 'hdr(host)'];
  let text = '';
  const length = Math.floor(random() * 60);
  for (let i = 0; i < length; i++) text += pieces[Math.floor(random() * pieces.length)];
  return text;
}

describe('the word accessors agree with `words`', () => {
  it("on every line of the benchmark's generated file", () => {
    expectAccessorsAgree(allLines(syntheticHaproxy(64 * 1024)));
  });

  it('on random lines with quotes and escapes, parsed whole and re-read as a section body', () => {
    const random = seededRandom(41);
    for (let n = 0; n < 600; n++) {
      const text = randomText(random);
      expectAccessorsAgree(allLines(text));
      const start = text.indexOf('\n') + 1;
      const body = parseBodyLines(text, start, text.length, []);
      if (body) expectAccessorsAgree(body);
    }
  });

  it('on lines built by hand, with and without words', () => {
    const built: HaLine = { start: 12, end: 22, lineStart: 10, active: true, words: [{ start: 12, end: 18, value: 'server', quoted: false }, { start: 19, end: 22, value: 'a b', quoted: true }] };
    expectAccessorsAgree([built, { start: 0, end: 0, lineStart: 0, active: true, words: [] }]);
    expect(joinedWordValues(built, 0)).toBe('server a b');
    expect(wordAt(built, 1)).toBe(built.words[1]);
  });
});
