/**
 * Tests that need a real program (nginx, haproxy, chromium, neovim) may skip on a developer
 * laptop with a printed reason, but must run when CI=true.
 */
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

/** The full path of `program` on PATH (or the path itself when absolute), if executable. */
export function findProgram(program: string): string | undefined {
  const candidates = program.includes('/')
    ? [program]
    : (process.env.PATH ?? '').split(delimiter).filter(Boolean).map((dir) => join(dir, program));
  for (const candidate of candidates) {
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // Not here; keep looking.
    }
  }
  return undefined;
}

export function hasProgram(program: string): boolean {
  return findProgram(program) !== undefined;
}

/** Returns true when the test may run; logs why it is skipped otherwise; throws under CI. */
export function requireProgram(program: string, purpose: string): boolean {
  if (hasProgram(program)) return true;
  if (process.env.CI === 'true') {
    throw new Error(`${program} is required for ${purpose} under CI=true; .ci/run should have installed it.`);
  }
  console.warn(`skipping ${purpose}: ${program} is not installed (set CI=true to make this a failure)`);
  return false;
}
