/**
 * Blank space typed between two directives of a block moves what follows without reading anything
 * again (tree-run.ts): the directive after it is lowered again over the moved tree, placed by its
 * start in the previous text. At every line start of the edit configs, a space, a line break or
 * two spaces typed (and then removed) give the findings, pools, shares and problems of a fresh
 * analysis. Random edit sequences rarely land there; this walks every place.
 */
import { describe, expect, it } from 'vitest';
import { noIncludes } from '../../../server/src/core/dialect';
import { analyzeFile, type FileReport } from '../../../server/src/engine/analyze';
import { CONFIGS } from '../../engine/edit-arbitraries';

const ROOT = '/etc/nginx/nginx.conf';

const analyze = (text: string, previous?: FileReport): FileReport =>
  analyzeFile({ path: ROOT, text }, noIncludes, { dialect: 'nginx', ...(previous ? { previous } : {}) });

/** What a report says, as plain data. */
function said(report: FileReport): unknown {
  return JSON.parse(
    JSON.stringify({
      findings: report.findings.map((f) => [f.rule, f.loc, f.message]),
      pools: report.model?.pools.map((p) => [p.key, p.loc, p.members.map((m) => [m.address, m.loc]), report.shares(p)]),
      problems: report.problems.map((p) => [p.kind, p.message, p.loc]),
    }),
  ) as unknown;
}

describe('blank space typed between directives', () => {
  it('equals a fresh analysis at every line start, typed and removed again', () => {
    let cases = 0;
    for (const seed of CONFIGS) {
      const base = analyze(seed);
      const before = said(base);
      for (let at = seed.indexOf('\n') + 1; at > 0 && at < seed.length; at = seed.indexOf('\n', at) + 1) {
        for (const typed of [' ', '\n', '  ']) {
          const text = seed.slice(0, at) + typed + seed.slice(at);
          const typedIn = analyze(text, base);
          expect(said(typedIn), `${JSON.stringify(typed)} at ${at}`).toEqual(said(analyze(text)));
          expect(said(analyze(seed, typedIn)), `${JSON.stringify(typed)} removed at ${at}`).toEqual(before);
          cases++;
        }
      }
    }
    expect(cases).toBeGreaterThan(500);
  });
});
