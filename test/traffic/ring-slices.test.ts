/**
 * Large consistent-hash rings summed slice by slice (ring-arcs.ts, `SLICE_POINTS`): the same
 * points per address and the same hashes received as the sorted ring, byte for byte, while the
 * working buffers are touched only as far as one slice reaches, and rings past the buffers'
 * capacity take the same path instead of arrays of their own.
 */
import { describe, expect, it } from 'vitest';
import { crc32OfUint32LEBits, twoChainSteps } from '../../server/src/traffic/nginx/crc32';
import { ketamaArcs, ketamaRingView, ringChains, type RingServer } from '../../server/src/traffic/nginx/ketama';
import { SLICE_POINTS } from '../../server/src/traffic/nginx/ring-arcs';
import { CAPACITY, KEYS } from '../../server/src/traffic/nginx/ring-buffers';
import { seededRandom } from './reference';

const random = seededRandom(2026_12);

function servers(count: number, weight: () => number): RingServer[] {
  return Array.from({ length: count }, (_, i) => ({ address: `10.${i >> 8}.${i & 255}.${1 + Math.floor(random() * 250)}:${8000 + i}`, weight: weight() }));
}

/** The arcs of the sorted ring (ring-points.ts), copied out of the shared buffers. */
function sortedArcs(ring: readonly RingServer[]): { owned: number[]; points: number[] } {
  const { arcs } = ketamaRingView(ring);
  return { owned: Array.from(arcs.owned), points: Array.from(arcs.points) };
}

function slicedArcs(ring: readonly RingServer[]): { owned: number[]; points: number[] } {
  const arcs = ketamaArcs(ringChains(ring));
  return { owned: Array.from(arcs.owned), points: Array.from(arcs.points) };
}

describe('two chain steps at once', () => {
  it('gives the point two steps on, from any point of any chain', () => {
    for (let n = 0; n < 20_000; n++) {
      const base = (random() * 2 ** 32) | 0;
      const prev = (random() * 2 ** 32) | 0;
      const second = crc32OfUint32LEBits(crc32OfUint32LEBits(0, base), base);
      expect(twoChainSteps(prev, second)).toBe(crc32OfUint32LEBits(crc32OfUint32LEBits(prev, base), base));
    }
  });
});

describe('large rings summed in slices', () => {
  it('gives the sorted ring’s arcs on rings of two to eleven slices', () => {
    for (const ring of [servers(3, () => 700), servers(9, () => 200 + Math.floor(random() * 200)), servers(40, () => 250)]) {
      const total = ringChains(ring).total;
      expect(total).toBeGreaterThan(SLICE_POINTS);
      expect(slicedArcs(ring)).toEqual(sortedArcs(ring));
    }
  });

  it('touches the working buffers only as far as a slice reaches', () => {
    const ring = servers(4, () => 1000);
    expect(ringChains(ring).total).toBe(640_000);
    const sentinel = 0x5a5a5a5a;
    KEYS.fill(sentinel, SLICE_POINTS * 2);
    const arcs = slicedArcs(ring);
    // Past two slices' worth of points, nothing was written (a whole ring would reach 640,000).
    expect(KEYS.subarray(SLICE_POINTS * 2).every((key) => key === sentinel)).toBe(true);
    expect(arcs.points.reduce((sum, n) => sum + n, 0)).toBeGreaterThan(639_000);
  });

  it('sums a ring past the buffers’ capacity like the sorted one', () => {
    const ring = servers(5, () => 3000);
    expect(ringChains(ring).total).toBeGreaterThan(CAPACITY);
    expect(slicedArcs(ring)).toEqual(sortedArcs(ring));
  }, 60_000);
});
