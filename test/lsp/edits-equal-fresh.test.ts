/**
 * Invariant 13: after any sequence of edits, the language server reports what a fresh analysis of
 * the same text reports. Random incremental edits go to one document over the real server's
 * stdio; the final text is then opened as a new document beside it, and the two diagnostic sets
 * must be equal (rule, range, severity, message). This holds whether the server re-analyses the
 * whole text or only the blocks an edit touched.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LspTestClient, type PublishedDiagnostics } from '../helpers/lsp-client';

const SEEDS = [
  `upstream app {
    server 127.0.0.1:8081 weight=5;
    server 127.0.0.1:8082;
    server 127.0.0.1:8083 max_fails=0;
}

upstream cache {
    hash $request_uri consistent;
    server 10.0.0.1:80;
    server 10.0.0.2:80 weight=3;
}

server {
    listen 80;
    location / { proxy_pass http://app; }
    location /img/ { proxy_pass http://cache; }
}
`,
  `http {
  upstream auth {
    ip_hash;
    server 10.1.0.1:9000;
    server 10.1.0.2:9000;
    server 10.1.0.2:9000;
  }
  split_clients "\${remote_addr}" $variant {
    90% auth;
    *   auth;
  }
  server {
    location /login { proxy_pass http://auth; }
    location /old { proxy_pass http://auht; }
  }
}
`,
];

/** Pieces an operator types: parts of directives, weights, braces and semicolons. */
const INSERTS = ['weight=2', ' weight=9', ';', '{', '}', ' backup', ' down', 'server 10.9.9.9:80;\n', '\n', '#', 'least_conn;', 'random two;', 'x', '"'];

// Positions are whole fractions of the text, spread evenly (fc.double clusters near 0 and 1).
const editArb = fc.record({
  at: fc.integer({ min: 0, max: 1000 }).map((n) => n / 1000),
  length: fc.integer({ min: 0, max: 12 }),
  insert: fc.oneof(fc.constantFrom(...INSERTS), fc.constant('')),
});

interface Position {
  line: number;
  character: number;
}

function positionAt(text: string, offset: number): Position {
  const before = text.slice(0, offset);
  const line = before.split('\n').length - 1;
  return { line, character: offset - (before.lastIndexOf('\n') + 1) };
}

function comparable(published: PublishedDiagnostics): string[] {
  return published.diagnostics
    .map((d) => `${String(d.code)} ${d.severity} ${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character} ${d.message}`)
    .sort();
}

let client: LspTestClient;
let documents = 0;

beforeAll(async () => {
  client = new LspTestClient();
  await client.initialize();
});

afterAll(async () => {
  await client.shutdown();
});

describe('invariant 13: incremental equals full', () => {
  it('diagnostics after random edits equal those of a fresh document with the final text', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...SEEDS), fc.array(editArb, { minLength: 1, maxLength: 8 }), async (seed, edits) => {
        documents++;
        const edited = `file:///tmp/lb-drift-incremental/edited-${documents}/site.nginx`;
        const fresh = `file:///tmp/lb-drift-incremental/fresh-${documents}/site.nginx`;
        await client.open(edited, seed);
        let text = seed;
        let version = 1;
        for (const edit of edits) {
          const start = Math.floor(edit.at * text.length);
          const end = Math.min(text.length, start + edit.length);
          version++;
          await client.change(edited, version, [{ range: { start: positionAt(text, start), end: positionAt(text, end) }, text: edit.insert }]);
          text = text.slice(0, start) + edit.insert + text.slice(end);
        }
        const afterEdits = await client.diagnostics(edited, version);
        await client.open(fresh, text);
        const fromScratch = await client.diagnostics(fresh, 1);
        expect(comparable(afterEdits)).toEqual(comparable(fromScratch));
        await client.connection.sendNotification('textDocument/didClose', { textDocument: { uri: edited } });
        await client.connection.sendNotification('textDocument/didClose', { textDocument: { uri: fresh } });
      }),
      { numRuns: 40, seed: 13 },
    );
  });
});
