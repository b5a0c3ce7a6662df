/**
 * Issue 14, point 1: the server's workspace view. A fragment that a main config includes is
 * analysed in that configuration (its typo'd proxy_pass is an error, its unused upstream shows),
 * a fragment nothing includes is analysed alone, and file events the client reports keep the
 * view up to date. The real server over stdio, a workspace on disk.
 */
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PublishedDiagnostics } from '../helpers/lsp-client';
import { tmpTree } from '../helpers/tmp';
import { StatusNotification } from '../../server/src/protocol/messages';
import { MULTI_FILE_WORKSPACE } from '../workspace/multi-file';
import { SEVERITIES, workspaceSession, type WorkspaceSession } from './workspace-session';

const dir = tmpTree(MULTI_FILE_WORKSPACE);
const uriOf = (path: string) => pathToFileURL(join(dir, path)).href;
const rows = (p: PublishedDiagnostics) => p.diagnostics.map((d) => `${d.code} ${SEVERITIES[d.severity ?? 0]} ${d.range.start.line + 1}`).sort();

let session: WorkspaceSession;
beforeAll(async () => {
  session = await workspaceSession(dir);
});
afterAll(() => session.client.shutdown());

describe('workspace view in the language server', () => {
  it('scans the workspace and registers watchers for config files', () => {
    expect(session.indexed.mainConfigs).toBe(1);
    expect(session.indexed.files).toBe(4);
    expect(session.watched).toContain('**/*.conf');
  });

  it('a typo in a fragment is an error of the configuration that includes it', async () => {
    const { client } = session;
    const uri = uriOf('conf.d/cdn.conf');
    const status = client.notification<StatusNotification.Params>(StatusNotification.method, (s) => s.uri === uri);
    await client.open(uri, MULTI_FILE_WORKSPACE['conf.d/cdn.conf']!);
    const published = await client.diagnostics(uri, 1);
    expect(rows(published)).toContain('undefined-pool error 9');
    expect(rows(published)).toContain('unused-pool info 1');
    const error = published.diagnostics.find((d) => d.code === 'undefined-pool' && d.severity === 1) as { relatedInformation?: { location: { uri: string }; message: string }[] };
    expect(error.relatedInformation?.map((r) => r.location.uri)).toContain(uriOf('nginx.conf'));
    const params = await status;
    expect(params.errors).toBe(1);
    expect(params.configurations).toEqual([join(dir, 'nginx.conf')]);
  });

  it('an unused upstream in a fragment is reported there', async () => {
    const { client } = session;
    const uri = uriOf('conf.d/pools.conf');
    await client.open(uri, MULTI_FILE_WORKSPACE['conf.d/pools.conf']!);
    const published = await client.diagnostics(uri, 1);
    expect(rows(published)).toEqual(['unused-pool info 1']);
    // Code actions are rebuilt from the same merged findings: the configuration's finding has them too.
    const unused = published.diagnostics[0]!;
    const actions = await client.connection.sendRequest<{ title: string }[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: unused.range,
      context: { diagnostics: [unused] },
    });
    expect(actions.map((a) => a.title)).toContain('Disable unused-pool for this line');
  });

  it('a fragment nothing includes is analysed alone', async () => {
    const { client } = session;
    const uri = uriOf('orphan/lonely.conf');
    const status = client.notification<StatusNotification.Params>(StatusNotification.method, (s) => s.uri === uri);
    await client.open(uri, MULTI_FILE_WORKSPACE['orphan/lonely.conf']!);
    expect(rows(await client.diagnostics(uri, 1))).toEqual([]);
    expect((await status).configurations).toBeUndefined();
  });

  it('created, changed and deleted files update the view', async () => {
    const { client } = session;
    const pools = uriOf('conf.d/pools.conf');
    const users = join(dir, 'conf.d/reports.conf');
    const event = (type: 1 | 2 | 3) => client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(users).href, type }] });
    const unused = (p: PublishedDiagnostics) => p.diagnostics.some((d) => d.code === 'unused-pool');

    // Created: a new fragment uses the upstream, so it is no longer unused.
    writeFileSync(users, 'server {\n    listen 82;\n    location / {\n        proxy_pass http://reporting;\n    }\n}\n');
    const used = client.diagnosticsMatching(pools, (p) => !unused(p));
    await event(1);
    await used;

    // Changed: it points elsewhere now, and the upstream is unused again.
    writeFileSync(users, 'server {\n    listen 82;\n    location / {\n        return 204;\n    }\n}\n');
    const unusedAgain = client.diagnosticsMatching(pools, unused);
    await event(2);
    await unusedAgain;

    // Created again, then deleted: the finding comes back with the deletion.
    writeFileSync(users, 'server {\n    listen 82;\n    location / {\n        proxy_pass http://reporting;\n    }\n}\n');
    const usedAgain = client.diagnosticsMatching(pools, (p) => !unused(p));
    await event(2);
    await usedAgain;
    rmSync(users);
    const afterDelete = client.diagnosticsMatching(pools, unused);
    await event(3);
    await afterDelete;
  });

  it('a main config that stops including a fragment leaves it alone', async () => {
    const { client } = session;
    const cdn = uriOf('conf.d/cdn.conf');
    writeFileSync(join(dir, 'nginx.conf'), 'events {}\nhttp {\n}\n');
    const alone = client.diagnosticsMatching(cdn, (p) => !p.diagnostics.some((d) => d.severity === 1));
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf('nginx.conf'), type: 2 }] });
    expect(rows(await alone)).toEqual(['undefined-pool warning 9']);
    writeFileSync(join(dir, 'nginx.conf'), MULTI_FILE_WORKSPACE['nginx.conf']!);
    const back = client.diagnosticsMatching(cdn, (p) => p.diagnostics.some((d) => d.severity === 1));
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf('nginx.conf'), type: 2 }] });
    await back;
  });

  it('an open main config wins over the disk for the fragments it includes', async () => {
    const { client } = session;
    const cdn = uriOf('conf.d/cdn.conf');
    await client.open(uriOf('nginx.conf'), 'events {}\nhttp {\n}\n');
    const alone = await client.diagnosticsMatching(cdn, (p) => !p.diagnostics.some((d) => d.severity === 1));
    expect(rows(alone)).toEqual(['undefined-pool warning 9']);
  });
});
