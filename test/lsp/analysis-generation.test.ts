/**
 * An analysis that waited for git while the stable revision changed ("Mark as Stable", a new
 * stableRef) was made from the old stable side: the refresh scheduled for the change must analyse
 * again, not take that analysis for current. Before, the analysis was labelled with the
 * generation current when it finished, so the scheduled refresh found it "valid" and the status
 * kept naming the old revision (the hostile-git test then waited for the new tag forever).
 */
import type { TextDocuments } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { describe, expect, it } from 'vitest';
import { DocumentAnalyses } from '../../server/src/lsp/document-analysis';
import type { SettingsCache } from '../../server/src/lsp/settings-cache';
import type { StableProvider, StableSide } from '../../server/src/lsp/stable-provider';
import { DEFAULT_SETTINGS } from '../../server/src/protocol/settings';

const URI = 'file:///tmp/lb-drift-generation/site.nginx';
const TEXT = 'upstream app {\n    server 127.0.0.1:8081;\n    server 127.0.0.1:8082;\n}\n';

const side = (ref: string): StableSide => ({ summary: { state: 'resolved', ref, drifts: 0 } });

describe('an analysis that waited for git while the stable revision changed', () => {
  it('is analysed again by the refresh the change scheduled', async () => {
    const document = TextDocument.create(URI, 'nginx', 1, TEXT);
    const documents = { get: (uri: string) => (uri === URI ? document : undefined), all: () => [document] } as unknown as TextDocuments<TextDocument>;
    const settings = { get: async () => DEFAULT_SETTINGS, project: () => undefined } as unknown as SettingsCache;
    // The first request for the stable side waits until the test lets git answer, with the old tag.
    let answerOld!: (side: StableSide) => void;
    const old = new Promise<StableSide>((resolve) => (answerOld = resolve));
    let calls = 0;
    const stables = { side: () => (calls++ === 0 ? old : Promise.resolve(side('lb-stable/new'))) } as unknown as StableProvider;
    const analyses = new DocumentAnalyses(documents, settings, stables, () => undefined);

    const first = analyses.refresh(URI);
    await new Promise((resolve) => setImmediate(resolve));
    // "Mark as Stable" while the first analysis waits for git: the stable side changed.
    analyses.forgetAll();
    answerOld(side('lb-stable/old'));
    expect((await first)?.stable?.summary.ref).toBe('lb-stable/old');

    const again = await analyses.refresh(URI);
    expect(again?.stable?.summary.ref).toBe('lb-stable/new');
  });
});
