/**
 * `wordIs` and `wordStartsWith` (syntax.ts) compare a word's value in the text without slicing it
 * (the route conditions' `||`, `{`, `if`, `TRUE` and `-` flags, `from`, `option`). They must say
 * exactly what comparing `wordValue` says, for plain, quoted and escaped words (whose value is not
 * their text), past the last word, and on lines built by hand.
 */
import { describe, expect, it } from 'vitest';
import { syntheticHaproxy } from '../../../bench/haproxy-generate';
import { parseBodyLines, parseHaproxy } from '../../../server/src/dialects/haproxy/parser';
import { wordCount, wordIs, wordStartsWith, wordValue, type HaLine } from '../../../server/src/dialects/haproxy/syntax';
import { seededRandom } from '../../traffic/reference';

function allLines(text: string): HaLine[] {
  const parse = parseHaproxy(text);
  return [...parse.syntax.orphans, ...parse.syntax.sections.flatMap((s) => [s.header, ...s.lines])];
}

/** Literals to compare every word with: its own value, its prefixes, one character more, and the operators. */
function literalsFor(value: string | undefined): string[] {
  const own = value === undefined ? [] : [value, `${value}x`, value.slice(0, 1), value.slice(0, -1), value.slice(1)];
  return [...own, '', '-', '||', 'or', '{', '}', 'if', 'TRUE', 'from', 'option', 'a b', '"a"'];
}

/** Every comparison as wordValue answers it and as the in-place readers answer it. */
function compared(lines: readonly HaLine[]): { expected: boolean[]; read: boolean[] } {
  const expected: boolean[] = [];
  const read: boolean[] = [];
  for (const line of lines) {
    for (let i = -1; i <= wordCount(line) + 1; i++) {
      const value = wordValue(line, i);
      for (const literal of literalsFor(value)) {
        expected.push(value === literal, value?.startsWith(literal) ?? false);
        read.push(wordIs(line, i, literal), wordStartsWith(line, i, literal));
      }
    }
  }
  return { expected, read };
}

function expectSameComparisons(lines: readonly HaLine[]): void {
  const { expected, read } = compared(lines);
  expect(read).toEqual(expected);
}

function randomText(random: () => number): string {
  const pieces = ['backend b', 'use_backend x if ', 'acl x', ' ', '\t', '\n', '\r\n', '"', "'", '\\', '\\ ', '\\x41', '\\-', '#', '${X}', 'a', 'TRUE', '||', 'or', '{', '}', '-i', '-m', 'beg', '"||"', "'if'", 'from', 'option'];
  let text = '';
  const length = Math.floor(random() * 60);
  for (let i = 0; i < length; i++) text += pieces[Math.floor(random() * pieces.length)];
  return text;
}

describe('words compared in place', () => {
  it("agree with wordValue on the benchmark's generated file", () => {
    expectSameComparisons(allLines(syntheticHaproxy(32 * 1024)));
  });

  it('agree with wordValue on random quoted and escaped words, parsed whole and re-read as a section body', () => {
    const random = seededRandom(97);
    for (let n = 0; n < 400; n++) {
      const text = randomText(random);
      expectSameComparisons(allLines(text));
      const start = text.indexOf('\n') + 1;
      const body = parseBodyLines(text, start, text.length, []);
      if (body) expectSameComparisons(body);
    }
  });

  it('agree with wordValue on lines built by hand', () => {
    const built: HaLine = { start: 0, end: 9, lineStart: 0, active: true, words: [{ start: 0, end: 2, value: 'if', quoted: false }, { start: 3, end: 9, value: '||', quoted: true }] };
    expectSameComparisons([built, { start: 0, end: 0, lineStart: 0, active: true, words: [] }]);
    expect(wordIs(built, 1, '||')).toBe(true);
  });

  it('tell a quoted or escaped word by its value, not its text', () => {
    const [line] = allLines('use_backend "||" \\x2dx \'if\'\n');
    expect([wordIs(line!, 1, '||'), wordIs(line!, 1, '"||"'), wordStartsWith(line!, 2, '-'), wordStartsWith(line!, 2, '\\'), wordIs(line!, 3, 'if')]).toEqual([true, false, true, false, true]);
  });
});
