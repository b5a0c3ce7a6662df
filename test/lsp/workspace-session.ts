/**
 * A language-server session over stdio opened on a workspace folder, for the workspace-view
 * tests: initialises with the folder (and dynamic registration of file watchers) and waits until
 * the server has scanned it.
 */
import { pathToFileURL } from 'node:url';
import { LspTestClient, VSCODE_TEXT_DOCUMENT } from '../helpers/lsp-client';
import { WorkspaceIndexedNotification } from '../../server/src/protocol/messages';

export const SEVERITIES = ['', 'error', 'warning', 'info', 'hint'];

export interface WorkspaceSession {
  readonly client: LspTestClient;
  readonly indexed: WorkspaceIndexedNotification.Params;
  /** The glob patterns of the file watchers the server registered. */
  readonly watched: string[];
}

export async function workspaceSession(folder: string, settings: unknown = { git: { enabled: false } }): Promise<WorkspaceSession> {
  const client = new LspTestClient({ settings });
  const watched: string[] = [];
  client.connection.onRequest('client/registerCapability', (params: { registrations: { method: string; registerOptions?: { watchers?: { globPattern: string }[] } }[] }) => {
    for (const r of params.registrations) for (const w of r.registerOptions?.watchers ?? []) watched.push(w.globPattern);
    return null;
  });
  const indexed = client.notification<WorkspaceIndexedNotification.Params>(WorkspaceIndexedNotification.method);
  const uri = pathToFileURL(folder).href;
  await client.connection.sendRequest('initialize', {
    processId: process.pid,
    rootUri: uri,
    workspaceFolders: [{ uri, name: 'workspace' }],
    capabilities: { workspace: { configuration: true, didChangeWatchedFiles: { dynamicRegistration: true } }, textDocument: VSCODE_TEXT_DOCUMENT },
  });
  await client.connection.sendNotification('initialized', {});
  return { client, indexed: await indexed, watched };
}
