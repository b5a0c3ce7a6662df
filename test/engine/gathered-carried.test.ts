/**
 * Issue 12: gathered findings keep where a carried finding came from (its pool's move, its results
 * and its index there) only once a carried pool arrives. An analysis without a previous version
 * gathers fresh findings alone, and made three more lists as long as its findings to hold zeros.
 */
import { describe, expect, it } from 'vitest';
import type { Finding } from '../../server/src/core/finding';
import { GatheredFindings } from '../../server/src/engine/gathered-findings';
import { freshResults, keepFindings, carriedResults } from '../../server/src/engine/incremental';
import type { Pool } from '../../server/src/core/model';

const ROOT = '/g/nginx.conf';
const at = (start: number, rule = 'weight-skew', file = ROOT): Finding => ({ rule, severity: 'warning', message: `at ${start}`, loc: { file, start, end: start + 1 } });
const pool = (start: number): Pool => ({ loc: { file: ROOT, start, end: start + 10 } }) as unknown as Pool;

describe('gathered findings without carried pools (issue 12)', () => {
  it('hold one list, of the findings, when nothing is carried', () => {
    const gathered = new GatheredFindings(ROOT);
    gathered.addAll([at(30), at(10), at(20, 'single-member')]);
    gathered.add(at(5, 'syntax-error', '/g/other.conf'));
    const lists = Object.values(gathered).filter(Array.isArray);
    expect(lists).toHaveLength(1);
    expect(gathered.listed().map((f) => [f.loc.file, f.loc.start])).toEqual([
      [ROOT, 10],
      [ROOT, 20],
      [ROOT, 30],
      ['/g/other.conf', 5],
    ]);
  });

  it('move carried findings, and only those, wherever fresh ones came before or after them', () => {
    // A pool analysed at 100 with two findings, carried 50 further by an edit above it.
    const before = freshResults(pool(100));
    keepFindings(before, [at(102), at(105, 'single-member')], ROOT);
    const moved = carriedResults(pool(150), before, 50, false, false);
    const gathered = new GatheredFindings(ROOT);
    gathered.addAll([at(10), at(140)]);
    gathered.addPool(moved);
    gathered.add(at(200));
    // An empty carried pool adds nothing.
    gathered.addPool(freshResults(pool(300)));
    const listed = gathered.listed();
    expect(listed.map((f) => [f.loc.start, f.message])).toEqual([
      [10, 'at 10'],
      [140, 'at 140'],
      [152, 'at 102'],
      [155, 'at 105'],
      [200, 'at 200'],
    ]);
    // A moved finding is made once and kept in its pool's results for the next version.
    expect(gathered.listed()[2]).toBe(listed[2]);
    expect(moved.listed?.[0]).toBe(listed[2]);
    expect(gathered.all().map((f) => f.loc.start).sort((a, b) => a - b)).toEqual([10, 140, 152, 155, 200]);
  });
});
