/**
 * How much of the tree stores a parse leaves unused. Every store is zeroed when it is allocated
 * (450de1a), so an unused tail costs time and memory for nothing; a 10 MB file used to leave a
 * third of its 16 MB unused. The stores start near the density of dense configurations and, when a
 * text is denser still, grow once by what it has proved to need instead of doubling.
 */
import { describe, expect, it } from 'vitest';
import { ringHeavyNginx, syntheticNginx, typicalNginx } from '../../../bench/generate';
import { parseFlatNginxTree } from '../../../server/src/dialects/nginx/tree-parser';
import { DIRECTIVE_STRIDE } from '../../../server/src/dialects/nginx/tree-store';

const MB = 1024 * 1024;

function unused(text: string): { directives: number; args: number } {
  const { directives, args } = parseFlatNginxTree(text).tree.store;
  return {
    directives: 1 - directives.count / (directives.data.length / DIRECTIVE_STRIDE),
    args: 1 - args.count / args.bits.length,
  };
}

/** `count` one-argument directives of exactly `bytes` characters each, newline included. */
function evenText(count: number, bytes: number): string {
  const line = `a ${'b'.repeat(bytes - 5)};\n`;
  return line.repeat(count);
}

describe('nginx tree store capacity', () => {
  it('leaves at most a fifth of the stores unused on the bench shapes', () => {
    for (const text of [typicalNginx(2 * MB), syntheticNginx(2 * MB), ringHeavyNginx(2 * MB, 12)]) {
      const left = unused(text);
      expect(left.directives).toBeLessThan(0.2);
      expect(left.args).toBeLessThan(0.3);
    }
  });

  it('grows a text denser than the estimate once, to what it needs', () => {
    // One directive and one argument per 30 characters: denser than the first estimate of 1 per
    // 38, less than half as dense as doubling would make room for.
    const left = unused(evenText(40_000, 30));
    expect(left.directives).toBeGreaterThanOrEqual(0);
    expect(left.directives).toBeLessThan(0.15);
    // Arguments start at 1 per 21 characters, which this text never reaches.
    expect(left.args).toBeGreaterThan(0.25);
  });

  it('keeps every directive and argument of a text far denser than the estimate', () => {
    const text = 'a;'.repeat(50_000) + 'b c d e f g;'.repeat(20_000);
    const { tree } = parseFlatNginxTree(text);
    expect(tree.count).toBe(70_000);
    expect(tree.name(49_999)).toBe('a');
    expect(tree.name(69_999)).toBe('b');
    expect(tree.argCount(69_999)).toBe(5);
    expect(tree.argValue(69_999, 4)).toBe('g');
    expect(tree.end(69_999)).toBe(text.length);
  });
});
