/**
 * "Choose Stable Revision": a quick pick of stable tags, other tags and recent commits; the choice
 * goes into the `lbDrift.stableRef` setting of the workspace folder.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { ListRevisionsRequest } from '../../../server/src/protocol/messages';

interface Item extends vscode.QuickPickItem {
  readonly ref?: string;
}

export async function chooseStableRevision(client: LanguageClient | undefined): Promise<void> {
  const document = vscode.window.activeTextEditor?.document;
  if (!client || !document) {
    void vscode.window.showInformationMessage('Open a file of the repository to choose its stable revision.');
    return;
  }
  const result = await client.sendRequest<ListRevisionsRequest.Result>(ListRevisionsRequest.method, { uri: document.uri.toString() });
  if (!result.ok) {
    void vscode.window.showWarningMessage(`lb-drift cannot list revisions: ${result.message}`);
    return;
  }
  const current = vscode.workspace.getConfiguration('lbDrift', document.uri).get<string>('stableRef', 'auto');
  const items: Item[] = [{ label: '$(sync) auto', description: 'newest stable tag, else upstream, else HEAD', ref: 'auto' }];
  for (const kind of ['stable-tag', 'tag', 'commit'] as const) {
    const group = result.revisions.filter((r) => r.kind === kind);
    if (group.length === 0) continue;
    items.push({ label: kind === 'stable-tag' ? 'stable tags' : kind === 'tag' ? 'other tags' : 'recent commits', kind: vscode.QuickPickItemKind.Separator });
    for (const r of group) {
      items.push({
        label: `${kind === 'commit' ? '$(git-commit)' : '$(tag)'} ${r.ref}`,
        description: `${r.sha.slice(0, 10)} · ${r.date}`,
        detail: r.subject,
        ref: r.ref,
      });
    }
  }
  const picked = await vscode.window.showQuickPick(items, {
    title: 'Choose the stable revision lb-drift compares with',
    placeHolder: `now: ${current}`,
    matchOnDescription: true,
    matchOnDetail: true,
  });
  if (!picked?.ref) return;
  const folder = vscode.workspace.getWorkspaceFolder(document.uri);
  const target = folder ? vscode.ConfigurationTarget.WorkspaceFolder : vscode.ConfigurationTarget.Global;
  await vscode.workspace.getConfiguration('lbDrift', document.uri).update('stableRef', picked.ref, target);
}
