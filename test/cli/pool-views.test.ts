/**
 * A one-file `check --format json` prints its pools from the analysis as it writes them
 * (cli/pool-view.ts, issue 12: the HAProxy cold check's peak memory). The text must be the one
 * plain pools give, collecting must compute no shares, and printing must leave the analysis'
 * results as they were: shares a rule did not ask for are made for the print and not kept.
 */
import { describe, expect, it } from 'vitest';
import { outputNeedsOf } from '../../server/src/cli/emit';
import { jsonResultChunks, jsonShareChunks, toJsonResults } from '../../server/src/cli/format-json';
import { OutputCollector } from '../../server/src/cli/output-collector';
import type { OutFile } from '../../server/src/cli/output-model';
import { PoolView } from '../../server/src/cli/pool-view';
import type { FileReport } from '../../server/src/engine/analyze';
import { analyzeFixture, fixtures } from '../rules/fixture-runner';

const joined = (pieces: Iterable<string>): string => [...pieces].join('');

function collect(reports: readonly FileReport[], inPlace: boolean): OutFile[] {
  const collector = new OutputCollector((path) => path, { ...outputNeedsOf('json'), inPlace });
  for (const report of reports) collector.add(report);
  return collector.files();
}

/** Root-file pools whose results in the analysis' memo hold shares. */
const sharesKept = (reports: readonly FileReport[]): number => reports.reduce((n, r) => n + (r.memo?.pools.filter((p) => p.shares).length ?? 0), 0);

describe('pools printed from the analysis', () => {
  it('print what plain pools print, in check and shares json', () => {
    const reports = fixtures().map((f) => analyzeFixture(f.path));
    const plain = collect(reports, false);
    const fresh = fixtures().map((f) => analyzeFixture(f.path));
    const views = collect(fresh, true);
    expect(views.some((f) => f.pools.length > 0 && f.pools.every((p) => p instanceof PoolView))).toBe(true);
    expect(joined(jsonResultChunks(views))).toBe(joined(jsonResultChunks(plain)));
    expect(joined(jsonShareChunks(views))).toBe(joined(jsonShareChunks(plain)));
    // A view reads as the plain pool through JSON.stringify too (toJSON).
    expect(JSON.stringify(toJsonResults(views))).toBe(JSON.stringify(toJsonResults(plain)));
  });

  it('compute no shares when collected, and keep none of those they compute to print', () => {
    const reports = fixtures().map((f) => analyzeFixture(f.path));
    const before = sharesKept(reports);
    const pools = reports.reduce((n, r) => n + (r.memo?.pools.length ?? 0), 0);
    // Most fixture pools have no rule that asks for their shares: the check below means something.
    expect(pools - before).toBeGreaterThan(100);
    const views = collect(reports, true);
    expect(sharesKept(reports)).toBe(before);
    joined(jsonResultChunks(views));
    expect(sharesKept(reports)).toBe(before);
  });

  it('ask the analysis for the shares of an included file\'s pools, which it keeps', () => {
    const reports = fixtures().map((f) => analyzeFixture(f.path));
    let asked = 0;
    const counting = reports.map((report): FileReport => ({ ...report, shares: (pool) => (asked++, report.shares(pool)) }));
    const views = collect(counting, true);
    expect(asked).toBe(0);
    joined(jsonResultChunks(views));
    const included = reports.reduce((n, r) => n + (r.model?.pools.filter((p) => p.loc.file !== r.path).length ?? 0), 0);
    // Pools listed twice (a helper file included by two fixtures) are printed once.
    expect(asked).toBeGreaterThan(0);
    expect(asked).toBeLessThanOrEqual(included);
  });
});
