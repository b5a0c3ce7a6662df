/**
 * A code-server for one test run: the packaged extension installed into a fresh extensions folder,
 * user settings written up front, every folder it writes (user data, XDG config and data, TMPDIR)
 * inside `root`, and its own process group so stopping it also stops the extension host and the
 * language server it started.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { E2eTools } from './tools';

export interface CodeServer {
  /** The base URL, e.g. `http://127.0.0.1:40989/`. */
  readonly url: string;
  /** The folder the packaged extension was unpacked into. */
  readonly extensionDir: string;
  /** Stops the whole process group; safe to call more than once. */
  stop(): Promise<void>;
}

export interface CodeServerOptions {
  readonly tools: E2eTools;
  /** An empty folder that code-server may fill; the caller removes it. */
  readonly root: string;
  /** The user settings.json. */
  readonly settings: Readonly<Record<string, unknown>>;
  /** Where code-server's own output goes, for reading after a failure. */
  readonly logFile: string;
  readonly startTimeoutMs: number;
}

export async function startCodeServer(options: CodeServerOptions): Promise<CodeServer> {
  const { tools, root } = options;
  const userData = join(root, 'user-data');
  const folders = ['extensions', 'xdg-config', 'xdg-data', 'tmp', 'user-data/User'].map((name) => join(root, name));
  for (const folder of folders) mkdirSync(folder, { recursive: true });
  writeFileSync(join(userData, 'User/settings.json'), `${JSON.stringify(options.settings, null, 2)}\n`);

  const env = environment(tools, root);
  const node = join(tools.nodeBinDir, 'node');
  const common = ['--user-data-dir', userData, '--extensions-dir', join(root, 'extensions')];
  const installed = await promisify(execFile)(node, [tools.codeServer, ...common, '--install-extension', tools.vsix], {
    env,
    timeout: options.startTimeoutMs,
    encoding: 'utf8',
  });
  const extensionDir = readdirSync(join(root, 'extensions')).find((name) => name.startsWith('lb-drift.lb-drift-'));
  if (!/successfully installed/i.test(installed.stdout) || extensionDir === undefined) {
    throw new Error(`code-server did not install ${tools.vsix}:\n${installed.stdout}\n${installed.stderr}`);
  }

  // Port 0 lets the kernel choose a free port; code-server prints the address it bound.
  const flags = ['--auth', 'none', '--bind-addr', '127.0.0.1:0', '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust'];
  const child = spawn(node, [tools.codeServer, ...common, ...flags], { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const log = createWriteStream(options.logFile);
  child.stdout.pipe(log);
  child.stderr.pipe(log);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let stopping: Promise<void> | undefined;
  const stop = () => (stopping ??= stopGroup(child, exited));
  try {
    const url = await listeningUrl(child, options.startTimeoutMs);
    return { url, extensionDir: join(root, 'extensions', extensionDir), stop };
  } catch (error) {
    await stop();
    throw new Error(`${(error as Error).message}; see ${options.logFile}`);
  }
}

/**
 * The inherited environment minus anything that would make code-server talk to another VS Code
 * (a test started from a VS Code terminal inherits VSCODE_IPC_HOOK_CLI, and code-server would hand
 * its arguments to that instance), with Node 24 first on PATH and the XDG folders inside `root`.
 */
function environment(tools: E2eTools, root: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (!name.startsWith('VSCODE_') && !name.startsWith('CODE_SERVER_')) env[name] = value;
  }
  return {
    ...env,
    PATH: `${tools.nodeBinDir}:${process.env.PATH ?? ''}`,
    XDG_CONFIG_HOME: join(root, 'xdg-config'),
    XDG_DATA_HOME: join(root, 'xdg-data'),
    TMPDIR: join(root, 'tmp'),
  };
}

function listeningUrl(child: ChildProcess, timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => fail(new Error(`code-server did not listen within ${timeoutMs} ms`)), timeoutMs);
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const url = /HTTP server listening on (http:\/\/127\.0\.0\.1:\d+\/)/.exec(output)?.[1];
      if (url) finish(() => resolve(url));
    };
    const onExit = (code: number | null) => fail(new Error(`code-server exited with ${code} before listening`));
    const finish = (settle: () => void) => {
      clearTimeout(timer);
      child.stdout?.off('data', onData);
      child.off('exit', onExit);
      settle();
    };
    const fail = (error: Error) => finish(() => reject(error));
    child.stdout?.on('data', onData);
    child.once('exit', onExit);
  });
}

/** SIGTERM to the group, SIGKILL after five seconds, and SIGKILL to any child left behind. */
async function stopGroup(child: ChildProcess, exited: Promise<void>): Promise<void> {
  if (child.pid === undefined) return;
  signalGroup(child.pid, 'SIGTERM');
  const timedOut = await Promise.race([exited.then(() => false), new Promise<boolean>((resolve) => setTimeout(() => resolve(true), 5_000).unref())]);
  if (timedOut) signalGroup(child.pid, 'SIGKILL');
  await exited;
  // The extension host or the language server may outlive code-server's main process.
  signalGroup(child.pid, 'SIGKILL');
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // The group is already gone.
  }
}
