/**
 * Issue 14, point 3: the drift count of a main config covers what the traffic view shows, the
 * configuration with its includes. A weight changed since stable in an included fragment makes
 * nginx.conf's status say so (`stable.drifts` and `drifted`), where the count used to cover only
 * the text of nginx.conf itself (0 drifts beside a chart at +50 points).
 */
import { writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { gitRepo } from '../helpers/git-repo';
import { StatusNotification } from '../../server/src/protocol/messages';
import { workspaceSession, type WorkspaceSession } from './workspace-session';

const MAIN = 'events {}\nhttp {\n    include conf.d/*.conf;\n    server {\n        listen 80;\n        location / {\n            proxy_pass http://app;\n        }\n    }\n}\n';
const pool = (weight: number) => `upstream app {\n    server 10.0.0.1:8080 weight=${weight} max_fails=3 fail_timeout=10s;\n    server 10.0.0.2:8080 max_fails=3 fail_timeout=10s;\n}\n`;

let session: WorkspaceSession | undefined;
afterAll(() => session?.client.shutdown());

describe('drift counts across includes', () => {
  it('counts drift in included fragments on the main config, and says there is drift', async () => {
    const repo = gitRepo({ 'nginx.conf': MAIN, 'conf.d/app.conf': pool(1) });
    repo.tag('lb-stable/2026-11-20T101500Z', { message: 'stable' });
    writeFileSync(repo.path('conf.d/app.conf'), pool(3));
    session = await workspaceSession(repo.dir, { git: { enabled: true } });
    const { client } = session;
    const uri = pathToFileURL(repo.path('nginx.conf')).href;
    const status = client.notification<StatusNotification.Params>(StatusNotification.method, (s) => s.uri === uri && s.stable?.state === 'resolved');
    await client.open(uri, MAIN);
    const params = await status;
    expect(params.stable?.drifts).toBeGreaterThan(0);
    expect(params.drifted).toBe(true);
    // Nothing of the drift is located in nginx.conf itself.
    const published = await client.diagnostics(uri, 1);
    expect(published.diagnostics.filter((d) => String(d.code).startsWith('drift-'))).toEqual([]);
  });
});
