/**
 * The CLI writes JSON and SARIF reports in pieces; joined, the pieces must be byte for byte what
 * JSON.stringify(value, null, 2) prints, for any value the formats could hold and more.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsonChunks } from '../../server/src/cli/json-chunks';

const joined = (value: unknown): string => [...jsonChunks(value)].join('');
const expected = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;

describe('jsonChunks', () => {
  it('prints what JSON.stringify prints, on random JSON values', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 6 }), (value) => {
        expect(joined(value)).toBe(expected(value));
      }),
      { numRuns: 500 },
    );
  });

  it('skips what JSON.stringify skips and writes null where it does', () => {
    const value = {
      a: undefined,
      b: () => 1,
      c: [undefined, () => 2, Symbol('s'), 1],
      d: { e: new Date(0), f: { g: [{}, [], { h: undefined }] } },
      'quote"key': 'line\nbreak',
    };
    expect(joined(value)).toBe(expected(value));
  });

  it('keeps each piece small for a report with many pools', () => {
    const report = {
      version: 1,
      files: [{ path: 'a.conf', pools: Array.from({ length: 2000 }, (_, i) => ({ name: `p${i}`, members: [{ address: `10.0.0.${i % 250}:80`, share: 0.5 }] })) }],
    };
    const pieces = [...jsonChunks(report)];
    expect(pieces.join('')).toBe(expected(report));
    expect(Math.max(...pieces.map((p) => p.length))).toBeLessThan(500);
  });
});
