/**
 * `timeout NAME VALUE` as HAProxy 2.6 reads the value (parse_time_err): one or more digits, then
 * nothing or a unit whose first letter is u, m, s, h or d (HAProxy looks no further: `5min` is
 * 5 minutes, `5sec` 5 seconds); anything else, or a second value, stops HAProxy at start-up.
 * `${VAR}` is HAProxy's to expand, and is left alone.
 */
import type { HaLine, HaWord } from './syntax';

export interface TimeoutProblem {
  readonly message: string;
  readonly at: HaWord;
}

export function checkTimeout(line: HaLine): TimeoutProblem | undefined {
  const [, name, value, extra] = line.words;
  if (!name || !value || value.value.includes('${')) return undefined;
  const what = `timeout ${name.value}`;
  const unexpected = /^\d+(?:[umshd]|$)/.test(value.value) ? undefined : value.value.replace(/^\d+/, '').charAt(0) || value.value.charAt(0);
  if (unexpected !== undefined) {
    return { message: `unexpected character '${unexpected}' in '${what}' (got "${value.value}"): a time is an integer with an optional unit us, ms, s, m, h or d, e.g. 5s`, at: value };
  }
  if (extra) return { message: `'${what}': unexpected extra argument '${extra.value}' after value '${value.value}': write the unit next to the number (${value.value}${extra.value})`, at: extra };
  return undefined;
}
