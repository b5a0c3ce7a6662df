/**
 * The CLI writes `--format json` straight from the output model and makes only what a format
 * prints (issue 12, point 3). The text must stay byte for byte what JSON.stringify printed of the
 * contract's value, and a format that prints no pools must not compute any pool's shares.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { outputNeedsOf } from '../../server/src/cli/emit';
import { jsonResultChunks, jsonShareChunks, toJsonResults, toJsonShares } from '../../server/src/cli/format-json';
import { OutputCollector } from '../../server/src/cli/output-collector';
import type { OutFile, OutFinding, OutPool } from '../../server/src/cli/output-model';
import type { FileReport } from '../../server/src/engine/analyze';
import { analyzeFixture, fixtures } from '../rules/fixture-runner';

const joined = (pieces: Iterable<string>): string => [...pieces].join('');
const stringified = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;

// Strings with quotes, backslashes, control characters, non-ASCII and lone surrogates.
const text = fc.string({ unit: fc.oneof(fc.constantFrom('"', '\\', '\n', '\u0000', '\u2028', 'é', '\ud800', '\udc00', '😀'), fc.string({ minLength: 1, maxLength: 1 })), maxLength: 12 });
// Numbers JSON writes in several ways (exponents, negative zero) or not at all (null).
const number = fc.oneof(fc.integer(), fc.double(), fc.constantFrom(0, -0, 1e21, 1e-7, 0.1 + 0.2, Number.NaN, Number.POSITIVE_INFINITY));

const finding: fc.Arbitrary<OutFinding> = fc.record({
  rule: text,
  severity: fc.constantFrom('error', 'warning', 'info', 'hint'),
  message: text,
  path: text,
  line: number,
  column: number,
  endLine: number,
  endColumn: number,
  lineText: text,
  related: fc.constant([]),
  fixes: fc.array(fc.record({ title: text, safety: fc.constantFrom('safe', 'unsafe') }), { maxLength: 3 }),
});

const pool: fc.Arbitrary<OutPool> = fc.record(
  {
    name: text,
    algorithm: text,
    line: number,
    estimated: text,
    members: fc.array(fc.record({ address: text, weight: number, role: text, state: text, share: number, line: number }), { maxLength: 4 }),
  },
  { requiredKeys: ['name', 'algorithm', 'line', 'members'] },
);

const files: fc.Arbitrary<OutFile[]> = fc.array(
  fc.record({ path: text, dialect: text, findings: fc.array(finding, { maxLength: 4 }), pools: fc.array(pool, { maxLength: 4 }) }),
  { maxLength: 3 },
);

function collect(reports: readonly FileReport[], format: 'text' | 'json' | 'sarif' | 'github'): OutFile[] {
  const collector = new OutputCollector((path) => path, outputNeedsOf(format));
  for (const report of reports) collector.add(report);
  return collector.files();
}

describe('JSON written from the output model', () => {
  it('is what JSON.stringify printed of the contract value, on random output models', () => {
    fc.assert(
      fc.property(files, (value) => {
        expect(joined(jsonResultChunks(value))).toBe(stringified(toJsonResults(value)));
        expect(joined(jsonShareChunks(value))).toBe(stringified(toJsonShares(value)));
      }),
      { numRuns: 400 },
    );
  });

  it('is what JSON.stringify printed on the findings and pools of every rule fixture', () => {
    const reports = fixtures().map((f) => analyzeFixture(f.path));
    const value = collect(reports, 'json');
    expect(value.some((f) => f.pools.length > 0 && f.findings.some((x) => x.fixes.length > 0))).toBe(true);
    expect(joined(jsonResultChunks(value))).toBe(stringified(toJsonResults(value)));
    expect(joined(jsonShareChunks(value))).toBe(stringified(toJsonShares(value)));
  });
});

describe('what a format does not print is not made', () => {
  const reports = fixtures()
    .filter((f) => f.path.endsWith('.conf') || f.path.endsWith('.nginx'))
    .map((f) => analyzeFixture(f.path));

  it('lists the same files in the same order for every format', () => {
    const paths = (format: 'text' | 'json' | 'sarif' | 'github') => collect(reports, format).map((f) => f.path);
    expect(paths('text')).toEqual(paths('json'));
    expect(paths('sarif')).toEqual(paths('json'));
    expect(paths('github')).toEqual(paths('json'));
  });

  it('asks no pool for its shares in text, sarif and github output, and every pool in json', () => {
    for (const format of ['text', 'sarif', 'github', 'json'] as const) {
      let asked = 0;
      const counting = reports.map((report): FileReport => ({ ...report, shares: (pool) => (asked++, report.shares(pool)) }));
      const out = collect(counting, format);
      const pools = out.reduce((n, f) => n + f.pools.length, 0);
      if (format === 'json') {
        expect(pools).toBeGreaterThan(0);
        expect(asked).toBe(pools);
      } else {
        expect(pools).toBe(0);
        expect(asked).toBe(0);
      }
    }
  });

  it('keeps snippets, related locations and fix edits for text and sarif only', () => {
    const withDetails = collect(reports, 'sarif').flatMap((f) => f.findings);
    const without = collect(reports, 'json').flatMap((f) => f.findings);
    expect(withDetails.some((f) => f.lineText !== '' && f.related.length > 0 && f.fixes.some((fix) => fix.edits))).toBe(true);
    expect(without.map(({ lineText, lineTextOffset, related, fixes, ...rest }) => rest)).toEqual(
      withDetails.map(({ lineText, lineTextOffset, related, fixes, ...rest }) => rest),
    );
    expect(without.every((f) => f.lineText === '' && f.related.length === 0 && f.fixes.every((fix) => fix.edits === undefined))).toBe(true);
    expect(collect(reports, 'text').flatMap((f) => f.findings)).toEqual(withDetails);
  });
});
