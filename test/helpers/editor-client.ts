/**
 * What the tests of real editors as LSP clients (Neovim, Emacs) share: the config they open, a
 * run of the editor in its own process group with a time limit, and the JSON-lines records the
 * editor's driver script writes back.
 */
import { spawn } from 'node:child_process';

/** An nginx config where weight-skew fires on the `weight=5` line (127.0.0.1:8081 gets 71%). */
export const SKEWED_NGINX = `events {}
http {
    upstream backend {
        server 127.0.0.1:8081 weight=5;
        server 127.0.0.1:8082;
        server 127.0.0.1:8083;
    }
    server {
        listen 8080;
        location / {
            proxy_pass http://backend;
        }
    }
}
`;

/** A HAProxy config whose backend lists 10.0.0.2:8080 twice (duplicate-member on server a3). */
export const DUPLICATED_HAPROXY = `# The API backend: 10.0.0.2 is listed twice by mistake.
defaults
    mode http
    timeout connect 5s
    timeout client 30s
    timeout server 30s

frontend api-in
    bind :8081
    default_backend api

backend api
    option redispatch
    server a1 10.0.0.1:8080 check
    server a2 10.0.0.2:8080 check
    server a3 10.0.0.2:8080 check
`;

export interface EditorExit {
  readonly status: number | null;
  readonly signal: NodeJS.Signals | null;
  /** The editor was killed because it outlived `timeoutMs`. */
  readonly timedOut: boolean;
  readonly stderr: string;
}

/** What a test sets for one editor run. */
export interface EditorLimits {
  /** The bound of the whole run; the editor and everything it started are killed after it. */
  readonly timeoutMs: number;
  /** Folders put first on PATH, e.g. one holding `lb-drift-language-server`. */
  readonly pathPrefix?: readonly string[];
}

export interface EditorRunOptions {
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
  readonly timeoutMs: number;
}

/**
 * Runs the editor headless in a process group of its own and waits for it; after the limit, or
 * once it exits, whatever is left of the group (a language server it started) is killed.
 */
export async function runEditor(command: string, args: readonly string[], options: EditorRunOptions): Promise<EditorExit> {
  const child = spawn(command, args, { env: options.env, cwd: options.cwd, detached: true, stdio: ['ignore', 'ignore', 'pipe'] });
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
  killGroup();
  return { status, signal, timedOut, stderr };
}

/** Parses JSON-lines records; a line that is not a JSON object with a `kind` is an error. */
export function parseRecords<R extends { readonly kind: string }>(text: string, editor: string): R[] {
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const value: unknown = JSON.parse(line);
      if (typeof value !== 'object' || value === null || typeof (value as { kind?: unknown }).kind !== 'string') {
        throw new Error(`not a ${editor} test record: ${line}`);
      }
      return value as R;
    });
}

/** The records of one kind, typed by it. */
export function recordsOf<R extends { readonly kind: string }, K extends R['kind']>(records: readonly R[], kind: K): Extract<R, { kind: K }>[] {
  return records.filter((r): r is Extract<R, { kind: K }> => r.kind === kind);
}
