/**
 * Drift of a Kubernetes canary split across files in the language server. The stable side reads
 * the related manifests from the stable revision (host/git/revision-manifests.ts): before, it read
 * them from the working tree, so the main Ingress's file showed a canary weight raised in the
 * canary's file as no drift at all. The canary file offers the revert to the stable weight; the
 * main file, whose own text did not change, offers no revert that would edit nothing.
 */
import { writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WORKSPACE } from '../fixtures/kubernetes-workspace/files';
import { gitRepo } from '../helpers/git-repo';
import { LspTestClient } from '../helpers/lsp-client';
import { applyEdits, type Diagnostic, type Edit } from '../helpers/lsp-edits';

const MAIN = 'ingress/web.yaml';
const CANARY = 'canary/web-canary.yaml';
const TAG = 'lb-stable/2026-11-20T101500Z';
const STABLE_CANARY = WORKSPACE[CANARY]!.replace('canary-weight: "20"', 'canary-weight: "10"');
const CURRENT_CANARY = WORKSPACE[CANARY]!.replace('canary-weight: "20"', 'canary-weight: "50"');

let client: LspTestClient;
let uris: Record<string, string>;
const drift = new Map<string, Diagnostic[]>();
beforeAll(async () => {
  const repo = gitRepo({ [MAIN]: WORKSPACE[MAIN]!, [CANARY]: STABLE_CANARY });
  repo.tag(TAG, { message: 'stable' });
  writeFileSync(repo.path(CANARY), CURRENT_CANARY);
  uris = { [MAIN]: pathToFileURL(repo.path(MAIN)).href, [CANARY]: pathToFileURL(repo.path(CANARY)).href };
  client = new LspTestClient();
  await client.initialize();
  for (const [file, text] of [[MAIN, WORKSPACE[MAIN]!], [CANARY, CURRENT_CANARY]] as const) {
    const uri = uris[file]!;
    await client.open(uri, text, 'yaml');
    // The first analysis waits for git, so its diagnostics already hold the drift.
    const published = await client.diagnosticsMatching(uri, (p) => p.diagnostics.some((d) => String(d.code).startsWith('drift-')));
    drift.set(file, (published.diagnostics as Diagnostic[]).filter((d) => String(d.code).startsWith('drift-')));
  }
});
afterAll(async () => {
  await client.shutdown();
});

const actionsFor = (file: string, diagnostic: Diagnostic) =>
  client.connection.sendRequest<{ title: string; edit: { changes: Record<string, Edit[]> } }[]>('textDocument/codeAction', {
    textDocument: { uri: uris[file] },
    range: diagnostic.range,
    context: { diagnostics: [diagnostic] },
  });

describe('a canary weight raised 10 -> 50 in its own file since stable', () => {
  it('drifts in the main Ingress file, with the share delta of each destination', () => {
    const shifts = drift.get(MAIN)!.filter((d) => d.code === 'drift-share-shift').map((d) => d.message);
    expect(shifts).toEqual([`web:80: share 90% -> 50% since ${TAG} (weight 90 -> 50).`, `web-v2:80: share 10% -> 50% since ${TAG} (weight 10 -> 50).`]);
  });

  it('drifts in the canary file, where "Revert to stable value" puts weight 10 back', async () => {
    const shift = drift.get(CANARY)!.find((d) => d.code === 'drift-share-shift' && d.message.startsWith('web-v2:80'));
    expect(shift?.message).toBe(`web-v2:80: share 10% -> 50% since ${TAG} (weight 10 -> 50).`);
    const actions = await actionsFor(CANARY, shift!);
    const revert = actions.find((a) => a.title === 'Revert to stable value');
    expect(applyEdits(CURRENT_CANARY, revert!.edit.changes[uris[CANARY]!]!)).toBe(STABLE_CANARY);
  });

  it('offers no revert in the main file, whose own text is as it was', async () => {
    const shift = drift.get(MAIN)!.find((d) => d.code === 'drift-share-shift')!;
    const titles = (await actionsFor(MAIN, shift)).map((a) => a.title);
    expect(titles).not.toContain('Revert pool to stable');
  });
});
