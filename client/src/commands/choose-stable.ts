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

const GROUPS = [
  ['stable-tag', 'stable tags'],
  ['tag', 'other tags'],
  ['branch', 'branches'],
  ['commit', 'recent commits'],
] as const;

/**
 * Names read first: a tag or branch by its name, a commit by its short hash and subject (a
 * 40-character hash says nothing); the date and the commit's subject follow.
 */
function revisionItem(r: ListRevisionsRequest.Revision): Item {
  const when = shortDate(r.date);
  if (r.kind === 'commit') return { label: `$(git-commit) ${r.sha.slice(0, 7)} ${r.subject}`, description: when, ref: r.ref };
  return {
    label: `${r.kind === 'branch' ? '$(git-branch)' : '$(tag)'} ${r.ref}`,
    description: `${r.sha.slice(0, 7)} · ${when}`,
    detail: r.subject,
    ref: r.ref,
  };
}

/** `2026-11-20T10:15:00+01:00` -> `2026-11-20 10:15` (the time as the commit recorded it). */
function shortDate(iso: string): string {
  const match = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})/.exec(iso);
  return match ? `${match[1]} ${match[2]}` : iso;
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
  const items: Item[] = [{ label: '$(sync) auto', description: 'newest stable tag, else the upstream branch, else HEAD', ref: 'auto' }];
  for (const [kind, title] of GROUPS) {
    const group = result.revisions.filter((r) => r.kind === kind);
    if (group.length === 0) continue;
    items.push({ label: title, kind: vscode.QuickPickItemKind.Separator });
    for (const r of group) items.push(revisionItem(r));
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
