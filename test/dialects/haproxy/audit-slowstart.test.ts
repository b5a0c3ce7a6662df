/**
 * A server's `slowstart TIME` is read by HAProxy as a time (parse_time_err): `slowstart abc` or
 * `slowstart 10x` stops HAProxy at start-up ("unexpected character ... in 'slowstart' argument"),
 * and lb-drift used to accept both silently, so a config HAProxy would not start passed CI. Each
 * value is judged by lb-drift and, where HAProxy is installed, by `haproxy -c`, and both must
 * agree, on a server line and on a default-server line.
 */
import { describe, expect, it } from 'vitest';
import { HAPROXY, acceptedByHaproxy, problemsOf } from './audit-judge';

const VALUES: readonly { value: string; refused?: string }[] = [
  { value: '10s' },
  { value: '0' },
  { value: '500ms' },
  { value: '2m' },
  // HAProxy reads the first letter of the unit only.
  { value: '30sec' },
  { value: 'abc', refused: "unexpected character 'a' in the slowstart of server a" },
  { value: '10x', refused: "unexpected character 'x' in the slowstart of server a" },
  { value: '1.5s', refused: "unexpected character '.' in the slowstart of server a" },
  { value: '10S', refused: "unexpected character 'S' in the slowstart of server a" },
];

const onServer = (value: string): string => `backend b\n  server a 10.0.0.1:80 check slowstart ${value}\n`;
const onDefaultServer = (value: string): string => `backend b\n  default-server slowstart ${value}\n  server a 10.0.0.1:80 check\n`;

describe('slowstart values', () => {
  it.each(VALUES)('server ... slowstart $value', ({ value, refused }) => {
    const problems = problemsOf(onServer(value));
    if (refused) expect(problems).toEqual([expect.stringContaining(refused)]);
    else expect(problems).toEqual([]);
  });

  it.each(VALUES)('default-server slowstart $value', ({ value, refused }) => {
    const problems = problemsOf(onDefaultServer(value));
    if (refused) expect(problems).toEqual([expect.stringContaining(refused)]);
    else expect(problems).toEqual([]);
  });

  it('leaves a value from the environment to HAProxy', () => {
    expect(problemsOf(onServer('"${SLOW_START}"'))).toEqual([]);
  });

  it.runIf(HAPROXY !== undefined)('agrees with haproxy -c on every value', () => {
    const configs = [...VALUES.map((c) => onServer(c.value)), ...VALUES.map((c) => onDefaultServer(c.value))];
    const expected = [...VALUES, ...VALUES].map((c) => c.refused === undefined);
    const accepted = acceptedByHaproxy(configs);
    expect(configs.filter((_, i) => accepted[i] !== expected[i])).toEqual([]);
  });
});
