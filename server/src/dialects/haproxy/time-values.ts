/**
 * Time values as HAProxy 2.6 reads them (parse_time_err), for `timeout NAME VALUE` and a server's
 * `slowstart`: one or more digits, then nothing or a unit whose first letter is u, m, s, h or d
 * (HAProxy looks no further: `5min` is 5 minutes, `5sec` 5 seconds); anything else, or a second
 * value after a timeout, stops HAProxy at start-up. `${VAR}` is HAProxy's to expand, and is left
 * alone.
 */
import { wordAt, wordValue, type HaLine, type HaWord } from './syntax';

export interface TimeoutProblem {
  readonly message: string;
  readonly at: HaWord;
}

const TIME = /^\d+(?:[umshd]|$)/;

/** The character HAProxy stops at in a time value, or undefined when it reads the value. */
export function unexpectedTimeCharacter(text: string): string | undefined {
  if (text.includes('${') || TIME.test(text)) return undefined;
  return text.replace(/^\d+/, '').charAt(0) || text.charAt(0);
}

/** What a time value must look like, for messages. */
export const TIME_FORMAT = 'a time is an integer with an optional unit us, ms, s, m, h or d';

export function checkTimeout(line: HaLine): TimeoutProblem | undefined {
  const name = wordValue(line, 1);
  const value = wordValue(line, 2);
  if (name === undefined || value === undefined) return undefined;
  const what = `timeout ${name}`;
  const unexpected = unexpectedTimeCharacter(value);
  if (unexpected !== undefined) {
    return { message: `unexpected character '${unexpected}' in '${what}' (got "${value}"): ${TIME_FORMAT}, e.g. 5s`, at: wordAt(line, 2)! };
  }
  if (value.includes('${')) return undefined;
  const extra = wordValue(line, 3);
  if (extra !== undefined) return { message: `'${what}': unexpected extra argument '${extra}' after value '${value}': write the unit next to the number (${value}${extra})`, at: wordAt(line, 3)! };
  return undefined;
}
