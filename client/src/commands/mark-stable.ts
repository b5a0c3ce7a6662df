/**
 * "Mark Current Commit as Stable": after a confirmation, the server tags HEAD with an annotated
 * `lb-stable/<UTC timestamp>` tag, which `auto` then compares against.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { MarkStableRequest } from '../../../server/src/protocol/messages';

export async function markStable(client: LanguageClient | undefined): Promise<boolean> {
  const document = vscode.window.activeTextEditor?.document.uri;
  if (!client || !document) {
    void vscode.window.showInformationMessage('Open a file of the repository whose current commit is stable.');
    return false;
  }
  const confirm = 'Mark as Stable';
  const answer = await vscode.window.showWarningMessage(
    'Tag the current commit (HEAD) as the last known stable revision? Drift is then reported against it. Uncommitted changes are not part of it.',
    { modal: true },
    confirm,
  );
  if (answer !== confirm) return false;
  const result = await client.sendRequest<MarkStableRequest.Result>(MarkStableRequest.method, { uri: document.toString() });
  if (result.ok) void vscode.window.showInformationMessage(`Tagged ${result.sha.slice(0, 10)} as ${result.tag}. Push the tag to share it: git push origin ${result.tag}`);
  else void vscode.window.showErrorMessage(`lb-drift could not mark the commit as stable: ${result.message}`);
  return result.ok;
}
