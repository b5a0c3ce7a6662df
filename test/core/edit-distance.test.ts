/**
 * The capped edit distance behind "did you mean" (core/text.ts) equals Levenshtein's distance
 * capped at 3, and a suggestion made over many upstreams builds no rows per name compared: a name
 * missing from a thousand upstreams (a letter typed before `upstream` renames one) is compared with
 * each of them on every edit, and every reference to it shares what the upstreams say about it.
 */
import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { noIncludes } from '../../server/src/core/dialect';
import { editDistance } from '../../server/src/core/text';
import { analyzeFile } from '../../server/src/engine/analyze';

/** Levenshtein's distance, the textbook table. */
function levenshtein(a: string, b: string): number {
  const table = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      table[i]![j] = Math.min(table[i - 1]![j]! + 1, table[i]![j - 1]! + 1, table[i - 1]![j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
  }
  return table[a.length]![b.length]!;
}

describe('editDistance', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it("is Levenshtein's distance capped at 3", () => {
    const word = fc.string({ unit: fc.constantFrom('a', 'b', 'c', '_', '1', 'é'), maxLength: 12 });
    fc.assert(
      fc.property(word, word, (a, b) => {
        expect(editDistance(a, b)).toBe(Math.min(levenshtein(a, b), 3));
      }),
      { numRuns: 3000, seed: 7 },
    );
    expect(editDistance('shard_592', 'shard_529')).toBe(2);
    expect(editDistance('backend', 'backends')).toBe(1);
    expect(editDistance('', 'abc')).toBe(3);
    // Longer names than any before grow the scratch rows.
    expect(editDistance('x'.repeat(200), `${'x'.repeat(199)}y`)).toBe(1);
  });

  it('suggests the closest upstream without building rows per upstream compared', () => {
    const upstreams = Array.from({ length: 300 }, (_, n) => `upstream shard_${n} {\n    server 10.0.${n >> 8}.${n & 255}:80;\n}\n`).join('');
    const text = `http {\n${upstreams}server {\n    listen 80;\n    location / {\n        proxy_pass http://shard_x12;\n    }\n}\n}\n`;
    const from = vi.spyOn(Array, 'from');
    const report = analyzeFile({ path: '/etc/nginx/nginx.conf', text }, noIncludes, { dialect: 'nginx' });
    const finding = report.findings.find((f) => f.rule === 'undefined-pool');
    expect(finding?.message).toContain('Did you mean shard_12?');
    // Each comparison made its first row with Array.from: 300 of them before.
    expect(from.mock.calls.length).toBeLessThan(30);
  });

  it('compares a missing name with the upstreams once, however many references name it', () => {
    const upstreams = Array.from({ length: 300 }, (_, n) => `upstream shard_${n} {\n    server 10.0.${n >> 8}.${n & 255}:80;\n}\n`).join('');
    const config = (references: number): string => {
      const locations = Array.from({ length: references }, (_, n) => `    location /${n}/ {\n        proxy_pass http://shard_x12;\n    }\n`).join('');
      return `http {\n${upstreams}server {\n    listen 80;\n${locations}}\n}\n`;
    };
    const lowered = vi.spyOn(String.prototype, 'toLowerCase');
    const calls = (references: number): number => {
      lowered.mockClear();
      const report = analyzeFile({ path: '/etc/nginx/nginx.conf', text: config(references) }, noIncludes, { dialect: 'nginx' });
      expect(report.findings.filter((f) => f.rule === 'undefined-pool')).toHaveLength(references);
      return lowered.mock.calls.length;
    };
    const one = calls(1);
    // Each reference lower-cased every upstream's name again: 5,814 more calls for 20 references before.
    expect(calls(20) - one).toBeLessThan(300);
  });
});
