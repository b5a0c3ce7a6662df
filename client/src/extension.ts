/**
 * The VS Code side of lb-drift: starts the bundled language server, opens configs VS Code read as
 * Properties or Plain Text in their own language (language-detection.ts), shows the status item, and offers the stable-revision commands (compare,
 * mark, choose) and the traffic view. It imports vscode, vscode-languageclient and the shared
 * protocol only; all analysis and every git command happen in the server.
 */
import * as vscode from 'vscode';
import { LanguageClient, State, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { LANGUAGE_IDS, StatusNotification } from '../../server/src/protocol/messages';
import { LanguageDetection } from './language-detection';
import { chooseStableRevision } from './commands/choose-stable';
import { compareWithStable } from './commands/compare';
import { markStable } from './commands/mark-stable';
import { STABLE_SCHEME, StableContentProvider } from './stable-content';
import { StatusItem } from './status';
import { TrafficView } from './traffic-view';
import { onTrustGranted, trustMiddleware } from './workspace-trust';

let client: LanguageClient | undefined;

export function activate(context: vscode.ExtensionContext): void {
  const output = vscode.window.createOutputChannel('lb-drift', { log: true });
  const status = new StatusItem('lbDrift.compareWithStable', 'lbDrift.showOutput');
  const stableContent = new StableContentProvider(() => client);
  const traffic = new TrafficView(() => client);
  const detection = new LanguageDetection(() => client, (message) => output.info(message));
  const detect = (document: vscode.TextDocument): void => void detection.consider(document);
  context.subscriptions.push(output, status, stableContent, traffic);

  context.subscriptions.push(
    vscode.workspace.registerTextDocumentContentProvider(STABLE_SCHEME, stableContent),
    vscode.commands.registerCommand('lbDrift.showOutput', () => output.show(true)),
    vscode.commands.registerCommand('lbDrift.restartServer', async () => {
      await client?.restart();
    }),
    vscode.commands.registerCommand('lbDrift.compareWithStable', (uri?: vscode.Uri) => compareWithStable(stableContent, uri)),
    vscode.commands.registerCommand('lbDrift.markStable', async () => {
      if (await markStable(client)) refreshStable();
    }),
    vscode.commands.registerCommand('lbDrift.chooseStableRevision', () => chooseStableRevision(client)),
    vscode.commands.registerCommand('lbDrift.showTrafficDistribution', () => traffic.show()),
    vscode.workspace.onDidOpenTextDocument(detect),
    onTrustGranted(() => client, () => refreshStable()),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration('lbDrift.files') || event.affectsConfiguration('lbDrift.detectLanguage')) {
        detection.reset();
        vscode.workspace.textDocuments.forEach(detect);
        void client?.restart();
      }
      if (event.affectsConfiguration('lbDrift.stableRef') || event.affectsConfiguration('lbDrift.stableTagPattern')) refreshStable();
    }),
  );

  /** Open compare views and the traffic view fetch the stable side again. */
  function refreshStable(): void {
    for (const document of vscode.workspace.textDocuments) {
      if (document.uri.scheme === STABLE_SCHEME) stableContent.refresh(document.uri);
    }
    traffic.refresh();
  }

  const serverModule = context.asAbsolutePath('server/out/server.js');
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6029'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: LANGUAGE_IDS.flatMap((language) => [
      { scheme: 'file', language },
      { scheme: 'untitled', language },
    ]),
    synchronize: { configurationSection: 'lbDrift' },
    outputChannel: output,
    // In Restricted Mode the server is told git is off (workspace-trust.ts).
    middleware: trustMiddleware,
  };
  client = new LanguageClient('lbDrift', 'lb-drift', serverOptions, clientOptions);
  context.subscriptions.push(
    client.onDidChangeState(({ newState }) => {
      status.setServerState(newState === State.Running ? 'running' : newState === State.Stopped ? 'stopped' : 'starting');
    }),
    client.onNotification(StatusNotification.method, (params: StatusNotification.Params) => status.update(params)),
  );
  // Activation does not wait for the server process: VS Code counts an activation until its
  // promise settles, and requests made meanwhile wait for the start by themselves. A failed
  // start shows in the status item (stopped) and, with the reason, in the output channel.
  vscode.workspace.textDocuments.forEach(detect);
  client.start().catch((error: unknown) => {
    output.error(`The lb-drift language server did not start: ${error instanceof Error ? error.message : String(error)}`);
    status.setServerState('stopped');
  });
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
