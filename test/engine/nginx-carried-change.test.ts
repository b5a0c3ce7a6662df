/**
 * `AnalyzeOptions.change`: a caller that knows the edit (the language server, from didChange)
 * passes it, and the engine re-reads what it covers instead of comparing the two texts. Any change
 * that turns the previous text into the new one gives a fresh analysis' results, minimal or not
 * (a client may send a range wider than what changed); one that cannot (its lengths disagree with
 * the texts') is ignored.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { noIncludes, type TextChange } from '../../server/src/core/dialect';
import { analyzeFile, type FileReport } from '../../server/src/engine/analyze';
import { applyEdit, CONFIGS, editArb } from './edit-arbitraries';

const ROOT = '/etc/nginx/nginx.conf';
const plain = (value: unknown): unknown => JSON.parse(JSON.stringify(value ?? null)) as unknown;
const analyze = (text: string, previous?: FileReport, change?: TextChange): FileReport =>
  analyzeFile({ path: ROOT, text }, noIncludes, { dialect: 'nginx', ...(previous ? { previous } : {}), ...(change ? { change } : {}) });
const outcome = (report: FileReport) => ({
  findings: report.findings.map(plain),
  pools: (report.model?.pools ?? []).map((pool) => plain({ key: pool.key, loc: pool.loc, members: pool.members, shares: report.shares(pool) })),
});

describe('the edit passed by the caller', () => {
  const text = CONFIGS[0]!;
  const first = analyze(text);
  const at = text.indexOf('server 10.0.1.2:80 weight=3;');
  const edited = `${text.slice(0, at)}server 10.0.1.9:80;${text.slice(at)}`;
  const inserted = 'server 10.0.1.9:80;'.length;
  const poolNamed = (report: FileReport, name: string) => report.model!.pools.find((p) => p.name === name)!;

  it('is what the engine re-reads: a wider change re-reads the pools it covers', () => {
    // The exact edit, inside upstream cache: upstream app before it is carried as it was.
    const exact = analyze(edited, first, { start: at, oldEnd: at, newEnd: at + inserted });
    expect(poolNamed(exact, 'app')).toBe(poolNamed(first, 'app'));
    // The same edit given as a replacement of everything from upstream app to the server block:
    // the text outside it is the same, so the result is too, but no pool in it is carried.
    const from = text.indexOf('upstream app');
    const to = text.indexOf('    server {');
    const wide = analyze(edited, first, { start: from, oldEnd: to, newEnd: to + inserted });
    expect(outcome(wide)).toEqual(outcome(analyze(edited)));
    expect(poolNamed(wide, 'app')).not.toBe(poolNamed(first, 'app'));
    expect(outcome(exact)).toEqual(outcome(analyze(edited)));
  });

  it('is ignored when its lengths do not fit the texts', () => {
    const report = analyze(edited, first, { start: at, oldEnd: at, newEnd: at + inserted + 5 });
    expect(outcome(report)).toEqual(outcome(analyze(edited)));
  });

  it('gives a fresh analysis after random edits', () => {
    fc.assert(
      fc.property(fc.constantFrom(...CONFIGS), fc.array(editArb, { minLength: 1, maxLength: 8 }), (seed, edits) => {
        let current = seed;
        let previous = analyze(current);
        for (const edit of edits) {
          const next = applyEdit(current, edit);
          current = next.text;
          const incremental = analyze(current, previous, next.change);
          expect(outcome(incremental)).toEqual(outcome(analyze(current)));
          previous = incremental;
        }
      }),
      { numRuns: 150, seed: 3 },
    );
  });
});
