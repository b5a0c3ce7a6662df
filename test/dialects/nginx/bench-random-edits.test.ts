/**
 * The edits bench types at seeded random places as well as at its fixed one (bench/edit-latency.ts):
 * the places are the same on every run, lie inside the text, and spread over the whole file
 * (indentation, names, numbers), not one line. The bench itself never runs in a test.
 */
import { describe, expect, it } from 'vitest';
import { ringHeavyNginx } from '../../../bench/generate';
import { randomEdits } from '../../../bench/edit-latency';

describe('seeded random edit places of the edits bench', () => {
  it('are the same on every run, inside the text and spread over it', () => {
    const text = ringHeavyNginx(200_000, 12);
    const lines = text.split('\n');
    const edits = randomEdits(text, 20261207, 100);
    expect(randomEdits(text, 20261207, 100)).toEqual(edits);
    expect(randomEdits(text, 7, 100)).not.toEqual(edits);
    for (const { line, character, insert } of edits) {
      expect(line).toBeLessThan(lines.length);
      expect(character).toBeLessThanOrEqual(lines[line]!.length);
      expect(insert).toMatch(/^[a-z]$/);
    }
    const distinct = new Set(edits.map((e) => e.line));
    expect(distinct.size).toBeGreaterThan(90);
    // Half of the file before the middle, half after.
    const early = edits.filter((e) => e.line < lines.length / 2).length;
    expect(early).toBeGreaterThan(30);
    expect(early).toBeLessThan(70);
    // Some land in the indentation, some in words.
    expect(edits.some((e) => /^\s*$/.test(lines[e.line]!.slice(0, e.character)))).toBe(true);
    expect(edits.some((e) => /\w$/.test(lines[e.line]!.slice(0, e.character)))).toBe(true);
  });
});
