/**
 * Issue 12: the engine sorts each pool's findings in place (by insertion for a short list), not
 * with `Array.prototype.sort`, which copies every list into a work array first. The order is the
 * built-in stable sort's.
 */
import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { noIncludes } from '../../server/src/core/dialect';
import type { Finding } from '../../server/src/core/finding';
import { analyzeFile } from '../../server/src/engine/analyze';
import { byLocation, sortByLocation } from '../../server/src/engine/by-location';

const finding = fc
  .record({
    file: fc.constantFrom('/a.conf', '/b.conf'),
    start: fc.integer({ min: 0, max: 6 }),
    length: fc.integer({ min: 0, max: 2 }),
    rule: fc.constantFrom('weight-skew', 'single-member', 'no-health-check'),
  })
  .map(({ file, start, length, rule }): Finding => ({ rule, severity: 'warning', message: '', loc: { file, start, end: start + length } }));

describe('findings sorted by location in place (issue 12)', () => {
  afterEach(() => vi.restoreAllMocks());

  it('gives the order of the built-in stable sort, ties kept in their order', () => {
    fc.assert(
      fc.property(fc.array(finding, { maxLength: 40 }), (list) => {
        const sorted = list.slice();
        sortByLocation(sorted);
        // Objects compared by identity: equal findings stay in the order they came in.
        expect(sorted).toStrictEqual(list.slice().sort(byLocation));
        sorted.forEach((f, i) => expect(f).toBe(list.slice().sort(byLocation)[i]));
      }),
      { numRuns: 300, seed: 12 },
    );
  });

  it('sorts no pool finding list with Array.prototype.sort', () => {
    // Two upstreams with several findings each (skewed weights, no health checks).
    const upstream = (name: string, port: number) =>
      `    upstream ${name} {\n        server 10.0.0.1:${port} weight=9 max_fails=3;\n        server 10.0.0.2:${port};\n        server 10.0.0.3:${port} backup;\n    }\n` +
      `    server { listen ${port}; location / { proxy_pass http://${name}; } }\n`;
    const text = `events {}\nhttp {\n${upstream('a', 81)}${upstream('b', 82)}}\n`;
    const sorted: unknown[][] = [];
    const builtIn = Array.prototype.sort;
    vi.spyOn(Array.prototype, 'sort').mockImplementation(function (this: unknown[], compare) {
      sorted.push(this);
      return builtIn.call(this, compare);
    });
    const report = analyzeFile({ path: '/order/nginx.conf', text }, noIncludes);
    vi.restoreAllMocks();
    expect(report.findings.length).toBeGreaterThan(3);
    const findingLists = sorted.filter((list) => list.length > 1 && list.every((x) => typeof x === 'object' && x !== null && 'rule' in x));
    expect(findingLists).toEqual([]);
    // The listed order is by location all the same.
    const listed = report.findings.slice();
    expect(listed).toEqual(builtIn.call(listed.slice(), byLocation));
  });
});
