/**
 * Issue 13 audit: the editor's content sniffer (the detectLanguage request the client sends for a
 * Properties or Plain Text document) reads an extension-less file with HAProxy sections and
 * server lines as HAProxy, as the CLI does, and an extension-less file of other text as nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LspTestClient } from '../helpers/lsp-client';

const HAPROXY = 'frontend www\n    bind :80\n    default_backend app\n\nbackend app\n    server web1 10.0.0.1:8080 check\n    server web2 10.0.0.2:8080 check\n';

let client: LspTestClient;
beforeAll(async () => {
  client = new LspTestClient();
  await client.initialize({ workspace: { configuration: true } });
});
afterAll(async () => {
  await client.shutdown();
});

describe('detectLanguage on extension-less files', () => {
  const detect = (uri: string, text: string) => client.connection.sendRequest<{ languageId?: string }>('lbDrift/detectLanguage', { uri, text });

  it('reads HAProxy text as haproxy, whatever the name', async () => {
    expect(await detect('file:///repo/ops/edge', HAPROXY)).toEqual({ languageId: 'haproxy' });
    expect(await detect('file:///repo/lbconfig', HAPROXY)).toEqual({ languageId: 'haproxy' });
  });

  it('leaves other extension-less text alone', async () => {
    expect(await detect('file:///repo/ops/README', 'backend notes\nthe server is down\n')).toEqual({});
    expect(await detect('file:///repo/ops/edge', 'global\n    daemon\n')).toEqual({});
  });
});
