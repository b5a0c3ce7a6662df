/**
 * The editor sends lb-drift every YAML and JSON document (Kubernetes manifests share those
 * languages), but the server answers only for balancer documents. Over stdio, in a git
 * repository: a GitHub workflow, a Helm values file with `weight:` keys, a compose file and a
 * package.json get empty diagnostics, a status without a dialect or a stable revision (so no
 * git ran for them), and an empty answer to every request (none at all for folding and
 * symbols, so the editor keeps its own); an Istio VirtualService in YAML and a Gateway API
 * HTTPRoute in JSON get shares, findings, hovers, symbols and folding. No document is offered
 * another language.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DetectLanguageRequest, StatusNotification } from '../../server/src/protocol/messages';
import { gitRepo } from '../helpers/git-repo';
import { LspTestClient } from '../helpers/lsp-client';

const WORKFLOW = `name: ci
on: [push, pull_request]
jobs:
  test:
    runs-on: ubuntu-latest
    strategy:
      matrix:
        node: [20, 22]
    steps:
      - uses: actions/checkout@v4
      - run: npm ci && npm test
`;

/** Helm values with the words a sniff could trip on: weight, canary, host, subset. */
const VALUES = `replicaCount: 3
canary:
  enabled: true
  weight: 20
stable:
  weight: 80
service:
  host: reviews
  subset: v2
ingress:
  annotations:
    nginx.ingress.kubernetes.io/canary-weight: "20"
`;

const COMPOSE = `services:
  web:
    image: nginx:1.27
    ports: ["8080:80"]
    deploy:
      replicas: 2
  api:
    image: example/api:1.4
    environment:
      WEIGHT: "5"
`;

const PACKAGE_JSON = `{
  "name": "shop",
  "version": "1.0.0",
  "homepage": "https://example.com/shop",
  "scripts": { "test": "vitest run" },
  "config": { "weight": 100, "kind": "HTTPRoute" }
}
`;

/** Weights 70/20/0 sum to 90, not 100, and v3 gets nothing. */
const VIRTUAL_SERVICE = `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata:
  name: reviews
spec:
  hosts:
    - reviews
  http:
    - route:
        - destination:
            host: reviews
            subset: v1
          weight: 70
        - destination:
            host: reviews
            subset: v2
          weight: 20
        - destination:
            host: reviews
            subset: v3
          weight: 0
`;

/** A parked backend with weight 0 beside two that share the traffic 3:1. */
const HTTP_ROUTE = `${JSON.stringify(
  {
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'HTTPRoute',
    metadata: { name: 'store' },
    spec: {
      parentRefs: [{ name: 'public' }],
      rules: [
        {
          backendRefs: [
            { name: 'store-v1', port: 8080, weight: 3 },
            { name: 'store-v2', port: 8080, weight: 1 },
            { name: 'store-v3', port: 8080, weight: 0 },
          ],
        },
      ],
    },
  },
  null,
  2,
)}\n`;

interface Doc {
  readonly path: string;
  readonly text: string;
  readonly languageId: 'yaml' | 'json';
}

const QUIET: readonly Doc[] = [
  { path: '.github/workflows/ci.yml', text: WORKFLOW, languageId: 'yaml' },
  { path: 'charts/reviews/values.yaml', text: VALUES, languageId: 'yaml' },
  { path: 'docker-compose.yml', text: COMPOSE, languageId: 'yaml' },
  { path: 'package.json', text: PACKAGE_JSON, languageId: 'json' },
];
const BALANCERS: readonly Doc[] = [
  { path: 'k8s/reviews-virtualservice.yaml', text: VIRTUAL_SERVICE, languageId: 'yaml' },
  { path: 'k8s/store-route.json', text: HTTP_ROUTE, languageId: 'json' },
];

const WHOLE = { start: { line: 0, character: 0 }, end: { line: 1000, character: 0 } };
const AT = { line: 3, character: 4 };

let client: LspTestClient;
const uris = new Map<string, string>();

beforeAll(async () => {
  const repo = gitRepo(Object.fromEntries([...QUIET, ...BALANCERS].map((doc) => [doc.path, doc.text])));
  client = new LspTestClient();
  await client.initialize();
  for (const doc of [...QUIET, ...BALANCERS]) {
    const uri = pathToFileURL(repo.path(doc.path)).href;
    uris.set(doc.path, uri);
    await client.open(uri, doc.text, doc.languageId);
  }
});

afterAll(async () => {
  await client?.shutdown();
});

/** Every request an editor makes of an open document, with the server's answer. */
async function everyRequest(uri: string): Promise<Record<string, unknown>> {
  const textDocument = { uri };
  const ask = (method: string, params: Record<string, unknown> = {}) => client.connection.sendRequest<unknown>(method, { textDocument, ...params });
  return {
    inlayHints: await ask('textDocument/inlayHint', { range: WHOLE }),
    hover: await ask('textDocument/hover', { position: AT }),
    symbols: await ask('textDocument/documentSymbol'),
    folding: await ask('textDocument/foldingRange'),
    links: await ask('textDocument/documentLink'),
    definition: await ask('textDocument/definition', { position: AT }),
    references: await ask('textDocument/references', { position: AT, context: { includeDeclaration: true } }),
    quickFixes: await ask('textDocument/codeAction', { range: WHOLE, context: { diagnostics: [] } }),
    fixAll: await ask('textDocument/codeAction', { range: WHOLE, context: { diagnostics: [], only: ['source.fixAll'] } }),
  };
}

/** The inlay hints' labels, in order, as one line. */
function hintLabels(hints: unknown): string {
  return (hints as { label: string | { value: string }[] }[]).map((h) => (typeof h.label === 'string' ? h.label : h.label.map((p) => p.value).join(''))).join(' ');
}

const status = (uri: string) => client.notification<StatusNotification.Params>(StatusNotification.method, (p) => p.uri === uri);

describe('YAML and JSON documents that are not balancer configs', () => {
  for (const doc of QUIET) {
    it(`${doc.path}: no diagnostics, no status, no stable revision, no answers`, async () => {
      const uri = uris.get(doc.path)!;
      expect((await client.diagnostics(uri, 1)).diagnostics).toEqual([]);
      const published = await status(uri);
      // No dialect hides the status item; no stable side means git never ran for this file.
      expect(published).toMatchObject({ pools: 0, errors: 0, warnings: 0, infos: 0 });
      expect(published.dialect).toBeUndefined();
      expect(published.stable).toBeUndefined();
      expect(await everyRequest(uri)).toEqual({
        inlayHints: [],
        hover: null,
        // None rather than an empty list: the editor keeps its indentation folding and outline.
        symbols: null,
        folding: null,
        // package.json's homepage stays the editor's own link, not a second one from lb-drift.
        links: [],
        definition: null,
        references: [],
        quickFixes: [],
        fixAll: [],
      });
    });
  }
});

describe('YAML and JSON balancer documents', () => {
  it('an Istio VirtualService gets its findings, shares, hover, outline, folding and a stable revision', async () => {
    const uri = uris.get('k8s/reviews-virtualservice.yaml')!;
    const codes = (await client.diagnostics(uri, 1)).diagnostics.map((d) => d.code);
    expect(codes).toEqual(expect.arrayContaining(['split-weights-sum', 'zero-weight-backend']));
    const published = await status(uri);
    expect(published.dialect).toBe('kubernetes');
    expect(published.stable?.state).toBe('resolved');
    const answers = await everyRequest(uri);
    // 70 and 20 of 90: 78% and 22%, and v3 nothing.
    expect(hintLabels(answers.inlayHints)).toMatch(/≈ 78% ≈ 22% ≈ 0%/);
    const weight = { line: VIRTUAL_SERVICE.split('\n').findIndex((l) => l.includes('weight: 70')), character: 19 };
    const hover = await client.connection.sendRequest<{ contents: { value: string } } | null>('textDocument/hover', { textDocument: { uri }, position: weight });
    expect(hover?.contents.value).toMatch(/78/);
    expect(answers.symbols).not.toEqual([]);
    expect((answers.folding as unknown[]).length).toBeGreaterThan(0);
  });

  it('a Gateway API HTTPRoute in JSON gets its findings and shares', async () => {
    const uri = uris.get('k8s/store-route.json')!;
    const codes = (await client.diagnostics(uri, 1)).diagnostics.map((d) => d.code);
    expect(codes).toContain('zero-weight-backend');
    expect((await status(uri)).dialect).toBe('kubernetes');
    expect(hintLabels((await everyRequest(uri)).inlayHints)).toMatch(/≈ 75% ≈ 25% ≈ 0%/);
  });
});

describe('languages', () => {
  it('offers no document another language: a manifest stays YAML or JSON', async () => {
    for (const doc of [...QUIET, ...BALANCERS]) {
      const params: DetectLanguageRequest.Params = { uri: uris.get(doc.path)!, text: doc.text };
      expect(await client.connection.sendRequest(DetectLanguageRequest.method, params), doc.path).toEqual({});
    }
  });
});

describe('the VS Code extension', () => {
  const REPO = join(__dirname, '../..');
  const manifest = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as {
    activationEvents: string[];
    contributes: { languages: { id: string }[]; grammars: { language: string }[]; configurationDefaults: Record<string, unknown> };
  };

  it('activates on YAML and JSON but contributes nothing to those languages', () => {
    expect(manifest.activationEvents).toEqual(expect.arrayContaining(['onLanguage:yaml', 'onLanguage:json']));
    expect(manifest.contributes.languages.map((l) => l.id)).toEqual(['nginx', 'haproxy']);
    expect(manifest.contributes.grammars.map((g) => g.language)).toEqual(['nginx', 'haproxy']);
    expect(Object.keys(manifest.contributes.configurationDefaults)).toEqual(['[nginx]']);
  });

  it('activation loads a bundle without the language client, which is a bundle of its own', () => {
    // A YAML user who never opens a balancer config loads extension.js alone.
    const activation = readFileSync(join(REPO, 'client/out/extension.js'), 'utf8');
    const languageClient = readFileSync(join(REPO, 'client/out/language-client.js'), 'utf8');
    // A message vscode-languageclient's node client carries (it spawns the server).
    const marker = 'Launching server using';
    expect(languageClient).toContain(marker);
    expect(activation).not.toContain(marker);
    expect(activation.length).toBeLessThan(languageClient.length / 10);
  });
});
