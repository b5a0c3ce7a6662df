/**
 * Issue 13 audit: timeouts. HAProxy refuses a timeout value that does not start with digits and a
 * unit HAProxy knows (`5S`, `1.5s`, `5x`), or that is split from its unit (`5 s`); before, lb-drift
 * took such a line as a timeout in effect, so missing-timeouts stayed quiet about a config HAProxy
 * would not start with. Each value is judged by lb-drift and, where HAProxy is installed, by
 * `haproxy -c`, and both must agree.
 */
import { describe, expect, it } from 'vitest';
import { HAPROXY, acceptedByHaproxy, problemsOf } from './audit-judge';

const VALUES: readonly { value: string; refused?: string }[] = [
  { value: '5s' },
  { value: '5' },
  { value: '0' },
  { value: '100us' },
  { value: '10ms' },
  { value: '1m' },
  { value: '2h' },
  { value: '1d' },
  // HAProxy reads the first letter of the unit only.
  { value: '5min' },
  { value: '5sec' },
  { value: '5S', refused: "unexpected character 'S' in 'timeout connect'" },
  { value: '1.5s', refused: "unexpected character '.' in 'timeout connect'" },
  { value: '5x', refused: "unexpected character 'x' in 'timeout connect'" },
  { value: 's', refused: "unexpected character 's' in 'timeout connect'" },
  { value: '5 s', refused: "'timeout connect': unexpected extra argument 's' after value '5'" },
];

const configOf = (value: string): string =>
  `defaults\n  mode http\n  timeout connect ${value}\n  timeout client 5s\n  timeout server 5s\nbackend b\n  server a 10.0.0.1:80\n`;

describe('timeout values', () => {
  it.each(VALUES)('timeout connect $value', ({ value, refused }) => {
    const problems = problemsOf(configOf(value));
    if (refused) expect(problems).toEqual([expect.stringContaining(refused)]);
    else expect(problems).toEqual([]);
  });

  it('leaves a value from the environment to HAProxy', () => {
    expect(problemsOf(configOf('"${CONNECT_TIMEOUT}"'))).toEqual([]);
  });

  it.runIf(HAPROXY !== undefined)('agrees with haproxy -c on every value', () => {
    const cases = VALUES;
    const accepted = acceptedByHaproxy(cases.map((c) => configOf(c.value)));
    expect(cases.filter((c, i) => accepted[i] === (c.refused !== undefined)).map((c) => c.value)).toEqual([]);
  });
});
