/**
 * The fuzz checks catch what they are for: a fixer that strays beyond its lines, adds a syntax
 * error or fixes nothing is flagged, a sound fix is not, and shrinking keeps the failure.
 */
import { describe, expect, it } from 'vitest';
import type { Dialect } from '../../server/src/core/dialect';
import type { Fix, TextEdit } from '../../server/src/core/fix';
import type { FileReport } from '../../server/src/engine/analyze';
import { analyse, checkFix, checkInput, type CheckName } from './checks';
import { fuzzDialect } from './dialects';
import { shrink } from './harness';
import { TEST_TIME_BOUND } from './replay';

const nginx = fuzzDialect('nginx');
const TEXT = 'upstream app {\n    server 10.0.0.1:80;\n    server 10.0.0.1:80;\n    server 10.0.0.2:80;\n}\nserver { location / { proxy_pass http://app; } }\n';

/** The report of TEXT with its dialect's fixer replaced, and the duplicate-member finding with its safe fix. */
function sabotaged(edits: (text: string) => TextEdit[]): { report: FileReport; finding: FileReport['findings'][number]; fix: Fix } {
  const { report } = analyse(nginx, TEXT);
  const finding = report.findings.find((f) => f.rule === 'duplicate-member')!;
  const fix = finding.fixes!.find((f) => f.safety === 'safe')!;
  const dialect: Dialect = { ...report.dialect!, fix: () => edits(TEXT) };
  return { report: { ...report, dialect }, finding, fix };
}

function failedChecks(edits: (text: string) => TextEdit[]): CheckName[] {
  const { report, finding, fix } = sabotaged(edits);
  return checkFix(nginx, report, finding, fix, () => undefined).map((f) => f.check);
}

const at = (start: number, end: number, newText: string): TextEdit => ({ loc: { file: '/fuzz/input.nginx', start, end }, newText });

describe('fuzz checks', () => {
  it('pass the real fix of a repeated member', () => {
    const { report } = analyse(nginx, TEXT);
    const finding = report.findings.find((f) => f.rule === 'duplicate-member')!;
    expect(checkFix(nginx, report, finding, finding.fixes![0]!, () => undefined)).toEqual([]);
  });

  it('flag a fix that changes nothing: the finding stays', () => {
    expect(failedChecks(() => [])).toEqual(['fix-removes-finding']);
  });

  it('flag a fix that adds a syntax error', () => {
    const line = TEXT.indexOf('    server 10.0.0.1:80;', 20);
    expect(failedChecks(() => [at(line, line + 24, '    {\n')])).toContain('fix-parses');
  });

  it('flag a fix that edits lines beyond its finding', () => {
    const line = TEXT.indexOf('    server 10.0.0.1:80;', 20);
    expect(failedChecks(() => [at(line, line + 24, ''), at(0, 8, 'upstream')])).toEqual(['fix-stays-in-range']);
  });

  it('flag edits that overlap', () => {
    expect(failedChecks(() => [at(20, 30, ''), at(25, 35, '')])).toEqual(['fix-applies']);
  });

  it('flag an analysis slower than the bound', () => {
    expect(checkInput(nginx, TEXT, { timeBoundMs: () => -1, maxFixes: 0 }).failures.map((f) => f.check)).toEqual(['time-bounded']);
    expect(checkInput(nginx, TEXT, { timeBoundMs: TEST_TIME_BOUND, maxFixes: 8 }).failures).toEqual([]);
  });

  it('shrink a failing input to the lines that matter', () => {
    const text = 'a;\nb;\nneedle;\nc;\nd;\n';
    expect(shrink(text, (t) => t.includes('needle'))).toBe('needle;\n');
  });
});
