/**
 * The parse with words kept flat (word-store.ts) equals the parse that made an object per word
 * (parser-reference.ts, the previous lexer and parser verbatim): the same sections, lines, words,
 * spans, values, quoted flags, errors and branch notes, on the public corpus, the benchmark's
 * generated file and random input full of quotes, escapes and conditional blocks. Words are made
 * only when read, and the readers that need no word object (`lineKeyword`, `wordCount`,
 * `wordValue`) make none.
 */
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { syntheticHaproxy } from '../../../bench/haproxy-generate';
import type { LineLexProblem } from '../../../server/src/dialects/haproxy/lexer';
import { parseBodyLines, parseHaproxy } from '../../../server/src/dialects/haproxy/parser';
import { lineKeyword, wordCount, wordValue, type HaLine } from '../../../server/src/dialects/haproxy/syntax';
import { internedSlice, WordStore } from '../../../server/src/dialects/haproxy/word-store';
import { corpusAvailable, corpusFiles } from '../../helpers/corpus';
import { seededRandom } from '../../traffic/reference';
import { referenceLexLine, referenceParseBodyLines, referenceParseHaproxy } from './parser-reference';

const plain = (value: unknown): unknown => JSON.parse(JSON.stringify(value ?? null)) as unknown;

/** Every line of a parse, headers included, in order. */
function allLines(parse: ReturnType<typeof parseHaproxy>): HaLine[] {
  return [...parse.syntax.orphans, ...parse.syntax.sections.flatMap((s) => [s.header, ...s.lines])];
}

/** The parse read field by field (not through toJSON), the accessors checked against the reference's words on the way. */
function readThrough(parse: ReturnType<typeof parseHaproxy>, reference: ReturnType<typeof referenceParseHaproxy>): unknown {
  const lines = allLines(parse);
  const referenceLines = [...reference.syntax.orphans, ...reference.syntax.sections.flatMap((s) => [s.header, ...s.lines])];
  expect(lines.length).toBe(referenceLines.length);
  lines.forEach((line, i) => {
    const words = referenceLines[i]!.words;
    // Asked before `words` is read, so the flat path answers.
    expect(lineKeyword(line)).toBe(words[0]?.value);
    expect(wordCount(line)).toBe(words.length);
    for (let w = -1; w <= words.length; w++) expect(wordValue(line, w)).toBe(words[w]?.value);
  });
  return {
    sections: parse.syntax.sections.map((s) => ({ kind: s.kind, name: s.name && { ...s.name }, start: s.start, end: s.end, header: readLine(s.header), lines: s.lines.map(readLine) })),
    orphans: parse.syntax.orphans.map(readLine),
  };
}

function readLine(line: HaLine): unknown {
  return { start: line.start, end: line.end, lineStart: line.lineStart, active: line.active, words: line.words.map((w) => ({ start: w.start, end: w.end, value: w.value, quoted: w.quoted })) };
}

function expectSameParse(text: string, target?: string): void {
  const parse = target === undefined ? parseHaproxy(text) : parseHaproxy(text, target);
  const reference = target === undefined ? referenceParseHaproxy(text) : referenceParseHaproxy(text, target);
  expect(readThrough(parse, reference)).toEqual(readThrough(reference as ReturnType<typeof parseHaproxy>, reference));
  const { conditional, ...rest } = parse;
  expect(plain(rest)).toEqual(plain(reference));
  expect(conditional).toBe(mayHoldDirective(text));
}

/** Whether a line's first word starts with `.` as written or as read, lexed line by line by the reference lexer. */
function mayHoldDirective(text: string): boolean {
  let start = 0;
  for (const line of text.split(/(?<=\r\n|\r(?!\n)|\n)/)) {
    const first = referenceLexLine(text, start, start + line.replace(/\r?\n$|\r$/, '').length, [])[0];
    if (first && (first.value.startsWith('.') || text.charCodeAt(first.start) === 46)) return true;
    start += line.length;
  }
  return false;
}

/** Random text from pieces that exercise quotes, escapes, comments, line ends and directives. */
function randomText(random: () => number): string {
  const pieces = [
    'backend ', 'server ', 'frontend f', 'listen l', 'defaults', ' ', '  ', '\t', '\n', '\n', '\r\n', '\r', '"', "'", '\\', '\\ ', '\\"', '\\x4', '\\x41', '\\t', '\\$',
    '#', '# c', '${X}', 'a', 'weight 5', 'check', 'use_backend b if x', 'acl x path_beg /a', '.if ', '.if version_atleast(2.8)', '.elif 1', '.else', '.endif', '.notice "hi"',
    '.alert', '.bogus', '"quoted word"', "'single'", 'server s1 10.0.0.1:80', 'balance roundrobin', ':', '-i', '||', '0', '05', '999', '1000',
  ];
  let text = '';
  const length = Math.floor(random() * 80);
  for (let i = 0; i < length; i++) text += pieces[Math.floor(random() * pieces.length)];
  return text;
}

describe('the flat parse equals the object-per-word parse', () => {
  it('on random text with quotes, escapes, comments and conditional blocks', () => {
    const random = seededRandom(12);
    for (let n = 0; n < 800; n++) expectSameParse(randomText(random), n % 3 === 0 ? '2.9' : undefined);
  });

  it("on the benchmark's generated file", () => {
    expectSameParse(syntheticHaproxy(64 * 1024));
  });

  it.skipIf(!corpusAvailable())('on every HAProxy configuration of the public corpus', () => {
    let compared = 0;
    for (const path of corpusFiles('haproxy')) {
      if (!path.endsWith('.cfg')) continue;
      expectSameParse(readFileSync(path, 'utf8'));
      compared++;
    }
    expect(compared).toBeGreaterThan(0);
  });

  it('re-reads a section body (the edit path) as the reference does', () => {
    const random = seededRandom(5);
    for (let n = 0; n < 1500; n++) {
      const text = randomText(random);
      const start = Math.floor(random() * (text.length + 1));
      const end = start + Math.floor(random() * (text.length - start + 1));
      const problems: LineLexProblem[] = [];
      const referenceProblems: LineLexProblem[] = [];
      const lines = parseBodyLines(text, start, end, problems);
      expect(plain(lines)).toEqual(plain(referenceParseBodyLines(text, start, end, referenceProblems)));
      expect(problems).toEqual(referenceProblems);
    }
  });
});

describe('shared strings', () => {
  it('a common word or a small number is given as the very text it stands for', () => {
    const samples = ['0', '00', '05', '7', '10', '100', '999', '1000', '-1', '1a', 'server', 'Server', 'serverx', 'serve', 'weight', 'hdr(host)', '||', '|', 'x'.repeat(40)];
    const text = ` ${samples.join(' ')} `;
    let at = 1;
    for (const sample of samples) {
      expect(internedSlice(text, at, at + sample.length)).toBe(sample);
      at += sample.length + 1;
    }
  });
});

describe('words are made only when read', () => {
  afterEach(() => vi.restoreAllMocks());

  it('parsing makes no word object, the accessors make none, and `words` makes each once', () => {
    const made = vi.spyOn(WordStore.prototype, 'word');
    const text = 'global\n  maxconn 100\nbackend app\n  balance roundrobin\n  server a 10.0.0.1:80 weight 5 check\n  server "b c" 10.0.0.2:80\n';
    const parse = parseHaproxy(text);
    // The section name is the header's second word: that header's words are made.
    const headerWords = parse.syntax.sections.reduce((n, s) => n + (s.name ? s.header.words.length : 0), 0);
    made.mockClear();
    const lines = parse.syntax.sections.flatMap((s) => s.lines);
    for (const line of lines) {
      lineKeyword(line);
      wordCount(line);
      for (let i = 0; i < wordCount(line); i++) wordValue(line, i);
    }
    expect(made).not.toHaveBeenCalled();
    const server = lines[2]!;
    const words = server.words;
    expect(made).toHaveBeenCalledTimes(6);
    expect(server.words).toBe(words);
    expect(made).toHaveBeenCalledTimes(6);
    expect(words.map((w) => w.value)).toEqual(['server', 'a', '10.0.0.1:80', 'weight', '5', 'check']);
    expect(wordValue(lines[3]!, 1)).toBe('b c');
    expect(headerWords).toBe(2);
  });

  it('the accessors read any line, not only a parsed one', () => {
    const moved: HaLine = { start: 12, end: 20, lineStart: 10, active: true, words: [{ start: 12, end: 18, value: 'server', quoted: false }, { start: 19, end: 20, value: 'a', quoted: true }] };
    expect([lineKeyword(moved), wordCount(moved), wordValue(moved, 1), wordValue(moved, 2)]).toEqual(['server', 2, 'a', undefined]);
    const empty: HaLine = { start: 0, end: 0, lineStart: 0, active: true, words: [] };
    expect([lineKeyword(empty), wordCount(empty), wordValue(empty, 0)]).toEqual([undefined, 0, undefined]);
  });
});
