/**
 * Bare-CR line endings are line endings, for suppressions and for the fixes that remove a whole
 * line: the safe "remove unused suppression" fix once deleted `http {` and `upstream app {` of a
 * bare-CR file (everything up to the next LF) and reported success.
 */
import { describe, expect, it } from 'vitest';
import { noIncludes } from '../../server/src/core/dialect';
import { analyzeFile, type FileReport } from '../../server/src/engine/analyze';
import { safeFixEdits } from '../../server/src/engine/fix-all';
import { applyEdits } from '../../server/src/engine/fixes';
import { parseSuppressions } from '../../server/src/engine/suppressions';

const PATH = '/t/site.nginx';

function analyse(text: string): FileReport {
  return analyzeFile({ path: PATH, text }, noIncludes, { dialect: 'nginx' });
}

function fixAll(text: string): string {
  return applyEdits(text, PATH, safeFixEdits(analyse(text), PATH))!;
}

describe('bare-CR line endings', () => {
  // nginx ends a comment only at LF, so the lines after a suppression that a bare CR ends are
  // comment text to nginx: deleting the suppression's line would turn them into configuration.
  // The fix is not offered there (test/rules/unused-suppression-cr.test.ts); fix-all leaves the text.
  it('the unused-suppression fix does not remove a comment line that a bare CR ends', () => {
    const lines = ['# lb-drift-disable-next-line weight-skew -- old', 'http {', '  upstream app {', '    server 10.0.0.1:80;', '  }', '}', ''];
    const text = lines.join('\r');
    const report = analyse(text);
    expect(report.findings.map((f) => f.rule)).toContain('unused-suppression');
    expect(fixAll(text)).toBe(text);
  });

  it('the fix does not remove it in a file that mixes LF, CRLF and bare CR either', () => {
    const text = 'http {\r\n  upstream app {\n    # lb-drift-disable-next-line duplicate-member\r    server 10.0.0.1:80;\r\n  }\r}\n';
    expect(fixAll(text)).toBe(text);
  });

  it('the fix removes only its line when LF or CRLF ends it in a file that also has bare CRs', () => {
    const text = 'http {\r  upstream app {\n    # lb-drift-disable-next-line duplicate-member\r\n    server 10.0.0.1:80;\r  }\r}\n';
    expect(fixAll(text)).toBe('http {\r  upstream app {\n    server 10.0.0.1:80;\r  }\r}\n');
  });

  it('a suppression after a bare CR applies to the next line as the editor shows it', () => {
    const text = 'upstream app {\r    # lb-drift-disable-next-line weight-skew -- the big box\n    server 10.0.0.1:80 weight=5;\n    server 10.0.0.2:80;\n}\n';
    expect(parseSuppressions(PATH, text).map((s) => s.line)).toEqual([2]);
    const rules = analyse(text).findings.map((f) => f.rule);
    expect(rules).not.toContain('weight-skew');
    expect(rules).not.toContain('unused-suppression');
  });

  it('a marker must start its line: text after U+2028 on the same line is not one', () => {
    expect(parseSuppressions(PATH, 'x\u2028# lb-drift-disable weight-skew\n')).toEqual([]);
    expect(parseSuppressions(PATH, 'x\r# lb-drift-disable weight-skew\r\n').map((s) => s.line)).toEqual([2]);
  });

  it('removing a duplicate member of a bare-CR file removes its line only', () => {
    const text = 'upstream app {\r    server 10.0.0.1:80;\r    server 10.0.0.1:80;\r    server 10.0.0.2:80;\r}\r';
    expect(fixAll(text)).toBe('upstream app {\r    server 10.0.0.1:80;\r    server 10.0.0.2:80;\r}\r');
  });
});
