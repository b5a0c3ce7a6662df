/**
 * Issue 13 audit: timeouts. HAProxy refuses a timeout value that does not start with digits and a
 * unit HAProxy knows (`5S`, `1.5s`, `5x`), or that is split from its unit (`5 s`); before, lb-drift
 * took such a line as a timeout in effect, so missing-timeouts stayed quiet about a config HAProxy
 * would not start with. Each value is judged by lb-drift and, where HAProxy is installed, by
 * `haproxy -c`, and both must agree.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { noIncludes } from '../../../server/src/core/dialect';
import { analyzeHaproxy } from '../../../server/src/dialects/haproxy/lower';
import { findProgram } from '../../helpers/ci';

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
    const problems = analyzeHaproxy({ path: 'haproxy.cfg', text: configOf(value) }, noIncludes).problems.map((p) => p.message);
    if (refused) expect(problems).toEqual([expect.stringContaining(refused)]);
    else expect(problems).toEqual([]);
  });

  it('leaves a value from the environment to HAProxy', () => {
    expect(analyzeHaproxy({ path: 'haproxy.cfg', text: configOf('"${CONNECT_TIMEOUT}"') }, noIncludes).problems).toEqual([]);
  });

  const haproxy = findProgram('haproxy');
  it.runIf(haproxy !== undefined)('agrees with haproxy -c on every value', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lb-drift-haproxy-timeout-'));
    try {
      const disagreements = VALUES.filter(({ value, refused }) => {
        const path = join(dir, 'haproxy.cfg');
        writeFileSync(path, configOf(value));
        const check = spawnSync(haproxy!, ['-c', '-f', path], { encoding: 'utf8', timeout: 30_000 });
        const accepted = check.status === 0 || /has no error/.test(`${check.stdout}${check.stderr}`);
        return accepted === (refused !== undefined);
      });
      expect(disagreements.map((d) => d.value)).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
