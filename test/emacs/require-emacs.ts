/**
 * Whether the Emacs test can run: it needs `emacs` with eglot (built in from Emacs 29, Debian's
 * elpa-eglot before that) and nginx-mode (Debian's elpa-nginx-mode). Like the other tests that
 * need a real program, it skips with a printed reason, except under CI=true, where it fails.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findProgram, requireProgram } from '../helpers/ci';
import { isolatedEnv, PACKAGES_EL } from './run-emacs';

/**
 * What Emacs finds after packages.el, with the same isolation as the test run. Its temporary
 * home is removed here: a skipped test file runs no afterAll hooks, so tmpTree would leave it.
 */
function probe(emacs: string): { version: string; eglot: string | null; nginxMode: string | null } {
  const lisp = '(progn (require (quote json)) (princ (json-encode (list :version emacs-version'
    + ' :eglot (locate-library "eglot") :nginxMode (locate-library "nginx-mode")))))';
  const home = mkdtempSync(join(tmpdir(), 'lb-drift-emacs-probe-'));
  try {
    const out = execFileSync(emacs, ['--batch', '-Q', '-l', PACKAGES_EL, '--eval', lisp], {
      encoding: 'utf8',
      env: isolatedEnv(home),
      timeout: 15_000,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return JSON.parse(out) as { version: string; eglot: string | null; nginxMode: string | null };
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}

/** The path of a usable `emacs`, or undefined (after a printed reason) when the test must skip. */
export function requireEmacs(purpose: string): string | undefined {
  if (!requireProgram('emacs', purpose)) return undefined;
  const emacs = findProgram('emacs') ?? 'emacs';
  const found = probe(emacs);
  const missing = [
    ...(found.eglot ? [] : ['eglot (Debian: elpa-eglot; built in from Emacs 29)']),
    ...(found.nginxMode ? [] : ['nginx-mode (Debian: elpa-nginx-mode)']),
  ];
  if (missing.length === 0) return emacs;
  const reason = `Emacs ${found.version} has no ${missing.join(' and no ')}`;
  if (process.env.CI === 'true') {
    throw new Error(`${reason}, which ${purpose} needs under CI=true; .ci/run should have installed it.`);
  }
  console.warn(`skipping ${purpose}: ${reason} (set CI=true to make this a failure)`);
  return undefined;
}
