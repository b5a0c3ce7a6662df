/**
 * Runs git as a child process with an argument list (never a shell), in a fixed, quiet
 * environment: no pager, no terminal prompts, no optional locks, C locale, unquoted paths, a
 * timeout and a cap on the output. Nothing here throws: every outcome is a value.
 *
 * Git never runs a program the repository chose (DESIGN invariant 10). The options in front of
 * every command switch off each config key that names a program (hooks, fsmonitor, pager,
 * editor, askpass, ssh, credential helpers, gpg, external diff) whatever `.git/config` says, and
 * the environment drops the variables that would name one. Aliases cannot shadow the built-in
 * commands lb-drift runs. Filters and textconv cannot be switched off by key (their driver names
 * are the repository's choice), so lb-drift never runs a command that reads the working tree
 * through them: it lists trees and the index and reads working-tree files itself (worktree.ts).
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export type GitFailureKind = 'git-missing' | 'failed' | 'timeout' | 'too-large';

export type GitResult =
  | { readonly ok: true; readonly stdout: Buffer; readonly stderr: string }
  | { readonly ok: false; readonly kind: GitFailureKind; readonly message: string; readonly stderr: string };

export interface GitOptions {
  /** Milliseconds before git is killed; defaults to DEFAULT_TIMEOUT_MS. */
  readonly timeoutMs?: number;
  /** The most bytes of standard output accepted; defaults to 64 MB. */
  readonly maxBytes?: number;
  /** Bytes written to git's standard input. */
  readonly input?: string | Buffer;
  /** Extra environment variables (e.g. GIT_COMMITTER_DATE), on top of the fixed ones. */
  readonly env?: Readonly<Record<string, string>>;
  /**
   * Leaves `core.excludesFile` as configured. Only for asking git what it is: every command
   * otherwise runs with it emptied, because a repository can point it at a FIFO that makes any
   * command reading it (even `diff-index --cached`) wait forever.
   */
  readonly keepExcludesFile?: boolean;
}

/**
 * Every git command lb-drift runs answers in well under a second on a large repository; five
 * seconds is a hang, not work. Listing a whole tree of a very large repository may take longer
 * and uses LONG_TIMEOUT_MS.
 */
export const DEFAULT_TIMEOUT_MS = 5_000;
export const LONG_TIMEOUT_MS = 20_000;
export const DEFAULT_MAX_BYTES = 64 * 1024 * 1024;
/** Standard error is only read for messages, so a little of it is plenty. */
const MAX_STDERR_BYTES = 64 * 1024;

export const GIT_MISSING_MESSAGE = 'git is not installed or not on PATH; install git to compare with the stable revision';

/**
 * Variables that would point git at another repository, index or object store than the one the
 * folder belongs to. They leak in when the editor or a test runs inside a git hook.
 */
const REPOSITORY_OVERRIDES = [
  'GIT_DIR',
  'GIT_WORK_TREE',
  'GIT_INDEX_FILE',
  'GIT_COMMON_DIR',
  'GIT_OBJECT_DIRECTORY',
  'GIT_ALTERNATE_OBJECT_DIRECTORIES',
  'GIT_NAMESPACE',
  'GIT_PREFIX',
];

/** Variables that name a program for git to run, or inject config that could. */
const PROGRAM_VARIABLES = [
  'GIT_ASKPASS',
  'SSH_ASKPASS',
  'GIT_SSH',
  'GIT_SSH_COMMAND',
  'GIT_PROXY_COMMAND',
  'GIT_EXTERNAL_DIFF',
  'GIT_EDITOR',
  'GIT_SEQUENCE_EDITOR',
  'GIT_CONFIG_PARAMETERS',
  'GIT_CONFIG_COUNT',
  'GIT_EXEC_PATH',
];

/** The environment every git command runs in. */
export function gitEnvironment(extra: Readonly<Record<string, string>> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of [...REPOSITORY_OVERRIDES, ...PROGRAM_VARIABLES]) delete env[name];
  for (const name of Object.keys(env)) if (/^GIT_CONFIG_(KEY|VALUE)_\d+$/.test(name)) delete env[name];
  return {
    ...env,
    GIT_TERMINAL_PROMPT: '0',
    GIT_OPTIONAL_LOCKS: '0',
    GIT_PAGER: 'cat',
    PAGER: 'cat',
    // ":" is the editor git never starts.
    GIT_EDITOR: ':',
    GIT_SEQUENCE_EDITOR: ':',
    LC_ALL: 'C',
    // Paths lb-drift passes are file names, never patterns or pathspec magic.
    GIT_LITERAL_PATHSPECS: '1',
    ...extra,
  };
}

/**
 * Config that wins over the repository's own (command-line config is read last): every key that
 * names a program is emptied or switched off. Hooks go to /dev/null, where no hook can exist.
 */
const SAFE_CONFIG: readonly (readonly [string, string])[] = [
  ['core.quotepath', 'off'],
  ['core.fsmonitor', 'false'],
  ['core.untrackedCache', 'false'],
  ['core.hooksPath', '/dev/null'],
  ['core.pager', 'cat'],
  ['core.editor', ':'],
  ['sequence.editor', ':'],
  ['core.askPass', ''],
  ['core.sshCommand', ''],
  ['credential.helper', ''],
  ['protocol.allow', 'never'],
  ['diff.external', ''],
  ['tag.gpgSign', 'false'],
  ['tag.forceSignAnnotated', 'false'],
  ['commit.gpgSign', 'false'],
  ['log.showSignature', 'false'],
  ['gc.auto', '0'],
  ['maintenance.auto', 'false'],
];

/** The options in front of every subcommand. */
export function gitArguments(args: readonly string[], options: Pick<GitOptions, 'keepExcludesFile'> = {}): string[] {
  const config = options.keepExcludesFile ? SAFE_CONFIG : [...SAFE_CONFIG, ['core.excludesFile', ''] as const];
  return ['--no-pager', ...config.flatMap(([key, value]) => ['-c', `${key}=${value}`]), ...args];
}

/** Runs `git <args>` in `cwd` and collects its output. */
export function runGit(args: readonly string[], cwd: string, options: GitOptions = {}): Promise<GitResult> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  return new Promise((resolvePromise) => {
    const stdout: Buffer[] = [];
    let stdoutBytes = 0;
    let stderr = '';
    let settled = false;
    let timer: NodeJS.Timeout | undefined;
    const settle = (result: GitResult): void => {
      if (settled) return;
      settled = true;
      if (timer) clearTimeout(timer);
      resolvePromise(result);
    };

    let child: ReturnType<typeof spawn>;
    try {
      child = spawn('git', gitArguments(args, options), {
        cwd,
        env: gitEnvironment(options.env),
        shell: false,
        windowsHide: true,
        stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
      });
    } catch (error) {
      settle(spawnFailure(error, cwd, args));
      return;
    }
    const kill = (): void => {
      child.kill('SIGKILL');
    };
    timer = setTimeout(() => {
      kill();
      settle({ ok: false, kind: 'timeout', message: timeoutMessage(args, timeoutMs), stderr });
    }, timeoutMs);

    child.on('error', (error) => settle(spawnFailure(error, cwd, args, stderr)));
    child.stdout?.on('data', (chunk: Buffer) => {
      stdoutBytes += chunk.length;
      if (stdoutBytes > maxBytes) {
        kill();
        settle({ ok: false, kind: 'too-large', message: tooLargeMessage(args, maxBytes), stderr });
        return;
      }
      stdout.push(chunk);
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      if (stderr.length < MAX_STDERR_BYTES) stderr += chunk.toString('utf8');
    });
    child.on('close', (code, signal) => {
      if (code === 0) settle({ ok: true, stdout: Buffer.concat(stdout), stderr });
      else settle({ ok: false, kind: 'failed', message: failedMessage(args, code, signal, stderr), stderr });
    });
    if (options.input !== undefined && child.stdin) {
      // A git that exits before reading its input closes the pipe; that is not our failure.
      child.stdin.on('error', () => undefined);
      child.stdin.end(options.input);
    }
  });
}

/**
 * The synchronous twin of `runGit`, for callers that cannot wait (an include loader is called in
 * the middle of a parse). Same environment, arguments and outcomes.
 */
export function runGitSync(args: readonly string[], cwd: string, options: GitOptions = {}): GitResult {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const result = spawnSync('git', gitArguments(args, options), {
    cwd,
    env: gitEnvironment(options.env),
    shell: false,
    windowsHide: true,
    timeout: timeoutMs,
    killSignal: 'SIGKILL',
    maxBuffer: maxBytes,
    input: options.input,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const stderr = result.stderr ? result.stderr.subarray(0, MAX_STDERR_BYTES).toString('utf8') : '';
  const code = (result.error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ETIMEDOUT') return { ok: false, kind: 'timeout', message: timeoutMessage(args, timeoutMs), stderr };
  if (code === 'ENOBUFS') return { ok: false, kind: 'too-large', message: tooLargeMessage(args, maxBytes), stderr };
  if (result.error) return spawnFailure(result.error, cwd, args, stderr);
  if (result.status === 0) return { ok: true, stdout: result.stdout, stderr };
  return { ok: false, kind: 'failed', message: failedMessage(args, result.status, result.signal, stderr), stderr };
}

/** The first line git wrote to standard error, without its "fatal: " or "error: " prefix. */
export function firstErrorLine(stderr: string): string {
  const line = stderr.split('\n').find((l) => l.trim() !== '') ?? '';
  return line.replace(/^(fatal|error|warning): /, '').trim();
}

function spawnFailure(error: unknown, cwd: string, args: readonly string[], stderr = ''): GitResult {
  const code = (error as NodeJS.ErrnoException).code;
  // A missing working directory also surfaces as ENOENT from spawn; it is not a missing git.
  if (code === 'ENOENT' && !existsSync(cwd)) {
    return { ok: false, kind: 'failed', message: `cannot run git in ${cwd}: the folder does not exist`, stderr };
  }
  if (code === 'ENOENT') return { ok: false, kind: 'git-missing', message: GIT_MISSING_MESSAGE, stderr };
  if (code === 'EACCES') {
    return { ok: false, kind: 'git-missing', message: 'git on PATH is not executable (permission denied); fix its installation to compare with the stable revision', stderr };
  }
  const detail = error instanceof Error ? error.message : String(error);
  return { ok: false, kind: 'failed', message: `cannot start git ${subcommand(args)}: ${detail}`, stderr };
}

function failedMessage(args: readonly string[], code: number | null, signal: string | null, stderr: string): string {
  const detail = firstErrorLine(stderr) || (signal ? `killed by ${signal}` : `exit code ${code ?? 'unknown'}`);
  // Old versions of git read --end-of-options as a revision and complain about it by name.
  const hint = /end-of-options/.test(stderr) ? '; this git is too old for lb-drift, which needs git 2.30 or newer' : '';
  return `git ${subcommand(args)} failed: ${detail}${hint}`;
}

function timeoutMessage(args: readonly string[], timeoutMs: number): string {
  return `git ${subcommand(args)} took longer than ${Math.round(timeoutMs / 1000)} s and was stopped; the repository may be very large or locked by another process`;
}

function tooLargeMessage(args: readonly string[], maxBytes: number): string {
  return `git ${subcommand(args)} printed more than ${Math.round(maxBytes / 1048576)} MB, over lb-drift's limit, and was stopped`;
}

/** The subcommand's name for messages: the first argument that is neither an option nor a `-c` value. */
function subcommand(args: readonly string[]): string {
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '-c' || args[i] === '-C') i++;
    else if (!args[i]!.startsWith('-')) return args[i]!;
  }
  return 'command';
}
