/**
 * The language server tells the engine which part of a document an edit changed (the content
 * changes of didChange, joined over several changes in one notification and over the versions an
 * analysis skipped) instead of having it compare the two texts. The joined change must cover every
 * edit: a change that misses one makes the engine keep a pool's old findings. Both are checked
 * here: the recorded change rebuilds the newer text from the older one, and analyses that build on
 * each other with the recorded changes report what a fresh analysis of the final text reports.
 */
import fc from 'fast-check';
import type { TextDocuments } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TextChange } from '../../server/src/core/dialect';
import { DocumentAnalyses, type DocumentAnalysis } from '../../server/src/lsp/document-analysis';
import { DocumentChanges } from '../../server/src/lsp/document-changes';
import type { SettingsCache } from '../../server/src/lsp/settings-cache';
import type { StableProvider } from '../../server/src/lsp/stable-provider';
import { DEFAULT_SETTINGS } from '../../server/src/protocol/settings';
import { LspTestClient, type PublishedDiagnostics } from '../helpers/lsp-client';

const URI = 'file:///tmp/lb-drift-change/site.nginx';

const SEED = `upstream app {
    server 127.0.0.1:8081 weight=5;
    server 127.0.0.1:8082;
    server 127.0.0.1:8083 max_fails=0;
}

upstream cache {
    hash $request_uri consistent;
    server 10.0.0.1:80;
    server 10.0.0.2:80 weight=3;
}

upstream auth {
    ip_hash;
    server 10.1.0.1:9000;
    server 10.1.0.2:9000;
    server 10.1.0.2:9000;
}

server {
    listen 80;
    location / { proxy_pass http://app; }
    location /img/ { proxy_pass http://cache; }
    location /login { proxy_pass http://auht; }
}
`;

const INSERTS = ['weight=2', ' weight=9', ';', '{', '}', ' backup', ' down', 'server 10.9.9.9:80;\n', '\n', '#', 'least_conn;', 'random two;', 'x', ''];

/** One content change: where in the text it lands (a fraction), how much it replaces, what it inserts. */
const changeArb = fc.record({
  at: fc.integer({ min: 0, max: 1000 }).map((n) => n / 1000),
  length: fc.integer({ min: 0, max: 12 }),
  insert: fc.constantFrom(...INSERTS),
  backwards: fc.boolean(),
});
/** A didChange: one to four content changes, applied in order. */
const notificationArb = fc.array(changeArb, { minLength: 1, maxLength: 4 });

function positionAt(text: string, offset: number): { line: number; character: number } {
  const before = text.slice(0, offset);
  return { line: before.split('\n').length - 1, character: offset - (before.lastIndexOf('\n') + 1) };
}

/** The content changes of one didChange, and the text they leave. */
function contentChanges(text: string, changes: readonly { at: number; length: number; insert: string; backwards: boolean }[]) {
  const events = [];
  let now = text;
  for (const change of changes) {
    const start = Math.floor(change.at * now.length);
    const end = Math.min(now.length, start + change.length);
    const [from, to] = change.backwards ? [end, start] : [start, end];
    events.push({ range: { start: positionAt(now, from), end: positionAt(now, to) }, text: change.insert });
    now = now.slice(0, start) + change.insert + now.slice(end);
  }
  return { events, text: now };
}

/** Whether `change` turns `before` into `after` (the text outside it is the same in both). */
function rebuilds(change: TextChange, before: string, after: string): boolean {
  return before.slice(0, change.start) + after.slice(change.start, change.newEnd) + before.slice(change.oldEnd) === after;
}

describe('the edits recorded from didChange', () => {
  it('join into one change that turns any earlier version into any later one', () => {
    fc.assert(
      fc.property(fc.array(notificationArb, { minLength: 1, maxLength: 6 }), fc.nat(), fc.nat(), (notifications, a, b) => {
        const changes = new DocumentChanges();
        const document = changes.configuration.create(URI, 'nginx', 1, SEED);
        const texts = [SEED];
        for (const notification of notifications) {
          const next = contentChanges(document.getText(), notification);
          changes.configuration.update(document, next.events, document.version + 1);
          expect(document.getText()).toBe(next.text);
          texts.push(next.text);
        }
        const from = 1 + (a % notifications.length);
        const to = from + 1 + (b % (notifications.length + 1 - from));
        const change = changes.between(URI, from, to);
        expect(change).toBeDefined();
        expect(rebuilds(change!, texts[from - 1]!, texts[to - 1]!)).toBe(true);
      }),
      { numRuns: 300, seed: 12 },
    );
  });

  it('give no change across a whole-text replacement, an unknown version or a reopened document', () => {
    const changes = new DocumentChanges();
    const document = changes.configuration.create(URI, 'nginx', 1, SEED);
    changes.configuration.update(document, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '#' }], 2);
    expect(changes.between(URI, 1, 2)).toEqual({ start: 0, oldEnd: 0, newEnd: 1 });
    changes.configuration.update(document, [{ text: 'upstream b { server 10.0.0.1; }\n' }], 3);
    expect(changes.between(URI, 2, 3)).toBeUndefined();
    expect(changes.between(URI, 1, 3)).toBeUndefined();
    expect(changes.between(URI, 1, 7)).toBeUndefined();
    changes.configuration.create(URI, 'nginx', 1, SEED);
    expect(changes.between(URI, 1, 2)).toBeUndefined();
  });
});

describe('analyses that build on each other with the recorded edits', () => {
  it('report what a fresh analysis of the final text reports, over multi-change notifications and skipped versions', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.record({ notification: notificationArb, analyse: fc.boolean() }), { minLength: 1, maxLength: 8 }), async (steps) => {
        const changes = new DocumentChanges();
        const given: (TextChange | undefined)[] = [];
        const between = changes.between.bind(changes);
        changes.between = (uri, from, to) => {
          const change = between(uri, from, to);
          given.push(change);
          return change;
        };
        const document = changes.configuration.create(URI, 'nginx', 1, SEED);
        const analyses = analysesOf(document, changes);
        await analyses.refresh(URI);
        for (const step of steps) {
          const next = contentChanges(document.getText(), step.notification);
          changes.configuration.update(document, next.events, document.version + 1);
          // Versions in between are skipped, as the scheduler skips them while an analysis runs.
          if (step.analyse) await analyses.refresh(URI);
        }
        const edited = (await analyses.refresh(URI))!;
        const fresh = (await analysesOf(changes.configuration.create('file:///tmp/lb-drift-change/fresh.nginx', 'nginx', 1, document.getText()), new DocumentChanges()).refresh('file:///tmp/lb-drift-change/fresh.nginx'))!;
        expect(comparable(edited)).toEqual(comparable(fresh));
        // Every analysis after the first was told its edit (none compared the texts).
        expect(given.length).toBeGreaterThan(0);
        expect(given.every((change) => change !== undefined)).toBe(true);
      }),
      { numRuns: 60, seed: 12 },
    );
  });
});

describe('the real server over stdio', () => {
  let client: LspTestClient;
  beforeAll(async () => {
    client = new LspTestClient();
    await client.initialize();
  });
  afterAll(async () => {
    await client.shutdown();
  });

  it('reports after multi-change notifications sent in a burst what a fresh document reports', async () => {
    let documents = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(notificationArb, { minLength: 1, maxLength: 5 }), async (notifications) => {
        documents++;
        const edited = `file:///tmp/lb-drift-change-stdio/edited-${documents}/site.nginx`;
        const fresh = `file:///tmp/lb-drift-change-stdio/fresh-${documents}/site.nginx`;
        await client.open(edited, SEED);
        await client.diagnostics(edited, 1);
        let text = SEED;
        let version = 1;
        // Sent without waiting for diagnostics: the server may skip versions.
        for (const notification of notifications) {
          const next = contentChanges(text, notification);
          await client.change(edited, ++version, next.events);
          text = next.text;
        }
        const afterEdits = await client.diagnostics(edited, version);
        await client.open(fresh, text);
        const fromScratch = await client.diagnostics(fresh, 1);
        expect(published(afterEdits)).toEqual(published(fromScratch));
        await client.connection.sendNotification('textDocument/didClose', { textDocument: { uri: edited } });
        await client.connection.sendNotification('textDocument/didClose', { textDocument: { uri: fresh } });
      }),
      { numRuns: 25, seed: 12 },
    );
  });
});

function published(diagnostics: PublishedDiagnostics): string[] {
  return diagnostics.diagnostics
    .map((d) => `${String(d.code)} ${d.severity} ${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character} ${d.message}`)
    .sort();
}

function analysesOf(document: TextDocument, changes: DocumentChanges): DocumentAnalyses {
  const documents = { get: (uri: string) => (uri === document.uri ? document : undefined), all: () => [document] } as unknown as TextDocuments<TextDocument>;
  const settings = { get: async () => DEFAULT_SETTINGS, project: () => undefined } as unknown as SettingsCache;
  const stables = { side: async () => ({ summary: { state: 'none', drifts: 0 } }) } as unknown as StableProvider;
  return new DocumentAnalyses(documents, settings, stables, () => undefined, changes);
}

function comparable(analysis: DocumentAnalysis): string[] {
  return analysis.findings.map((f) => `${f.rule} ${f.severity} ${f.loc.start}-${f.loc.end} ${f.message}`).sort();
}
