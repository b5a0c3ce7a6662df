/**
 * nginx references across edits (issue 12): a reference outside the re-read block is carried to
 * the next version with its resolution (the same object before the edit, rebased after it), only
 * the block's references are read and resolved again, and resolving never writes to a reference
 * an earlier version's model holds. After random edits, references and findings equal a fresh
 * analysis' (invariant 13), on configs where a carried reference's upstream can be renamed away:
 * two `http` blocks (nginx resolves by block kind, so one block's `proxy_pass` uses the other's
 * upstream) and split_clients targets.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { noIncludes } from '../../server/src/core/dialect';
import type { NginxIncrementalState } from '../../server/src/dialects/nginx/lower';
import type { NginxReference } from '../../server/src/dialects/nginx/references';
import { analyzeFile, type FileReport } from '../../server/src/engine/analyze';
import { applyEdit, editArb } from './edit-arbitraries';

const ROOT = '/etc/nginx/nginx.conf';

const TWO_HTTP = `events {}
http {
    server {
        listen 80;
        location / { proxy_pass http://app; }
        location /b { proxy_pass http://Backend/path; }
        location /s { proxy_pass http://$variant; }
    }
}
http {
    upstream app {
        server 10.0.0.1:80;
        server 10.0.0.2:80;
    }
    upstream backend { server 10.0.1.1:80; server 10.0.1.2:80; }
    split_clients "\${remote_addr}" $variant {
        50% app;
        *   backend;
    }
    server {
        location /c { proxy_pass http://app; }
    }
}
`;

const plain = (value: unknown): unknown => JSON.parse(JSON.stringify(value ?? null)) as unknown;

function references(report: FileReport): unknown {
  return (report.model?.references ?? []).map((r) => plain({ kind: r.kind, name: r.name, context: r.context, pool: r.pool, loc: r.loc, nameLoc: r.nameLoc, scope: r.scope }));
}

const analyze = (text: string, previous?: FileReport): FileReport =>
  analyzeFile({ path: ROOT, text }, noIncludes, { dialect: 'nginx', ...(previous ? { previous } : {}) });

function loweredBlock(report: FileReport): boolean {
  return (report.memo?.analysis.incremental as NginxIncrementalState | undefined)?.lowered === 'block';
}

describe('nginx references carried across edits', () => {
  it('keeps references before the edit, rebases those after it, and reads only the block again', () => {
    const text = TWO_HTTP;
    const before = analyze(text);
    // An edit inside upstream backend's body: the first http block's references lie before it,
    // the second's `proxy_pass http://app` after it.
    const at = text.indexOf('server 10.0.1.2:80');
    const after = analyze(`${text.slice(0, at)}server 10.0.1.9:80; ${text.slice(at)}`, before);
    expect(loweredBlock(after)).toBe(true);
    const previous = before.model!.references;
    const next = after.model!.references;
    expect(next.length).toBe(previous.length);
    // The three references of the first http block are the same objects.
    expect(next.slice(0, 3).every((r, i) => r === previous[i])).toBe(true);
    // The one after the edit is moved, resolved as before, without being looked up again.
    expect(next[3]).not.toBe(previous[3]);
    expect(next[3]!.pool).toBe('http:upstream app');
    expect(references(after)).toEqual(references(analyze(after.memo!.text)));
  });

  it('copies a carried reference that resolves otherwise; the previous version keeps its resolution', () => {
    const first = analyze(TWO_HTTP);
    const renamed = TWO_HTTP.replace('upstream app {', 'upstream apx {');
    const second = analyze(renamed, first);
    expect(loweredBlock(second)).toBe(true);
    expect(first.model!.references[0]!.pool).toBe('http:upstream app');
    expect(second.model!.references[0]!.pool).toBeUndefined();
    expect(references(first)).toEqual(references(analyze(TWO_HTTP)));
    expect(references(second)).toEqual(references(analyze(renamed)));
    expect(second.findings.map(plain)).toEqual(analyze(renamed).findings.map(plain));
  });

  it('reads from a bounded number of tree versions when edits go from location to location', () => {
    const SERVERS = 10;
    let text = `http {\n    upstream app { server 10.0.0.1:80; server 10.0.0.2:80; }\n${Array.from(
      { length: SERVERS },
      (_, i) => `    server {\n        listen ${8000 + i};\n        location / { proxy_pass http://app; }\n    }\n`,
    ).join('')}}\n`;
    let report = analyze(text);
    let most = 0;
    for (let round = 0; round < 2; round++) {
      for (let i = 0; i < SERVERS; i++) {
        // A character typed in server i's location, which re-reads its proxy_pass.
        const at = text.indexOf('proxy_pass', text.indexOf(`listen ${8000 + i};`));
        text = `${text.slice(0, at)} ${text.slice(at)}`;
        report = analyze(text, report);
        const trees = new Set(report.memo!.analysis.model.references.map((r) => (r as NginxReference).tree));
        most = Math.max(most, trees.size);
        expect(references(report)).toEqual(references(analyze(text)));
      }
    }
    // The first version's tree, the newest, and a few blocks' in between: never one per block.
    expect(most).toBeLessThanOrEqual(5);
  });

  it('equals a fresh analysis after random edits, names included', () => {
    // Names typed into and deleted from: upstream, split_clients and proxy_pass targets.
    const nameEdit = fc.record({
      at: fc.integer({ min: 0, max: 999_999 }).map((n) => n / 1_000_000),
      length: fc.integer({ min: 0, max: 2 }),
      insert: fc.constantFrom('x', 'p', 'A', '', 'upstream more { server 10.9.0.1:80; }\n', 'location /n { proxy_pass http://more; }\n'),
    });
    let blocks = 0;
    fc.assert(
      fc.property(fc.array(fc.oneof(nameEdit, editArb), { minLength: 1, maxLength: 8 }), (edits) => {
        let text = TWO_HTTP;
        let previous = analyze(text);
        for (const edit of edits) {
          text = applyEdit(text, edit).text;
          const incremental = analyze(text, previous);
          const fresh = analyze(text);
          expect(references(incremental)).toEqual(references(fresh));
          expect(incremental.findings.map(plain)).toEqual(fresh.findings.map(plain));
          if (loweredBlock(incremental)) blocks++;
          previous = incremental;
        }
      }),
      { numRuns: 200, seed: 7 },
    );
    expect(blocks).toBeGreaterThan(100);
  });
});
