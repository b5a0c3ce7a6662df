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
 * backslash: nearly all) are two offsets; the others also get their value in `store.cooked`.
 */
export function lexInto(store: WordStore, start: number, end: number, problems: LineLexProblem[]): number {
  const text = store.text;
  let count = 0;
  let i = start;
  while (i < end) {
    const code = text.charCodeAt(i);
    if (isBlank(code)) {
      i++;
      continue;
    }
    if (code === 35 /* # */) break;
    const wordStart = i;
    // Fast path: most words have no quote or backslash, so the value is the text itself.
    let plain = i;
    while (plain < end) {
      const c = text.charCodeAt(plain);
      if (isBlank(c) || c === 35) break;
      if (c === 34 || c === 39 || c === 92) {
        plain = -1;
        break;
      }
      plain++;
    }
    if (plain >= 0) {
      store.add(wordStart, plain);
      count++;
      i = plain;
      continue;
    }
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
    count++;
  }
  return count;
}
