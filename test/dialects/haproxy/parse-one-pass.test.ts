/**
 * The parse reads a text in one pass: `lexLineAt` reads a line's words and finds where the line
 * ends as it goes (no search for the line end first), and the lines of each section are gathered
 * in one scratch list that keeps its room from section to section, and each keyword is read once
 * and then found by comparing the text with it. Held here: the words and line ends equal the
 * reference lexer's line by line, the garbage a parse leaves (what it allocates less what it
 * keeps) stays small per section, and a keyword's value is made once a parse. No test asserts a time.
 */
import { GCProfiler, getHeapStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { lexLineAt, type LineLexProblem } from '../../../server/src/dialects/haproxy/lexer';
import { parseHaproxy } from '../../../server/src/dialects/haproxy/parser';
import { lineKeyword } from '../../../server/src/dialects/haproxy/syntax';
import { WordStore } from '../../../server/src/dialects/haproxy/word-store';
import { seededRandom } from '../../traffic/reference';
import { referenceLexLine, referenceParseHaproxy } from './parser-reference';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** Random text of pieces with quotes, escapes, comments, every kind of line break and non-ASCII words. */
function randomText(random: () => number): string {
  const pieces = [
    'server ', 'backend b', ' ', '  ', '\t', '\v', '\f', '\n', '\r\n', '\r', '\n\r', '"', "'", '\\', '\\ ', '\\"', '\\x4', '\\x41', '\\t', '#', '# c "x',
    'a', 'weight 5', 'é', '\u2028', 'ü-x', '${X}', '"a b"', "'c d'", '\u0080', '\u007f', '!', '$',
  ];
  let text = '';
  const length = Math.floor(random() * 60);
  for (let i = 0; i < length; i++) text += pieces[Math.floor(random() * pieces.length)];
  return text;
}

/** The offset where the line starting at `start` ends: its first `\n` or `\r`, or the text's end. */
function referenceLineEnd(text: string, start: number): number {
  for (let i = start; i < text.length; i++) if (text[i] === '\n' || text[i] === '\r') return i;
  return text.length;
}

describe('lexLineAt', () => {
  it('reads the words of each line as the reference lexer does and returns where the line ends', () => {
    const random = seededRandom(31);
    for (let n = 0; n < 2000; n++) {
      const text = randomText(random);
      const store = new WordStore(text, 4);
      let start = 0;
      for (;;) {
        const first = store.count;
        const problems: LineLexProblem[] = [];
        const end = lexLineAt(store, start, text.length, problems);
        const lineEnd = referenceLineEnd(text, start);
        expect(end).toBe(lineEnd);
        const referenceProblems: LineLexProblem[] = [];
        const words = referenceLexLine(text, start, lineEnd, referenceProblems);
        expect(store.words(first, store.count - first)).toEqual(words);
        expect(problems).toEqual(referenceProblems);
        if (end >= text.length) break;
        start = end + (text[end] === '\r' && text[end + 1] === '\n' ? 2 : 1);
      }
    }
  });

  it('stops at the limit it is given when no line break comes first', () => {
    const text = 'server a "b c" d\nserver e';
    const store = new WordStore(text, 4);
    expect(lexLineAt(store, 0, 9, [])).toBe(9);
    expect(store.words(0, store.count).map((w) => w.value)).toEqual(['server', 'a']);
  });
});

const SECTIONS = 4000;

function manySections(): string {
  const lines: string[] = [];
  for (let b = 0; b < SECTIONS; b++) lines.push(`backend be_${b}`, '    balance roundrobin', `    server s0 10.0.${b & 255}.1:80`, `    server s1 10.0.${b & 255}.2:80 weight 3`, '');
  return lines.join('\n');
}

/** Bytes a call allocates on the heap and bytes it keeps, measured from a collected heap. */
function allocatedAndKept<T>(fn: () => T): { allocated: number; kept: number; result: T } {
  gc();
  gc();
  const before = getHeapStatistics().used_heap_size;
  const profiler = new GCProfiler();
  profiler.start();
  const result = fn();
  const after = getHeapStatistics().used_heap_size;
  let freed = 0;
  for (const c of profiler.stop()?.statistics ?? []) freed += c.beforeGC.heapStatistics.usedHeapSize - c.afterGC.heapStatistics.usedHeapSize;
  gc();
  gc();
  const kept = getHeapStatistics().used_heap_size - before;
  return { allocated: after - before + freed, kept, result };
}

describe('a parse', () => {
  it('leaves little garbage per section: the section lines are gathered in one list that keeps its room', () => {
    const text = manySections();
    for (let i = 0; i < 3; i++) parseHaproxy(text);
    let least = Infinity;
    for (let i = 0; i < 5; i++) {
      const { allocated, kept, result } = allocatedAndKept(() => parseHaproxy(text));
      expect(result.syntax.sections).toHaveLength(SECTIONS);
      least = Math.min(least, (allocated - kept) / SECTIONS);
    }
    // About 44 bytes a section now (mostly the list of sections as it grows); a list emptied by
    // setting its length to 0 dropped its room, and growing it again for every section left 184.
    expect(least).toBeLessThan(100);
  });
});

describe('the keywords of a parse', () => {
  afterEach(() => vi.restoreAllMocks());

  it('are read once each: a line whose keyword was read before is compared with it in place', () => {
    const lines: string[] = [];
    for (let b = 0; b < 300; b++) {
      lines.push(`frontend f${b}`, '    bind :80', `    acl a${b} path /x`, `    use_backend be_${b} if a${b}`, `    acl c${b} path /y`, `    use_backend be_${b} if c${b}`);
      lines.push(`backend be_${b}`, '    balance roundrobin', '    hash-type consistent', '    server s0 10.0.0.1:80', '    timeout server 5s', '    http-check expect status 200', '    server s1 10.0.0.2:80');
    }
    const read = vi.spyOn(WordStore.prototype, 'value');
    const parse = parseHaproxy(lines.join('\n'));
    expect(parse.syntax.sections).toHaveLength(600);
    // frontend, bind, acl, use_backend, backend, balance, hash-type, server, timeout, http-check.
    expect(read).toHaveBeenCalledTimes(10);
    expect(parse.syntax.sections[599]!.lines.map(lineKeyword)).toEqual(['balance', 'hash-type', 'server', 'timeout', 'http-check', 'server']);
  });

  it('of many distinct keywords (more than the reader keeps) group and read as the reference parse', () => {
    const random = seededRandom(77);
    const lines: string[] = [];
    for (let i = 0; i < 3000; i++) {
      const r = random();
      if (r < 0.05) lines.push(`backend b${i}`);
      else if (r < 0.08) lines.push(`"listen" l${i}`);
      else if (r < 0.5) lines.push(`    k${Math.floor(random() * 900)} v`);
      else lines.push(`    ${['server', 'acl', 'balance', 'use_backend', 'bind', 'backend'][Math.floor(random() * 6)]} x${i}`);
    }
    const text = lines.join('\n');
    const plain = (value: unknown): unknown => JSON.parse(JSON.stringify(value));
    const { conditional: _, ...rest } = parseHaproxy(text);
    expect(plain(rest)).toEqual(plain(referenceParseHaproxy(text)));
  });
});
