/**
 * The left side of "Compare with Stable": a read-only virtual document whose text the server
 * provides (the client never runs git). URIs look like
 * `lb-drift-stable:/etc/nginx/nginx.conf?<encoded file URI>`, so the editor picks the language
 * from the path and the query says which document to ask about.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { StableTextRequest } from '../../server/src/protocol/messages';

export const STABLE_SCHEME = 'lb-drift-stable';

export function stableUri(document: vscode.Uri): vscode.Uri {
  return vscode.Uri.from({ scheme: STABLE_SCHEME, path: document.path, query: document.toString() });
}

export class StableContentProvider implements vscode.TextDocumentContentProvider {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  constructor(private readonly client: () => LanguageClient | undefined) {}

  async fetch(document: vscode.Uri): Promise<StableTextRequest.Result> {
    const client = this.client();
    if (!client) return { ok: false, state: 'error', message: 'the lb-drift language server is not running' };
    return client.sendRequest<StableTextRequest.Result>(StableTextRequest.method, { uri: document.toString() });
  }

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const result = await this.fetch(vscode.Uri.parse(uri.query));
    // A file that did not exist at the stable revision compares against nothing.
    return result.ok ? result.text : '';
  }

  /** Asks the editor to fetch the stable text again (after "Mark as Stable" or a new setting). */
  refresh(uri: vscode.Uri): void {
    this.changed.fire(uri);
  }

  dispose(): void {
    this.changed.dispose();
  }
}
