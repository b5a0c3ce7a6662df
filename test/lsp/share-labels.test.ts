/**
 * The shares the editor shows side by side add up (issue 14, point 6): inlay hints and the pool
 * hover round a pool's shares together, not each on its own.
 */
import { describe, expect, it } from 'vitest';
import { poolPercents } from '../../server/src/lsp/features/share-labels';

const sum = (labels: readonly string[]) => Math.round(labels.reduce((total, l) => total + Number.parseFloat(l), 0) * 10) / 10;

describe('poolPercents', () => {
  it('keeps whole percents when they add up', () => {
    expect(poolPercents([0.5, 0.25, 0.25])).toEqual(['50%', '25%', '25%']);
  });

  it('shows one decimal when whole percents would not add up (5/1/1/1 read 63 + 13 + 13 + 13 = 102%)', () => {
    expect(poolPercents([5 / 8, 1 / 8, 1 / 8, 1 / 8])).toEqual(['62.5%', '12.5%', '12.5%', '12.5%']);
    expect(poolPercents([5 / 7, 1 / 7, 1 / 7])).toEqual(['71.4%', '14.3%', '14.3%']);
  });

  it('falls back to largest remainders when neither adds up', () => {
    expect(poolPercents([1 / 3, 1 / 3, 1 / 3])).toEqual(['34%', '33%', '33%']);
  });

  it('never shows a member that gets traffic as 0%', () => {
    const labels = poolPercents([0.996, 0.002, 0.002]);
    expect(labels).toEqual(['99.6%', '0.2%', '0.2%']);
  });

  it('adds up to 100% for every pool of up to 12 members with weights 1..9', () => {
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let run = 0; run < 2000; run++) {
      const weights = Array.from({ length: 1 + Math.floor(random() * 12) }, () => 1 + Math.floor(random() * 9));
      const total = weights.reduce((a, b) => a + b, 0);
      const labels = poolPercents(weights.map((w) => w / total));
      expect(sum(labels), `${weights.join('/')} -> ${labels.join(' ')}`).toBe(100);
      expect(labels.every((l) => l !== '0%' && l !== '0.0%')).toBe(true);
    }
  });

  it('leaves a pool that hands out nothing at 0%', () => {
    expect(poolPercents([0, 0])).toEqual(['0%', '0%']);
  });
});
