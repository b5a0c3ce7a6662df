/**
 * "Compare with Stable": VS Code's diff editor with the stable revision on the left (read-only,
 * from the server) and the live buffer, unsaved edits included, on the right.
 */
import * as vscode from 'vscode';
import { STABLE_SCHEME, stableUri, type StableContentProvider } from '../stable-content';

export async function compareWithStable(provider: StableContentProvider, target?: vscode.Uri): Promise<void> {
  const document = target ?? vscode.window.activeTextEditor?.document.uri;
  if (!document || document.scheme === STABLE_SCHEME) {
    void vscode.window.showInformationMessage('Open a load-balancer config to compare it with its stable revision.');
    return;
  }
  const result = await provider.fetch(document);
  if (!result.ok && result.state !== 'new-file') {
    void vscode.window.showWarningMessage(`lb-drift cannot compare with the stable revision: ${result.message}`);
    return;
  }
  const name = document.path.slice(document.path.lastIndexOf('/') + 1);
  const left = stableUri(document);
  provider.refresh(left);
  const title = result.ok
    ? `${name} (${result.ref}${result.renamedFrom ? `, was ${result.renamedFrom}` : ''}) ↔ ${name} (working)`
    : `${name} (new since stable) ↔ ${name} (working)`;
  if (!result.ok) void vscode.window.showInformationMessage(result.message);
  await vscode.commands.executeCommand('vscode.diff', left, document, title, { preview: true });
  if (result.ok && result.reason) void offerToMarkStable(result.reason);
}

/**
 * Without a stable tag, `auto` compares with the upstream branch or HEAD, which in a fresh clone
 * is the same text: an empty diff with no word would read as "nothing changed since stable".
 * Say which revision was used and why, and offer to mark the current commit.
 */
async function offerToMarkStable(reason: string): Promise<void> {
  const mark = 'Mark Current Commit as Stable';
  const choose = 'Choose Stable Revision';
  const answer = await vscode.window.showInformationMessage(`lb-drift: ${reason}.`, mark, choose);
  if (answer === mark) await vscode.commands.executeCommand('lbDrift.markStable');
  else if (answer === choose) await vscode.commands.executeCommand('lbDrift.chooseStableRevision');
}
