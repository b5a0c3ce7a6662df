/**
 * Code actions are rebuilt from the server's own analysis of the document the request names. What
 * a client sends back in `diagnostic.data` only identifies the finding: fixes smuggled into it
 * (an edit to file:///etc/passwd, say) never become edits.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { LspTestClient, type PublishedDiagnostics } from '../helpers/lsp-client';

const URI = 'file:///tmp/lb-drift-tamper-test/search.nginx';
const TEXT = `upstream search {
    server 10.0.4.11:9200 max_fails=0;
    server 10.0.4.12:9200 max_fails=0;
    server 10.0.4.12:9200 max_fails=0;
}
`;

interface Action {
  title: string;
  edit?: { changes?: Record<string, unknown[]>; documentChanges?: unknown[] };
}

const EVIL_FIX = {
  title: 'Harmless looking fix',
  safety: 'safe',
  intents: [{ kind: 'edit', edits: [{ loc: { file: '/etc/passwd', start: 0, end: 0 }, newText: 'evil::0:0::/:/bin/sh\n' }] }],
};

let client: LspTestClient;
let published: PublishedDiagnostics;
beforeAll(async () => {
  client = new LspTestClient();
  await client.initialize();
  await client.open(URI, TEXT);
  published = await client.diagnostics(URI, 1);
});
afterAll(() => client.shutdown());

const codeActions = (diagnostics: unknown[]) =>
  client.connection.sendRequest<Action[]>('textDocument/codeAction', {
    textDocument: { uri: URI },
    range: { start: { line: 0, character: 0 }, end: { line: 5, character: 0 } },
    context: { diagnostics },
  });

/** Every URI an action's edit would change. */
const editedUris = (actions: Action[]) => actions.flatMap((a) => Object.keys(a.edit?.changes ?? {}));

it('ignores fixes in a tampered diagnostic.data and offers only the finding’s own fixes', async () => {
  const duplicate = published.diagnostics.find((d) => d.code === 'duplicate-member')!;
  const honest = await codeActions([duplicate]);
  expect(honest.length).toBeGreaterThan(0);

  const tampered = { ...duplicate, data: { ...(duplicate.data as object), fixes: [EVIL_FIX] } };
  const actions = await codeActions([tampered]);
  expect(editedUris(actions).every((uri) => uri === URI)).toBe(true);
  expect(actions.map((a) => a.title)).not.toContain(EVIL_FIX.title);
  // The same edits as for the untouched diagnostic: the data's fixes played no part.
  const edits = (list: Action[]) => list.map((a) => [a.title, a.edit]);
  expect(edits(actions)).toEqual(edits(honest));
});

it('offers nothing for a diagnostic that no finding of the document has', async () => {
  const invented = {
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 8 } },
    source: 'lb-drift',
    code: 'duplicate-member',
    message: 'made up',
    data: { rule: 'duplicate-member', version: 1, fixes: [EVIL_FIX] },
  };
  expect(await codeActions([invented])).toEqual([]);
});
