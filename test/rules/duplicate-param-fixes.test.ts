/**
 * A parameter written twice on one upstream server (`max_fails=3 max_fails=0`): nginx reads the
 * last one, so a fix must change that one, and a fix that removes a parameter must remove every
 * copy. Before, the max_fails fix replaced the first copy and the backup/weight fixes removed one
 * copy only, so the finding stayed (found by `npm run fuzz`).
 */
import { describe, expect, it } from 'vitest';
import { noIncludes } from '../../server/src/core/dialect';
import { analyzeFile } from '../../server/src/engine/analyze';
import { applyEdits, fixEdits } from '../../server/src/engine/fixes';

const PATH = '/t/site.nginx';

function analyse(text: string) {
  return analyzeFile({ path: PATH, text }, noIncludes, { dialect: 'nginx' });
}

/** The text after the first fix of the first finding of `rule`, and that rule's findings then. */
function applyFirstFix(text: string, rule: string): { fixed: string; after: string[] } {
  const report = analyse(text);
  const finding = report.findings.find((f) => f.rule === rule);
  expect(finding, `no ${rule} finding`).toBeDefined();
  const fix = finding!.fixes?.[0];
  expect(fix, `no fix on ${finding!.message}`).toBeDefined();
  const edits = fixEdits(report.dialect!, fix!, report.sources);
  expect(edits).toBeDefined();
  const fixed = applyEdits(text, PATH, edits!);
  expect(fixed).toBeDefined();
  return { fixed: fixed!, after: analyse(fixed!).findings.filter((f) => f.rule === rule).map((f) => f.message) };
}

describe('fixes of a parameter written twice', () => {
  it('set max_fails on the copy nginx reads, the last', () => {
    const text = 'upstream pool1 {\n    server 10.0.0.1:80 max_fails=3 max_fails=0;\n    server 10.0.0.2:80 max_fails=3 max_fails=0;\n}\n';
    const { fixed, after } = applyFirstFix(text, 'no-health-check');
    expect(fixed).toContain('server 10.0.0.1:80 max_fails=3 max_fails=1;');
    expect(after).toEqual([]);
  });

  it('remove every weight= when equalising weights', () => {
    const text = 'upstream pool1 {\n    server 10.0.0.1:80 weight=9 weight=5;\n    server 10.0.0.2:80 weight=1;\n}\n';
    const { fixed, after } = applyFirstFix(text, 'weight-skew');
    expect(fixed).toContain('server 10.0.0.1:80;');
    expect(after).toEqual([]);
  });

  it('remove every backup flag nginx rejects after hash', () => {
    const text = 'upstream pool1 {\n    hash $remote_addr;\n    server 10.0.0.1:80;\n    server 10.0.0.2:80 backup backup;\n}\n';
    const { fixed, after } = applyFirstFix(text, 'invalid-combination');
    expect(fixed).toContain('server 10.0.0.2:80;');
    expect(after).toEqual([]);
  });
});
