/**
 * A minimal LSP client over the real server's stdio, speaking JSON-RPC with vscode-jsonrpc. Tests
 * wait on messages, never on sleeps.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import {
  createMessageConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type MessageConnection,
} from 'vscode-jsonrpc/node';

export const SERVER = join(__dirname, '../../server/out/server.js');

/** What VS Code's language client says it reads of a diagnostic: the server sends only those fields. */
export const VSCODE_TEXT_DOCUMENT = {
  publishDiagnostics: { relatedInformation: true, versionSupport: false, tagSupport: { valueSet: [1, 2] }, codeDescriptionSupport: true, dataSupport: true },
};

export interface PublishedDiagnostics {
  uri: string;
  version?: number;
  diagnostics: {
    range: { start: { line: number; character: number }; end: { line: number; character: number } };
    severity?: number;
    code?: string | number;
    source?: string;
    message: string;
    data?: unknown;
  }[];
}

export class LspTestClient {
  readonly connection: MessageConnection;
  private readonly child: ChildProcess;
  private readonly published: PublishedDiagnostics[] = [];
  private readonly waiters: { match: (p: PublishedDiagnostics) => boolean; resolve: (p: PublishedDiagnostics) => void; reject: (e: Error) => void }[] = [];
  readonly notifications: { method: string; params: unknown }[] = [];
  private readonly notificationWaiters: { method: string; match: (p: unknown) => boolean; resolve: (p: unknown) => void; reject: (e: Error) => void }[] = [];
  stderr = '';
  /** Set when the server exits before shutdown: every wait then fails with it instead of hanging. */
  private crashed: Error | undefined;
  private shuttingDown = false;

  /** The server process's id (for tests that read its memory from /proc). */
  get pid(): number {
    return this.child.pid!;
  }

  constructor(options: { settings?: unknown } = {}) {
    this.child = spawn(process.execPath, [SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    this.child.stderr!.on('data', (chunk: Buffer) => (this.stderr += chunk.toString()));
    this.child.on('exit', (code, signal) => {
      if (this.shuttingDown) return;
      this.crashed = new Error(`the language server exited before shutdown (code ${code}, signal ${signal}); its stderr:\n${this.stderr.slice(-4000)}`);
      for (const waiter of this.waiters.splice(0)) waiter.reject(this.crashed);
      for (const waiter of this.notificationWaiters.splice(0)) waiter.reject(this.crashed);
    });
    this.connection = createMessageConnection(
      new StreamMessageReader(this.child.stdout!),
      new StreamMessageWriter(this.child.stdin!),
    );
    this.connection.onNotification('textDocument/publishDiagnostics', (params: PublishedDiagnostics) => {
      this.published.push(params);
      for (const waiter of [...this.waiters]) {
        if (waiter.match(params)) {
          this.waiters.splice(this.waiters.indexOf(waiter), 1);
          waiter.resolve(params);
        }
      }
    });
    this.connection.onNotification((method: string, params: unknown) => {
      this.notifications.push({ method, params });
      for (const waiter of [...this.notificationWaiters]) {
        if (waiter.method === method && waiter.match(params)) {
          this.notificationWaiters.splice(this.notificationWaiters.indexOf(waiter), 1);
          waiter.resolve(params);
        }
      }
    });
    this.connection.onRequest('workspace/configuration', (params: { items: unknown[] }) =>
      params.items.map(() => options.settings ?? null),
    );
    this.connection.onRequest('client/registerCapability', () => null);
    this.connection.onRequest('window/workDoneProgress/create', () => null);
    this.connection.listen();
  }

  async initialize(capabilities: Record<string, unknown> = { workspace: { configuration: true }, textDocument: VSCODE_TEXT_DOCUMENT }): Promise<{ capabilities: Record<string, unknown> }> {
    const result = await this.connection.sendRequest<{ capabilities: Record<string, unknown> }>('initialize', {
      processId: process.pid,
      rootUri: null,
      capabilities,
    });
    await this.connection.sendNotification('initialized', {});
    return result;
  }

  open(uri: string, text: string, languageId = 'nginx', version = 1): Promise<void> {
    return this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version, text } });
  }

  change(uri: string, version: number, changes: unknown[]): Promise<void> {
    return this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: changes });
  }

  /** Resolves with the first diagnostics published for `uri` (at `version`, when given). */
  diagnostics(uri: string, version?: number): Promise<PublishedDiagnostics> {
    const match = (p: PublishedDiagnostics) => p.uri === uri && (version === undefined || p.version === version);
    const already = this.published.find(match);
    if (already) return Promise.resolve(already);
    if (this.crashed) return Promise.reject(this.crashed);
    return new Promise((resolve, reject) => this.waiters.push({ match, resolve, reject }));
  }

  /** Resolves with the first notification of `method` whose params satisfy `match`. */
  notification<T>(method: string, match: (params: T) => boolean = () => true): Promise<T> {
    const already = this.notifications.find((n) => n.method === method && match(n.params as T));
    if (already) return Promise.resolve(already.params as T);
    if (this.crashed) return Promise.reject(this.crashed);
    return new Promise((resolve, reject) =>
      this.notificationWaiters.push({ method, match: (p) => match(p as T), resolve: (p) => resolve(p as T), reject }),
    );
  }

  /** Resolves with the next diagnostics published for `uri` that satisfy `match`. */
  diagnosticsMatching(uri: string, match: (p: PublishedDiagnostics) => boolean): Promise<PublishedDiagnostics> {
    if (this.crashed) return Promise.reject(this.crashed);
    return new Promise((resolve, reject) => this.waiters.push({ match: (p) => p.uri === uri && match(p), resolve, reject }));
  }

  async shutdown(): Promise<void> {
    this.shuttingDown = true;
    try {
      await this.connection.sendRequest('shutdown');
      await this.connection.sendNotification('exit');
    } finally {
      this.connection.dispose();
      if (this.child.exitCode === null) this.child.kill();
    }
  }
}
