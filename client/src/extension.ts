/**
 * The VS Code side of lb-drift: starts the bundled language server, opens configs VS Code read as
 * Properties or Plain Text in their own language (language-detection.ts), shows the status item,
 * and offers the stable-revision commands (compare, mark, choose) and the traffic view. It imports
 * vscode, vscode-languageclient and the shared protocol only; all analysis and every git command
 * happen in the server.
 *
 * activate() only registers: the language client is a second bundle that server-start.ts loads
 * after activation returned, and only once a document lb-drift may serve is open, so opening a
 * workflow YAML or a package.json (lb-drift activates on YAML and JSON for Kubernetes manifests)
 * loads this small bundle and nothing more.
 */
import * as vscode from 'vscode';
import { LanguageDetection } from './language-detection';
import { chooseStableRevision } from './commands/choose-stable';
import { compareWithStable } from './commands/compare';
import { markStable } from './commands/mark-stable';
import { ServerStarter } from './server-start';
import { STABLE_SCHEME, StableContentProvider } from './stable-content';
import { StatusItem } from './status';
import { TrafficView } from './traffic-view';
import { onTrustGranted } from './workspace-trust';

let server: ServerStarter | undefined;
let deferred: ReturnType<typeof setTimeout> | undefined;

export function activate(context: vscode.ExtensionContext): void {
  const output = vscode.window.createOutputChannel('lb-drift', { log: true });
  const status = new StatusItem('lbDrift.compareWithStable', 'lbDrift.showOutput');
  const starter = new ServerStarter(() => require(context.asAbsolutePath('client/out/language-client.js')) as typeof import('./language-client'), {
    serverModule: context.asAbsolutePath('server/out/server.js'),
    output,
    onState: (state) => status.setServerState(state),
    onStatus: (params) => status.update(params),
  });
  server = starter;
  const client = () => starter.current;
  const stableContent = new StableContentProvider(client);
  const traffic = new TrafficView(client);
  // Asking the server whether a Plain Text file is a config starts it.
  const detection = new LanguageDetection(() => starter.start(), (message) => output.info(message));
  const detect = (document: vscode.TextDocument): void => void detection.consider(document);
  context.subscriptions.push(output, status, stableContent, traffic, starter);

  context.subscriptions.push(
    vscode.workspace.registerTextDocumentContentProvider(STABLE_SCHEME, stableContent),
    vscode.commands.registerCommand('lbDrift.showOutput', () => output.show(true)),
    vscode.commands.registerCommand('lbDrift.restartServer', async () => {
      if (starter.current) await starter.restart();
      else starter.start();
    }),
    vscode.commands.registerCommand('lbDrift.compareWithStable', (uri?: vscode.Uri) => compareWithStable(stableContent, uri)),
    vscode.commands.registerCommand('lbDrift.markStable', async () => {
      if (await markStable(starter.start())) refreshStable();
    }),
    vscode.commands.registerCommand('lbDrift.chooseStableRevision', () => chooseStableRevision(starter.start())),
    vscode.commands.registerCommand('lbDrift.showTrafficDistribution', () => traffic.show()),
    vscode.workspace.onDidOpenTextDocument(detect),
    onTrustGranted(client, () => refreshStable()),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration('lbDrift.files') || event.affectsConfiguration('lbDrift.detectLanguage')) {
        detection.reset();
        vscode.workspace.textDocuments.forEach(detect);
        // A new lbDrift.files.kubernetes glob may name an open file: start the server for it.
        if (starter.current) void starter.restart();
        else starter.startIfServed();
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

  // VS Code counts an activation until activate() returns (and its promise settles): loading the
  // language client, starting the server and asking it about open documents come after, in a
  // task of their own. Requests made meanwhile wait for the start by themselves.
  deferred = setTimeout(() => {
    deferred = undefined;
    starter.watch();
    vscode.workspace.textDocuments.forEach(detect);
  }, 0);
}

export async function deactivate(): Promise<void> {
  if (deferred) clearTimeout(deferred);
  await server?.stop();
  server = undefined;
}
