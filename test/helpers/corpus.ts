/**
 * Access to the public corpus in ../shared/corpus. A user's clone has no ../shared: corpus tests
 * then skip with a printed reason. Under CI=true a missing corpus is a failure, not a skip.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const CORPUS_DIR = resolve(__dirname, '../../../shared/corpus');

export function corpusAvailable(): boolean {
  if (existsSync(CORPUS_DIR)) return true;
  if (process.env.CI === 'true') {
    throw new Error(`The public corpus is missing at ${CORPUS_DIR}; CI must run with ../shared beside the clone.`);
  }
  console.warn(`skipping corpus tests: ${CORPUS_DIR} does not exist (it ships beside the repository, not in it)`);
  return false;
}

/** Every regular file below `sub` (relative to the corpus), sorted, as absolute paths. */
export function corpusFiles(sub: string): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const full = join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else out.push(full);
    }
  };
  walk(join(CORPUS_DIR, sub));
  return out;
}
