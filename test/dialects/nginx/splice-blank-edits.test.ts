/**
 * Blank space typed between two directives of a block moves what follows without reading anything
 * again (tree-run.ts): the directive after it is lowered again over the moved tree, placed by its
 * start in the previous text. At every line start of the edit configs, a space, a line break or
 * two spaces typed (and then removed) give the findings, pools, shares and problems of a fresh
 * analysis. Random edit sequences rarely land there; this walks every place.
 */
import { describe, expect, it } from 'vitest';
import { noIncludes } from '../../../server/src/core/dialect';
import { parseFlatNginxTree } from '../../../server/src/dialects/nginx/tree-parser';
import { spliceTree } from '../../../server/src/dialects/nginx/tree-splice';
import { analyzeFile, type FileReport } from '../../../server/src/engine/analyze';
import { CONFIGS } from '../../engine/edit-arbitraries';
import { dumpTree } from './tree-dump';

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

/** Comments that trail a block or a server, and stand between blocks. */
const COMMENTED = `http {
    upstream a { server 10.0.0.1; server 10.0.0.2 weight=3; } # trails a
    # stands between
    upstream b {
        server 10.0.1.1 weight=2; # trails a server
        server 10.0.1.2;
    }
    # lb-drift-disable-next-line weight-skew
    upstream c { server 10.0.2.1 weight=9; server 10.0.2.2; }

    server { location / { proxy_pass http://a; } location /b { proxy_pass http://b; } }
}
`;

/** Types `typed` at `at` into `seed`, then removes it, each against a fresh analysis. */
function typeAndRemove(seed: string, base: FileReport, at: number, typed: string): void {
  const text = seed.slice(0, at) + typed + seed.slice(at);
  const typedIn = analyze(text, base);
  expect(said(typedIn), `${JSON.stringify(typed)} at ${at}`).toEqual(said(analyze(text)));
  expect(said(analyze(seed, typedIn)), `${JSON.stringify(typed)} removed at ${at}`).toEqual(said(base));
}

describe('blank space typed between directives', () => {
  it('equals a fresh analysis at every line start, typed and removed again', () => {
    let cases = 0;
    for (const seed of CONFIGS) {
      const base = analyze(seed);
      for (let at = seed.indexOf('\n') + 1; at > 0 && at < seed.length; at = seed.indexOf('\n', at) + 1) {
        for (const typed of [' ', '\n', '  ']) {
          typeAndRemove(seed, base, at, typed);
          cases++;
        }
      }
    }
    expect(cases).toBeGreaterThan(500);
  });

  it('gives the tree of a full parse, comments and the directives they trail included, at every place', () => {
    const first = parseFlatNginxTree(COMMENTED);
    for (let at = 0; at <= COMMENTED.length; at++) {
      for (const typed of [' ', '\n']) {
        const text = COMMENTED.slice(0, at) + typed + COMMENTED.slice(at);
        const result = spliceTree(first.tree, first.errors, text, { start: at, oldEnd: at, newEnd: at + typed.length });
        if (!result) continue;
        const full = parseFlatNginxTree(text).tree;
        expect(dumpTree(result.tree), `${JSON.stringify(typed)} at ${at}`).toEqual(dumpTree(full));
        expect(result.tree.rootDirectives(), `${JSON.stringify(typed)} at ${at}`).toEqual(full.rootDirectives());
      }
    }
  });

  it('equals a fresh analysis at every place of a file with trailing and standalone comments', () => {
    const base = analyze(COMMENTED);
    for (let at = 0; at <= COMMENTED.length; at++) for (const typed of [' ', '\n']) typeAndRemove(COMMENTED, base, at, typed);
  });
});
