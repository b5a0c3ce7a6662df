/**
 * Saved fuzz failures: one JSON file per case under test/fuzz-cases/ (the input exactly, the check
 * that failed and how it was found). Cases in test/fuzz-cases/pending/ wait for a fix in code
 * another change owns and are not replayed.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { CheckName } from './checks';
import type { FoundFailure } from './harness';

export const CASES_DIR = resolve(__dirname, '../fuzz-cases');
export const PENDING_DIR = join(CASES_DIR, 'pending');

export interface FuzzCase {
  readonly dialect: string;
  readonly check: CheckName;
  readonly rule?: string;
  /** What failed when the case was found. */
  readonly detail: string;
  /** How to make the original input again: `npm run fuzz -- --seed S` reaches input `index`. */
  readonly seed: number;
  readonly index: number;
  readonly origin: string;
  readonly text: string;
}

export function caseFileName(c: Pick<FuzzCase, 'dialect' | 'check' | 'rule' | 'text'>): string {
  const hash = createHash('sha256').update(c.text).digest('hex').slice(0, 10);
  return `${c.dialect}--${c.check}--${c.rule ?? 'input'}--${hash}.json`;
}

/** Writes a case unless the same input for the same check is saved already (here or pending). */
export function saveCase(failure: FoundFailure, dir = CASES_DIR): string | undefined {
  const saved: FuzzCase = {
    dialect: failure.dialect,
    check: failure.check,
    ...(failure.rule ? { rule: failure.rule } : {}),
    detail: failure.detail,
    seed: failure.seed,
    index: failure.index,
    origin: failure.origin,
    text: failure.text,
  };
  const name = caseFileName(saved);
  if (existsSync(join(CASES_DIR, name)) || existsSync(join(PENDING_DIR, name))) return undefined;
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, name), `${JSON.stringify(saved, null, 2)}\n`);
  return join(dir, name);
}

/** The saved cases of one folder (not its subfolders), by file name. */
export function loadCases(dir: string): { file: string; fuzzCase: FuzzCase }[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((file) => ({ file, fuzzCase: JSON.parse(readFileSync(join(dir, file), 'utf8')) as FuzzCase }));
}
