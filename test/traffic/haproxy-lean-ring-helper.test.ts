/**
 * Issue 12, the cold HAProxy check: the CLI's ring helper builds nginx consistent-hash rings, so
 * it starts only for a large file that sniffs as nginx. For a 10 MB haproxy.cfg it compiled the
 * bundle and read the file on a second thread for nothing (about 250 ms of CPU).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { syntheticNginx } from '../../bench/generate';
import { syntheticHaproxy } from '../../bench/haproxy-generate';
import { includeLoader, type LoadOptions } from '../../server/src/cli/load';
import { outputOf } from '../../server/src/cli/parallel';
import { RING_HELPER_MIN_BYTES, RingHelper } from '../../server/src/cli/ring-helper';
import { CLI } from '../helpers/cli';

const dir = mkdtempSync(join(tmpdir(), 'lb-drift-haproxy-helper-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Whether checking `path` as the CLI does (with its bundle for helpers) started a ring helper. */
function startedHelper(path: string, options: LoadOptions = {}): boolean {
  // The helper is stopped once the analysis ends, whatever it found (`stop` goes through
  // `stopKeepingShares` too, so this sees either way of stopping it).
  const stopped = vi.spyOn(RingHelper.prototype, 'stopKeepingShares');
  const warnings: string[] = [];
  const output = outputOf({ path, explicit: true }, options, includeLoader(options, warnings), warnings, CLI);
  expect(output.checked).toBe(true);
  return stopped.mock.calls.length > 0;
}

describe('the ring helper of a cold check', () => {
  afterEach(() => vi.restoreAllMocks());

  it('does not start for a large haproxy.cfg', () => {
    const path = join(dir, 'haproxy.cfg');
    writeFileSync(path, syntheticHaproxy(RING_HELPER_MIN_BYTES + 4096));
    expect(startedHelper(path)).toBe(false);
  });

  it('starts for a large nginx.conf, and when --dialect nginx says so', () => {
    const text = syntheticNginx(RING_HELPER_MIN_BYTES + 4096);
    const path = join(dir, 'nginx.conf');
    writeFileSync(path, text);
    expect(startedHelper(path)).toBe(true);
    const unnamed = join(dir, 'balancer.txt');
    writeFileSync(unnamed, text);
    expect(startedHelper(unnamed, { dialect: 'nginx' })).toBe(true);
  });
});
