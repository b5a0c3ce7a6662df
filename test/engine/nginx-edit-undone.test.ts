/**
 * nginx edits undone (issue 12): a character typed in a block and deleted again gives back the
 * references after the block that the version before the typing had, the same objects, instead of
 * rebasing every one of them on each keystroke; anything else that is not exactly the undo (another
 * place, other text, a block that gained or lost a directive) rebases them as before. References
 * and findings equal a fresh analysis after random typing and deleting (invariant 13), renamed
 * upstreams and proxy_pass targets included.
 */
import fc from 'fast-check';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { noIncludes } from '../../server/src/core/dialect';
import type { NginxIncrementalState } from '../../server/src/dialects/nginx/lower';
import { analyzeFile, type FileReport } from '../../server/src/engine/analyze';

const ROOT = '/etc/nginx/nginx.conf';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const TEXT = `events {}
http {
    upstream first { server 10.0.0.1:80; server 10.0.0.2:80; }
    upstream middle {
        server 10.0.1.1:80 weight=3;
        server 10.0.1.2:80;
    }
    upstream last { hash $request_uri consistent; server 10.0.2.1:80; server 10.0.2.2:80 weight=9; }
    server {
        location /a { proxy_pass http://first; }
        location /b { proxy_pass http://middle; }
        location /c { proxy_pass http://last; }
        location /d { proxy_pass http://nowhere; }
    }
}
`;

const plain = (value: unknown): unknown => JSON.parse(JSON.stringify(value ?? null)) as unknown;

const analyze = (text: string, previous?: FileReport): FileReport =>
  analyzeFile({ path: ROOT, text }, noIncludes, { dialect: 'nginx', ...(previous ? { previous } : {}) });

function references(report: FileReport): unknown {
  return (report.model?.references ?? []).map((r) => plain({ kind: r.kind, name: r.name, context: r.context, pool: r.pool, loc: r.loc, nameLoc: r.nameLoc, scope: r.scope }));
}

function loweredBlock(report: FileReport): boolean {
  return (report.memo?.analysis.incremental as NginxIncrementalState | undefined)?.lowered === 'block';
}

const typedAt = (text: string, at: number, typed: string) => `${text.slice(0, at)}${typed}${text.slice(at)}`;
const deletedAt = (text: string, at: number, length: number) => `${text.slice(0, at)}${text.slice(at + length)}`;

describe('nginx edits undone', () => {
  it('gives back the references after the block when a typed character is deleted again', () => {
    const first = analyze(TEXT);
    const at = TEXT.indexOf('server 10.0.1.2:80');
    const typed = analyze(typedAt(TEXT, at, ' '), first);
    const undone = analyze(TEXT, typed);
    expect(loweredBlock(typed) && loweredBlock(undone)).toBe(true);
    const before = first.model!.references;
    const after = undone.model!.references;
    // All four proxy_pass lie after upstream middle: rebased while the character is there, the first version's again once it is gone.
    expect(typed.model!.references.some((r, i) => r === before[i])).toBe(false);
    expect(after.every((r, i) => r === before[i])).toBe(true);
    expect(references(undone)).toEqual(references(analyze(TEXT)));
    expect(undone.findings.map(plain)).toEqual(analyze(TEXT).findings.map(plain));
  });

  it('keeps no tree of the version it undoes', async () => {
    const at = TEXT.indexOf('server 10.0.1.2:80');
    let typed: FileReport | undefined = analyze(typedAt(TEXT, at, ' '), analyze(TEXT));
    const typedTree = new WeakRef((typed.memo!.analysis.incremental as NginxIncrementalState).root.tree);
    const undone = analyze(TEXT, typed);
    expect(undone.model!.references[0]).toBeDefined();
    typed = undefined;
    // A WeakRef's target stays alive until the current job ends.
    await new Promise((resolve) => setImmediate(resolve));
    gc();
    expect(typedTree.deref()).toBeUndefined();
    expect(references(undone)).toEqual(references(analyze(TEXT)));
  });

  it('rebases them when the edit is not the undo of the one before', () => {
    const first = analyze(TEXT);
    const at = TEXT.indexOf('server 10.0.1.2:80');
    const typed = analyze(typedAt(TEXT, at, 'x'), first);
    const cases = [
      // Another character in its place: the same length, other text.
      typedAt(TEXT, at, 'y'),
      // The character deleted, another typed elsewhere in the block, same length in all.
      typedAt(TEXT, TEXT.indexOf('server 10.0.1.1:80'), 'x'),
    ];
    for (const text of cases) {
      const change = text === cases[0] ? { start: at, oldEnd: at + 1, newEnd: at + 1 } : undefined;
      const next = analyzeFile({ path: ROOT, text }, noIncludes, { dialect: 'nginx', previous: typed, ...(change ? { change } : {}) });
      expect(next.model!.references.some((r, i) => r === first.model!.references[i])).toBe(false);
      expect(references(next)).toEqual(references(analyze(text)));
    }
  });

  it('equals a fresh analysis after random typing and deleting', () => {
    const step = fc.record({
      at: fc.integer({ min: 0, max: 999_999 }).map((n) => n / 1_000_000),
      typed: fc.constantFrom(' ', 'x', ';', '}', '\n', 'server 10.9.9.9:80;', 'first'),
      undo: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 10 }), (steps) => {
        let text = TEXT;
        let report = analyze(text);
        for (const { at: where, typed, undo } of steps) {
          const at = Math.floor(where * (text.length + 1));
          text = typedAt(text, at, typed);
          report = analyze(text, report);
          if (undo) {
            text = deletedAt(text, at, typed.length);
            report = analyze(text, report);
          }
          const fresh = analyze(text);
          expect(references(report)).toEqual(references(fresh));
          expect(report.findings.map(plain)).toEqual(fresh.findings.map(plain));
        }
      }),
      { numRuns: 150 },
    );
  });
});
