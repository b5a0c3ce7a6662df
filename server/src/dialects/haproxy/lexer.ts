/**
 * Splits one HAProxy line into words the way HAProxy's parse_line does: blanks separate words,
 * `#` outside quotes starts a comment, single quotes keep everything, double quotes allow `\`
 * escapes and environment variables, and `\` outside single quotes escapes a blank, `\`, `#`,
 * quotes, `$` (inside double quotes) and writes `\t`, `\n`, `\r`, `\xHH`. Never throws: an
 * unterminated quote or a bad `\x` is reported and the word ends at the line end.
 */
import type { HaWord } from './syntax';
import { isBlank, WordStore } from './word-store';

export interface LineLexProblem {
  readonly start: number;
  readonly end: number;
  readonly message: string;
}

const HEX = /^[0-9a-fA-F]{2}$/;

/** The words of every line without any (blank lines, comments): one array, never written to. */
const NO_WORDS: readonly HaWord[] = [];

/** Words of `text[start, end)` (one physical line without its line end), as objects. */
export function lexLine(text: string, start: number, end: number, problems: LineLexProblem[]): readonly HaWord[] {
  const store = new WordStore(text, 8);
  const count = lexInto(store, start, end, problems);
  return count === 0 ? NO_WORDS : store.words(0, count);
}

/**
 * Adds the words of `store.text[start, end)` (one physical line without its line end) to
 * `store`, and returns how many there were. Words whose value is their text (no quote, no
 * backslash: nearly all) are a start and a length; the others also get their value in `store.odd`.
 */
export function lexInto(store: WordStore, start: number, end: number, problems: LineLexProblem[]): number {
  const first = store.count;
  lexLineAt(store, start, end, problems);
  return store.count - first;
}

/*
 * What each ASCII character does on a line, read with one table look-up per character instead of
 * a comparison with each separator: the loop over the words' characters is most of a parse.
 * Characters from 128 up are word characters.
 */
const WORD = 0;
const BLANK = 1;
const COMMENT = 2;
/** A quote or backslash: the word goes through the quote and escape reader. */
const SPECIAL = 3;
const BREAK = 4;
const CLASSES = new Uint8Array(128);
for (const code of [32, 9, 11, 12]) CLASSES[code] = BLANK;
CLASSES[35] = COMMENT;
for (const code of [34, 39, 92]) CLASSES[code] = SPECIAL;
CLASSES[10] = BREAK;
CLASSES[13] = BREAK;

/**
 * Adds the words of the physical line starting at `start` to `store`, and returns where the line
 * ends: the offset of its `\n` or `\r`, or `limit` (the text's end, or the end of the range read)
 * when no line break comes before it. The parse reads the whole text in this one pass, which finds
 * the line ends as it reads the words instead of searching for them first.
 */
export function lexLineAt(store: WordStore, start: number, limit: number, problems: LineLexProblem[]): number {
  const text = store.text;
  let i = start;
  while (i < limit) {
    const code = text.charCodeAt(i);
    const kind = code < 128 ? CLASSES[code]! : WORD;
    if (kind === BLANK) {
      i++;
      continue;
    }
    if (kind === BREAK) return i;
    if (kind === COMMENT) return breakAfter(text, i + 1, limit);
    const wordStart = i;
    // Fast path: most words have no quote or backslash, so the value is the text itself. The
    // first character was read above: a word character, or a quote or backslash (`kind`).
    let plain = i + 1;
    let stop = kind;
    if (stop === WORD) {
      while (plain < limit) {
        const c = text.charCodeAt(plain);
        if (c < 128 && (stop = CLASSES[c]!) !== WORD) break;
        plain++;
      }
    }
    if (stop !== SPECIAL) {
      store.add(wordStart, plain);
      i = plain;
      continue;
    }
    i = addCookedWord(store, wordStart, breakAfter(text, plain, limit), problems);
  }
  return limit;
}

/** The offset of the first `\n` or `\r` of `text[from, limit)`, or `limit`. */
function breakAfter(text: string, from: number, limit: number): number {
  for (let i = from; i < limit; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) return i;
  }
  return limit;
}

/**
 * Reads the word at `wordStart` of a line ending at `end` through quotes and escapes, adds it to
 * `store` with its value, and returns where it ends.
 */
function addCookedWord(store: WordStore, wordStart: number, end: number, problems: LineLexProblem[]): number {
  const text = store.text;
  let i = wordStart;
  let value = '';
  let quoted = false;
  let squote = false;
  let dquote = false;
  let quoteAt = -1;
  while (i < end) {
    const c = text[i]!;
    if (!squote && !dquote && (isBlank(c.charCodeAt(0)) || c === '#')) break;
    if (c === '"' && !squote) {
      dquote = !dquote;
      quoted = true;
      quoteAt = i;
      i++;
    } else if (c === "'" && !dquote) {
      squote = !squote;
      quoted = true;
      quoteAt = i;
      i++;
    } else if (c === '\\' && !squote && i + 1 < end) {
      const next = text[i + 1]!;
      if (next === ' ' || next === '\\' || next === '#' || next === "'" || next === '"') {
        value += next;
        i += 2;
      } else if (next === 't' || next === 'n' || next === 'r') {
        value += next === 't' ? '\t' : next === 'n' ? '\n' : '\r';
        i += 2;
      } else if (next === '$' && dquote) {
        value += '$';
        i += 2;
      } else if (next === 'x') {
        const hex = text.slice(i + 2, Math.min(i + 4, end));
        if (HEX.test(hex)) {
          value += String.fromCharCode(parseInt(hex, 16));
          i += 4;
        } else {
          problems.push({ start: i, end: Math.min(i + 4, end), message: `invalid escape "\\x${hex}": \\x must be followed by two hexadecimal digits` });
          value += c;
          i++;
        }
      } else {
        value += c;
        i++;
      }
    } else {
      value += c;
      i++;
    }
  }
  if (squote || dquote) {
    problems.push({
      start: quoteAt,
      end,
      message: `unmatched ${squote ? 'single' : 'double'} quote: close it on the same line (HAProxy reads one line at a time)`,
    });
  }
  store.addCooked(wordStart, i, { value, quoted });
  return i;
}
