/**
 * Runs headless Neovim with test/neovim/init.lua on a plan, isolated from any user config: HOME
 * and the XDG folders point into a fresh temporary folder, and `--clean` keeps plugins out. Neovim
 * runs in its own process group, so a timeout kills it together with the language server it
 * started (Neovim 0.7 spawns servers in its own group; a server that a later Neovim detaches
 * exits by itself when its stdin closes).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseRecords, type NvimRecord, type Plan } from './plan';

const INIT_LUA = join(__dirname, 'init.lua');

export interface NvimRun {
  readonly status: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly timedOut: boolean;
  readonly records: readonly NvimRecord[];
  readonly stderr: string;
  /** Neovim's LSP log (warnings and errors only), empty when there is none. */
  readonly lspLog: string;
}

export interface RunOptions {
  /** The bound of the whole run; Neovim and its server are killed after it. */
  readonly timeoutMs: number;
  /** Folders put first on PATH, e.g. one holding `lb-drift-language-server`. */
  readonly pathPrefix?: readonly string[];
}

export async function runNeovim(nvim: string, plan: Omit<Plan, 'output'>, options: RunOptions): Promise<NvimRun> {
  const home = mkdtempSync(join(tmpdir(), 'lb-drift-nvim-'));
  const xdg = (name: string) => {
    const dir = join(home, name);
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    return dir;
  };
  const output = join(home, 'records.jsonl');
  const planPath = join(home, 'plan.json');
  writeFileSync(planPath, JSON.stringify({ ...plan, output } satisfies Plan));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    HOME: home,
    XDG_CONFIG_HOME: xdg('config'),
    XDG_DATA_HOME: xdg('data'),
    XDG_STATE_HOME: xdg('state'),
    XDG_CACHE_HOME: xdg('cache'),
    XDG_RUNTIME_DIR: xdg('runtime'),
    TMPDIR: xdg('tmp'),
    LB_DRIFT_NVIM_PLAN: planPath,
    PATH: [...(options.pathPrefix ?? []), process.env.PATH ?? ''].join(':'),
  };
  // -n: no swap files; --clean: no user config, plugins or shada; -u: the driver instead.
  const child = spawn(nvim, ['--headless', '--clean', '-n', '-u', INIT_LUA], {
    env,
    cwd: plan.root ?? home,
    detached: true,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const pid = child.pid;
  let timedOut = false;
  const killGroup = () => {
    if (pid === undefined) return;
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // The group is already gone.
    }
  };
  const timer = setTimeout(() => {
    timedOut = true;
    killGroup();
  }, options.timeoutMs);
  const [status, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, sig) => resolve([code, sig]));
  }).finally(() => clearTimeout(timer));
  // Neovim stops its clients on exit; whatever is left of the group is not ours to keep.
  killGroup();
  const records = existsSync(output) ? parseRecords(readFileSync(output, 'utf8')) : [];
  const logPath = records.map((r) => ('lspLog' in r ? r.lspLog : undefined)).find((p) => p !== undefined);
  const lspLog = logPath && existsSync(logPath) ? readFileSync(logPath, 'utf8') : '';
  rmSync(home, { recursive: true, force: true });
  return { status, signal, timedOut, records, stderr, lspLog };
}

/** A readable account of a run for assertion messages. */
export function describeRun(run: NvimRun): string {
  return [
    `status ${run.status}, signal ${run.signal}${run.timedOut ? ', killed after the timeout' : ''}`,
    'records:',
    ...run.records.map((r) => `  ${JSON.stringify(r)}`),
    `stderr: ${run.stderr.trim() || '(empty)'}`,
    `lsp.log: ${run.lspLog.trim() || '(empty)'}`,
  ].join('\n');
}
