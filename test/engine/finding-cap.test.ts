/**
 * The engine lists at most MAX_FINDINGS_PER_RULE findings of one rule per file and one summary
 * that counts the rest, so the CLI and the editor agree and neither drowns in findings.
 */
import { describe, expect, it } from 'vitest';
import type { Finding } from '../../server/src/core/finding';
import { analyzeFile } from '../../server/src/engine/analyze';
import { capFindings, findingCount, MAX_FINDINGS_PER_RULE } from '../../server/src/engine/finding-cap';
import { noIncludes } from '../../server/src/core/dialect';

const finding = (rule: string, start: number, severity: Finding['severity'] = 'warning', file = '/a.conf'): Finding => ({
  rule,
  severity,
  message: `${rule} at ${start}`,
  loc: { file, start, end: start + 1 },
});

describe('capFindings', () => {
  it('leaves a list within the cap alone', () => {
    const list = Array.from({ length: MAX_FINDINGS_PER_RULE }, (_, i) => finding('weight-skew', i));
    expect(capFindings(list)).toBe(list);
  });

  it('lists the first findings of a rule and counts the rest in one summary with their highest severity', () => {
    const list = [
      ...Array.from({ length: 250 }, (_, i) => finding('weight-skew', i * 10, i === 200 ? 'error' : 'warning')),
      finding('no-health-check', 5),
      finding('weight-skew', 3, 'warning', '/b.conf'),
    ];
    const capped = capFindings(list);
    const skew = capped.filter((f) => f.rule === 'weight-skew' && f.loc.file === '/a.conf');
    expect(skew).toHaveLength(MAX_FINDINGS_PER_RULE + 1);
    const summary = skew[MAX_FINDINGS_PER_RULE]!;
    expect(summary).toMatchObject({ count: 150, severity: 'error', loc: { start: 1000 } });
    expect(summary.message).toMatch(/^150 more weight-skew findings in this file are not listed/);
    // Other rules and other files are untouched, and the totals are what they were.
    expect(capped.filter((f) => f.rule === 'no-health-check')).toHaveLength(1);
    expect(capped.filter((f) => f.loc.file === '/b.conf')).toHaveLength(1);
    expect(capped.reduce((n, f) => n + findingCount(f), 0)).toBe(list.length);
  });
});

it('caps what analyzeFile returns: 20,000 unclosed blocks give about a hundred findings', () => {
  const report = analyzeFile({ path: '/unclosed.conf', text: 'upstream u {\n'.repeat(20_000) }, noIncludes, { dialect: 'nginx' });
  const syntax = report.findings.filter((f) => f.rule === 'syntax-error');
  expect(syntax).toHaveLength(MAX_FINDINGS_PER_RULE + 1);
  expect(syntax.at(-1)!.message).toMatch(/^\d+ more syntax-error findings in this file are not listed/);
  expect(syntax.at(-1)!.severity).toBe('error');
  expect(report.findings.length).toBeLessThan(2 * MAX_FINDINGS_PER_RULE);
});
