/**
 * The CLI turns off V8's allocation-site pretenuring in its own process (cli/heap-flags.ts): the
 * report's short-lived objects otherwise went to the old generation, about 25 MB of the cold
 * 10 MB HAProxy check's peak memory (issue 12). A preload records the flags the bundled CLI sets.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { HEAP_FLAGS } from '../../server/src/cli/heap-flags';
import { CLI } from '../helpers/cli';

const dir = mkdtempSync(join(tmpdir(), 'lb-drift-heap-flags-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('heap flags', () => {
  it('are set by the bundled CLI when it starts', () => {
    const preload = join(dir, 'record-flags.cjs');
    writeFileSync(
      preload,
      "const v8 = require('v8'); const set = v8.setFlagsFromString; v8.setFlagsFromString = (flag) => { process.stderr.write(`FLAG ${flag}\\n`); set(flag); };\n",
    );
    const run = spawnSync(process.execPath, ['--require', preload, CLI, '--version'], { encoding: 'utf8', timeout: 60_000 });
    expect(run.status).toBe(0);
    const set = run.stderr.split('\n').flatMap((line) => (line.startsWith('FLAG ') ? [line.slice(5)] : []));
    expect(HEAP_FLAGS).toContain('--no-allocation-site-pretenuring');
    expect(set).toEqual([...HEAP_FLAGS]);
  });
});
