/**
 * Runs headless Neovim with test/neovim/init.lua on a plan, isolated from any user config: HOME
 * and the XDG folders point into a fresh temporary folder, and `--clean` keeps plugins out. Neovim
 * runs in its own process group, so a timeout kills it together with the language server it
 * started (Neovim 0.7 spawns servers in its own group; a server that a later Neovim detaches
 * exits by itself when its stdin closes).
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runEditor, type EditorExit, type EditorLimits } from '../helpers/editor-client';
import { parseRecords, type NvimRecord, type Plan } from './plan';

const INIT_LUA = join(__dirname, 'init.lua');

export interface NvimRun extends EditorExit {
  readonly records: readonly NvimRecord[];
  /** Neovim's LSP log (warnings and errors only), empty when there is none. */
  readonly lspLog: string;
}

export type RunOptions = EditorLimits;

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
  const { status, signal, timedOut, stderr } = await runEditor(nvim, ['--headless', '--clean', '-n', '-u', INIT_LUA], { env, cwd: plan.root ?? home, timeoutMs: options.timeoutMs });
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
