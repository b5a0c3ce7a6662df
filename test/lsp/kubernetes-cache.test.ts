/**
 * The server resolves a Kubernetes document against the manifests its workspace view keeps, not
 * against a new listing of the repository per analysis: an unsaved edit that makes another file a
 * DestinationRule re-analyses the open VirtualService, and a file changed on disk counts once
 * its file event arrives (the view re-reads it then; an analysis reads no folder and no file).
 * Over stdio, with the workspace folder and watched-file registration a client gives.
 */
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import type { PublishedDiagnostics } from '../helpers/lsp-client';
import { tmpTree } from '../helpers/tmp';
import { workspaceSession, type WorkspaceSession } from './workspace-session';

const VIRTUAL_SERVICE = `apiVersion: networking.istio.io/v1beta1
kind: VirtualService
metadata:
  name: reviews
  namespace: prod
spec:
  hosts: [reviews]
  http:
    - route:
        - destination:
            host: reviews
            subset: v1
          weight: 90
        - destination:
            host: reviews
            subset: v3
          weight: 10
`;

const DESTINATION_RULE = `apiVersion: networking.istio.io/v1beta1
kind: DestinationRule
metadata:
  name: reviews
  namespace: prod
spec:
  host: reviews
  subsets:
    - name: v1
      labels: {version: v1}
    - name: v2
      labels: {version: v2}
`;

const CONFIG_MAP = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: notes\ndata:\n  owner: mesh-team\n';

const WITH_V3 = `${DESTINATION_RULE}    - name: v3\n      labels: {version: v3}\n`;

const undefinedSubset = (p: PublishedDiagnostics) => p.diagnostics.some((d) => d.code === 'undefined-pool' && d.message.includes('Subset v3'));

let session: WorkspaceSession | undefined;
afterEach(async () => {
  await session?.client.shutdown();
  session = undefined;
});

async function openVirtualService(): Promise<{ root: string; vs: string; session: WorkspaceSession }> {
  const root = tmpTree({ 'mesh/virtual-service.yaml': VIRTUAL_SERVICE, 'mesh/destination-rule.yaml': DESTINATION_RULE, 'mesh/notes.yaml': CONFIG_MAP });
  session = await workspaceSession(root);
  const vs = pathToFileURL(join(root, 'mesh/virtual-service.yaml')).href;
  await session.client.open(vs, VIRTUAL_SERVICE, 'yaml');
  expect(undefinedSubset(await session.client.diagnostics(vs, 1))).toBe(true);
  return { root, vs, session };
}

describe('Kubernetes manifests from the workspace view', () => {
  it('re-analyses an open VirtualService when another open file becomes its DestinationRule', async () => {
    const { root, vs, session } = await openVirtualService();
    // notes.yaml is no related manifest yet (a ConfigMap): the VirtualService resolved nothing against it.
    const notes = pathToFileURL(join(root, 'mesh/notes.yaml')).href;
    await session.client.open(notes, CONFIG_MAP, 'yaml');
    const defined = session.client.diagnosticsMatching(vs, (p) => !undefinedSubset(p));
    await session.client.change(notes, 2, [{ text: WITH_V3.replace('name: reviews\n  namespace', 'name: reviews-v3\n  namespace') }]);
    await defined;
    // Undoing the edit brings the finding back: the open buffer, not the disk, is what counts.
    const undefinedAgain = session.client.diagnosticsMatching(vs, undefinedSubset);
    await session.client.change(notes, 3, [{ text: CONFIG_MAP }]);
    await undefinedAgain;
  });

  it('sees a manifest changed on disk when its file event arrives, and lists no folder meanwhile', async () => {
    const { root, vs, session } = await openVirtualService();
    // Written without telling the server: an analysis that listed and read the repository would see it.
    writeFileSync(join(root, 'mesh/destination-rule.yaml'), WITH_V3);
    await session.client.change(vs, 2, [{ text: `${VIRTUAL_SERVICE}# touched\n` }]);
    expect(undefinedSubset(await session.client.diagnostics(vs, 2))).toBe(true);
    const defined = session.client.diagnosticsMatching(vs, (p) => !undefinedSubset(p));
    await session.client.connection.sendNotification('workspace/didChangeWatchedFiles', {
      changes: [{ uri: pathToFileURL(join(root, 'mesh/destination-rule.yaml')).href, type: 2 }],
    });
    await defined;
    // A DestinationRule created in another file counts from its event on, too.
    rmSync(join(root, 'mesh/destination-rule.yaml'));
    writeFileSync(join(root, 'mesh/rules.yaml'), DESTINATION_RULE);
    const undefinedAgain = session.client.diagnosticsMatching(vs, undefinedSubset);
    await session.client.connection.sendNotification('workspace/didChangeWatchedFiles', {
      changes: [
        { uri: pathToFileURL(join(root, 'mesh/destination-rule.yaml')).href, type: 3 },
        { uri: pathToFileURL(join(root, 'mesh/rules.yaml')).href, type: 1 },
      ],
    });
    await undefinedAgain;
  });

  it('watches manifests', async () => {
    const { session } = await openVirtualService();
    expect(session.watched).toContain('**/*.{yaml,yml,json}');
  });
});
