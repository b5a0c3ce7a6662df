/**
 * The sorted, distinct points of a consistent-hash ring, built from each server's chain of crc32
 * values. This is the costly part of a consistent-hash pool (160 points per unit of weight), so
 * it avoids allocating and comparison sorting:
 * - points are kept as their 32 bits in signed integers (see crc32OfUint32LEBits);
 * - rings of up to `CAPACITY` points are built in fixed module-level buffers, which V8 optimises
 *   much better than typed arrays passed in (it can treat them as constants: about twice as fast
 *   in these loops), and which are reused, so a ring allocates nothing;
 * - the sort is a bucket sort: crc32 values are uniform, so one stable pass by their top bits puts
 *   about one point in each bucket and an insertion sort finishes with almost no moves. Should the
 *   points cluster anyway, the insertion sort gives up after a linear amount of work and a radix
 *   sort takes over, so the cost stays linear.
 */
import { crc32OfUint32LEBits } from './crc32';
import { radixSort } from '../radix-sort';

/** 64K points (a total weight of 409 units) from at most 4K servers; the buffers take 1.3 MB. */
const CAPACITY = 1 << 16;
const SERVER_CAPACITY = 1 << 12;
const KEYS = new Int32Array(CAPACITY);
const VALUES = new Uint32Array(CAPACITY);
const POINTS = new Int32Array(CAPACITY);
const OWNERS = new Uint32Array(CAPACITY);
const BUCKETS = new Uint32Array(CAPACITY);
const OWNED = new Float64Array(SERVER_CAPACITY);
/** XOR with this flips the sign bit, so that signed comparison orders bits as unsigned numbers. */
const SIGN = -0x80000000;

/**
 * Per chain, filled in by `ringPoints`: the hashes its points receive (in units of one hash value)
 * and how many points it has on the ring (repeats of an earlier point do not count).
 */
export interface RingArcs {
  readonly owned: Float64Array;
  readonly points: Uint32Array;
}

export interface RingPoints {
  /** Sorted distinct hashes as signed 32-bit integers (`points[k] >>> 0` is the hash). */
  readonly points: Int32Array;
  /** For each point, the chain (server) that owns it. */
  readonly owners: Uint32Array;
  /** How many entries of `points` and `owners` are the ring; the rest is scratch. */
  readonly count: number;
}

/**
 * Generates the chains, chain after chain: chain g is crc32(prev as four little-endian bytes)
 * continuing from `bases[g]`, `lengths[g]` times, prev starting at 0. Each step waits for the
 * previous one, so two chains are computed side by side, which lets the processor overlap them.
 * `values` gets each point's owner (its chain).
 */
function generate(bases: Int32Array, lengths: Float64Array, keys: Int32Array, values: Uint32Array): void {
  let start = 0;
  for (let g = 0; g < bases.length; g += 2) {
    const a = start;
    const aLength = lengths[g]!;
    const aBase = bases[g]!;
    const b = a + aLength;
    const bLength = g + 1 < bases.length ? lengths[g + 1]! : 0;
    const bBase = g + 1 < bases.length ? bases[g + 1]! : 0;
    let aPrev = 0;
    let bPrev = 0;
    const both = Math.min(aLength, bLength);
    for (let j = 0; j < both; j++) {
      aPrev = crc32OfUint32LEBits(aPrev, aBase);
      bPrev = crc32OfUint32LEBits(bPrev, bBase);
      keys[a + j] = aPrev;
      values[a + j] = g;
      keys[b + j] = bPrev;
      values[b + j] = g + 1;
    }
    for (let j = both; j < aLength; j++) {
      aPrev = crc32OfUint32LEBits(aPrev, aBase);
      keys[a + j] = aPrev;
      values[a + j] = g;
    }
    for (let j = both; j < bLength; j++) {
      bPrev = crc32OfUint32LEBits(bPrev, bBase);
      keys[b + j] = bPrev;
      values[b + j] = g + 1;
    }
    start = b + bLength;
  }
}

/**
 * Keeps the first of each run of equal keys (after sorting), taking the dropped ones off their
 * owners' point counts; returns the new length.
 */
function dropRepeats(keys: Int32Array, values: Uint32Array, n: number, pointCounts: Uint32Array): number {
  let count = 0;
  for (let k = 0; k < n; k++) {
    if (count > 0 && keys[count - 1] === keys[k]) {
      pointCounts[values[k]!]!--;
      continue;
    }
    keys[count] = keys[k]!;
    values[count++] = values[k]!;
  }
  return count;
}

/**
 * Adds every point's arc to its owner: point k receives the hashes in (point k-1, point k], and
 * point 0 also those above the last point. A difference of two hashes equals the difference of
 * their bits read as signed integers with the sign bit flipped. Sums of whole hash values are
 * exact in doubles. `ringPoints` has a copy of this loop over the module's buffers (see there).
 */
function sumArcs(points: Int32Array, owners: Uint32Array, count: number, owned: Float64Array): void {
  if (count === 0) return;
  let previous = (points[count - 1]! ^ SIGN) - 2 ** 32;
  for (let k = 0; k < count; k++) {
    const point = points[k]! ^ SIGN;
    owned[owners[k]!]! += point - previous;
    previous = point;
  }
}

/**
 * Sorts `KEYS[0..n)` (as unsigned numbers) with `VALUES` into `POINTS` and `OWNERS`, stably.
 * Returns whether two keys are equal; then the caller must drop the repeats.
 */
function sortBuffers(n: number): boolean {
  // About one bucket per point.
  let bits = 1;
  while (1 << bits < n) bits++;
  const shift = 32 - bits;
  const size = 1 << bits;
  BUCKETS.fill(0, 0, size);
  for (let i = 0; i < n; i++) BUCKETS[KEYS[i]! >>> shift]!++;
  let sum = 0;
  for (let b = 0; b < size; b++) {
    const count = BUCKETS[b]!;
    BUCKETS[b] = sum;
    sum += count;
  }
  for (let i = 0; i < n; i++) {
    const k = KEYS[i]!;
    const at = BUCKETS[k >>> shift]!++;
    POINTS[at] = k;
    OWNERS[at] = VALUES[i]!;
  }
  // Insertion sort within buckets. A point equal to an earlier one always ends up right after one,
  // where the loop compares them, so a repeat is noticed without another pass.
  let repeats = false;
  let budget = 8 * n;
  for (let i = 1; i < n; i++) {
    const k = POINTS[i]!;
    const flipped = k ^ SIGN;
    let j = i - 1;
    if ((POINTS[j]! ^ SIGN) <= flipped) {
      if (POINTS[j] === k) repeats = true;
      continue;
    }
    const owner = OWNERS[i]!;
    do {
      POINTS[j + 1] = POINTS[j]!;
      OWNERS[j + 1] = OWNERS[j]!;
      j--;
    } while (j >= 0 && (POINTS[j]! ^ SIGN) > flipped);
    POINTS[j + 1] = k;
    OWNERS[j + 1] = owner;
    if (j >= 0 && POINTS[j] === k) repeats = true;
    budget -= i - j;
    if (budget < 0) {
      // Both passes so far were stable, so a stable radix sort of this order is still exact.
      radixSort(POINTS, OWNERS, KEYS, VALUES, n);
      return true;
    }
  }
  return repeats;
}

/**
 * Sorts points (32-bit hashes as signed integers) with their owners the way rings are sorted:
 * by unsigned value, stably. Exposed so that tests can give the sort inputs that crc32 chains
 * would not produce, such as clustered or repeated values.
 */
export function sortPoints(keys: Int32Array, values: Uint32Array): { keys: Int32Array; values: Uint32Array } {
  const n = keys.length;
  if (n > CAPACITY) {
    const sortedKeys = keys.slice();
    const sortedValues = values.slice();
    radixSort(sortedKeys, sortedValues, new Int32Array(n), new Uint32Array(n), n);
    return { keys: sortedKeys, values: sortedValues };
  }
  KEYS.set(keys);
  VALUES.set(values);
  sortBuffers(n);
  return { keys: POINTS.slice(0, n), values: OWNERS.slice(0, n) };
}

/**
 * The ring of the chains. nginx sorts with qsort (glibc's merge sort, stable here) and keeps the
 * first of equal hashes, so ties go to the server declared first: both sorts here are stable over
 * the generation order. The result lives in shared buffers until the next call.
 */
export function ringPoints(bases: Int32Array, lengths: Float64Array, total: number, arcs: RingArcs): RingPoints {
  const servers = bases.length;
  for (let g = 0; g < servers; g++) arcs.points[g] = lengths[g]!;
  if (total > CAPACITY || servers > SERVER_CAPACITY) return largeRingPoints(bases, lengths, total, arcs);
  generate(bases, lengths, KEYS, VALUES);
  const repeats = sortBuffers(total);
  const count = repeats ? dropRepeats(POINTS, OWNERS, total, arcs.points) : total;
  // sumArcs, written over the module's buffers: the per-point read-modify-write of a sum runs
  // markedly faster on them than on arrays passed in.
  OWNED.fill(0, 0, servers);
  let previous = count > 0 ? (POINTS[count - 1]! ^ SIGN) - 2 ** 32 : 0;
  for (let k = 0; k < count; k++) {
    const point = POINTS[k]! ^ SIGN;
    OWNED[OWNERS[k]!]! += point - previous;
    previous = point;
  }
  for (let g = 0; g < servers; g++) arcs.owned[g] = OWNED[g]!;
  return { points: POINTS, owners: OWNERS, count };
}

/** Rings beyond the fixed buffers: the same result from buffers of their own and a radix sort. */
function largeRingPoints(bases: Int32Array, lengths: Float64Array, total: number, arcs: RingArcs): RingPoints {
  const keys = new Int32Array(total);
  const values = new Uint32Array(total);
  generate(bases, lengths, keys, values);
  radixSort(keys, values, new Int32Array(total), new Uint32Array(total), total);
  const count = dropRepeats(keys, values, total, arcs.points);
  sumArcs(keys, values, count, arcs.owned);
  return { points: keys, owners: values, count };
}
