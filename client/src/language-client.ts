/**
 * The language client, in a bundle of its own (client/out/language-client.js): it holds
 * vscode-languageclient, about nine tenths of the client's code, so activation does not load it.
 * server-start.ts requires it once a document lb-drift may serve is open, after activate returned.
 *
 * The client sends the server nginx and HAProxy documents, and file: YAML and JSON documents,
 * where Kubernetes manifests live. The server answers only for balancer configs among those
 * (server/src/lsp/detect-language.ts); lb-drift contributes no YAML or JSON language and never
 * changes such a document's language.
 */
import type * as vscode from 'vscode';
import { LanguageClient, State, TransportKind, type DocumentSelector, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { LANGUAGE_IDS, StatusNotification } from '../../server/src/protocol/messages';
import { SHARED_LANGUAGES } from './server-start';
import { trustMiddleware } from './workspace-trust';

export const DOCUMENT_SELECTOR: DocumentSelector = [
  ...LANGUAGE_IDS.flatMap((language) => [
    { scheme: 'file', language },
    { scheme: 'untitled', language },
  ]),
  // An untitled YAML buffer has no file name, and the server reads manifests by name and text.
  ...SHARED_LANGUAGES.map((language) => ({ scheme: 'file', language })),
];

export interface ClientParts {
  readonly serverModule: string;
  readonly output: vscode.LogOutputChannel;
  readonly subscriptions: { push(...disposables: vscode.Disposable[]): unknown };
  readonly onState: (state: 'starting' | 'running' | 'stopped') => void;
  readonly onStatus: (params: StatusNotification.Params) => void;
}

/**
 * Creates the client and starts the server. The returned client is usable at once: requests
 * made before the server is up wait for its start by themselves. A failed start is logged with
 * its reason and reported as the stopped state.
 */
export function startLanguageClient(parts: ClientParts): LanguageClient {
  // The server runs with Node's default heap sizes. A larger young generation
  // (--max-semi-space-size=64) measured no change in edit -> diagnostics CPU (an edit allocates
  // little); it saved 10-30% CPU on repeated whole-file analyses of 10 MB configs, at 80-170 MB
  // more peak resident memory.
  const serverOptions: ServerOptions = {
    run: { module: parts.serverModule, transport: TransportKind.ipc },
    debug: { module: parts.serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6029'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: DOCUMENT_SELECTOR,
    synchronize: { configurationSection: 'lbDrift' },
    outputChannel: parts.output,
    // In Restricted Mode the server is told git is off (workspace-trust.ts).
    middleware: trustMiddleware,
  };
  const client = new LanguageClient('lbDrift', 'lb-drift', serverOptions, clientOptions);
  parts.subscriptions.push(
    client.onDidChangeState(({ newState }) => {
      parts.onState(newState === State.Running ? 'running' : newState === State.Stopped ? 'stopped' : 'starting');
    }),
    client.onNotification(StatusNotification.method, (params: StatusNotification.Params) => parts.onStatus(params)),
  );
  client.start().catch((error: unknown) => {
    parts.output.error(`The lb-drift language server did not start: ${error instanceof Error ? error.message : String(error)}`);
    parts.onState('stopped');
  });
  return client;
}
