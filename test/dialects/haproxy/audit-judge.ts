/**
 * Judges small HAProxy configs the way the issue 13 audit tests compare them: by lb-drift's own
 * problems and, where HAProxy is installed, by `haproxy -c` on the same text.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { noIncludes } from '../../../server/src/core/dialect';
import { analyzeHaproxy } from '../../../server/src/dialects/haproxy/lower';
import { findProgram } from '../../helpers/ci';

export const HAPROXY = findProgram('haproxy');

/** lb-drift's problem messages for a config. */
export function problemsOf(text: string): string[] {
  return analyzeHaproxy({ path: 'haproxy.cfg', text }, noIncludes).problems.map((p) => p.message);
}

/** Whether `haproxy -c` accepts each text (a file without a frontend "has no error": accepted). */
export function acceptedByHaproxy(texts: readonly string[]): boolean[] {
  const dir = mkdtempSync(join(tmpdir(), 'lb-drift-haproxy-judge-'));
  try {
    return texts.map((text) => {
      const path = join(dir, 'haproxy.cfg');
      writeFileSync(path, text);
      const check = spawnSync(HAPROXY!, ['-c', '-f', path], { encoding: 'utf8', timeout: 30_000 });
      return check.status === 0 || /has no error/.test(`${check.stdout}${check.stderr}`);
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
