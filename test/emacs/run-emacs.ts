/**
 * Runs Emacs in batch on a plan: packages.el, then the client set-up as the user's init file
 * (the README's snippet), then driver.el, isolated from any user config: `-Q`, and HOME and
 * XDG_CONFIG_HOME point into a fresh temporary folder. Emacs runs in its own process group, which
 * a timeout kills. Emacs starts the language server in a session of its own, out of that group:
 * the server exits by itself when its stdin closes with Emacs, and in case it cannot (a hung
 * server), the driver reports the server's pid at once and a server still running afterwards is
 * stopped by that pid.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runEditor, type EditorExit, type EditorLimits } from '../helpers/editor-client';
import { parseRecords, recordsOf, type EmacsRecord, type Plan } from './plan';
import { SERVER } from '../helpers/server-on-path';

export const PACKAGES_EL = join(__dirname, 'packages.el');
const DRIVER_EL = join(__dirname, 'driver.el');

export interface EmacsRun extends EditorExit {
  readonly records: readonly EmacsRecord[];
  /** Whether the language server outlived Emacs (and had to be stopped by the test). */
  readonly serverLeftRunning: boolean;
}

export type RunOptions = EditorLimits;

/** The environment of an isolated Emacs: no user config, no inherited EMACSLOADPATH. */
export function isolatedEnv(home: string, pathPrefix: readonly string[] = []): NodeJS.ProcessEnv {
  const dir = (name: string) => {
    const path = join(home, name);
    mkdirSync(path, { recursive: true, mode: 0o700 });
    return path;
  };
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    HOME: home,
    XDG_CONFIG_HOME: dir('config'),
    TMPDIR: dir('tmp'),
    PATH: [...pathPrefix, process.env.PATH ?? ''].join(':'),
  };
  delete env.EMACSLOADPATH;
  return env;
}

/**
 * Stops the language server by its pid if it is still running. The pid only counts while its
 * command line still names the server bundle: after Emacs reaped the server it may be reused.
 */
function stopServer(pid: number | undefined): boolean {
  if (pid === undefined) return false;
  let cmdline: string;
  try {
    cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
  } catch {
    return false;
  }
  if (!cmdline.split('\0').includes(SERVER)) return false;
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // It ended meanwhile.
  }
  return true;
}

export async function runEmacs(emacs: string, setup: string, plan: Omit<Plan, 'output'>, options: RunOptions): Promise<EmacsRun> {
  const home = mkdtempSync(join(tmpdir(), 'lb-drift-emacs-'));
  const output = join(home, 'records.jsonl');
  const planPath = join(home, 'plan.json');
  const initPath = join(home, 'init.el');
  writeFileSync(planPath, JSON.stringify({ ...plan, output } satisfies Plan));
  writeFileSync(initPath, setup);
  const env = { ...isolatedEnv(home, options.pathPrefix), LB_DRIFT_EMACS_PLAN: planPath };
  const { status, signal, timedOut, stderr } = await runEditor(emacs, ['--batch', '-Q', '-l', PACKAGES_EL, '-l', initPath, '-l', DRIVER_EL], { env, cwd: home, timeoutMs: options.timeoutMs });
  const records = existsSync(output) ? parseRecords(readFileSync(output, 'utf8')) : [];
  const serverLeftRunning = stopServer(recordsOf(records, 'connected')[0]?.serverPid);
  rmSync(home, { recursive: true, force: true });
  return { status, signal, timedOut, records, stderr, serverLeftRunning };
}

/** A readable account of a run for assertion messages. */
export function describeRun(run: EmacsRun): string {
  return [
    `status ${run.status}, signal ${run.signal}${run.timedOut ? ', killed after the timeout' : ''}`,
    `language server ${run.serverLeftRunning ? 'outlived Emacs and was stopped by the test' : 'stopped with Emacs'}`,
    'records:',
    ...run.records.map((r) => `  ${JSON.stringify(r)}`),
    `stderr: ${run.stderr.trim() || '(empty)'}`,
  ].join('\n');
}
