/**
 * The sorted, distinct points of a consistent-hash ring, built from each server's chain of crc32
 * values. This is the costly part of a consistent-hash pool (160 points per unit of weight, tens
 * of millions on a large configuration), so it avoids allocating and comparison sorting:
 * - points are kept as their 32 bits in signed integers (see crc32OfUint32LEBits);
 * - rings of up to `CAPACITY` points are built in the fixed buffers of ring-buffers.ts, reused,
 *   so a ring allocates nothing;
 * - the sort is a two-level bucket sort that stays in the processor's caches: one stable pass
 *   by the top bits writes at most 256 sequential streams, then each of those partitions (a
 *   256th of a large ring, some 256 points of a small one) is bucketed by its next bits into
 *   about one bucket per point, close together in memory, and an insertion sort finishes with
 *   almost no moves (crc32 values are uniform).
 *   Should the points cluster anyway, the insertion sort gives up after a linear amount of work
 *   and a radix sort takes over, so the cost stays linear;
 * - generating a chain counts its points' partitions, and dropping repeated points and summing
 *   arcs is one final pass.
 */
import { crc32OfUint32LEBits } from './crc32';
import { radixSort } from '../radix-sort';
import { CAPACITY, KEYS, OWNED, SERVER_CAPACITY, SIGN, SPARE_KEYS as GROUPED, SPARE_VALUES as GROUPED_OWNERS, VALUES } from './ring-buffers';

/**
 * At most 256 partitions, and about 256 points per partition in smaller rings: a partition costs
 * a few loops of its own, which a ring of a few hundred points should not pay 256 times.
 */
const MAX_PARTITION_BITS = 8;
const POINTS_PER_PARTITION_BITS = 8;
/**
 * Partition starts (counts while generating). ring-arcs.ts counts its low digit of 11 bits here.
 */
export const STARTS = new Uint32Array(1 << 11);
/** Buckets within one partition: at most 2^16, so a clustered partition relies on the fallback. */
const MAX_BUCKET_BITS = 16;
const BUCKETS = new Uint32Array(1 << MAX_BUCKET_BITS);

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
 * `values` gets each point's owner (its chain); `STARTS` counts the points by their bits
 * `(point >>> shift) & mask` (a partition here, a radix digit in ring-arcs.ts).
 */
export function generate(bases: Int32Array, lengths: Float64Array, keys: Int32Array, values: Uint32Array, shift: number, mask: number): void {
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
      STARTS[(aPrev >>> shift) & mask]!++;
      keys[b + j] = bPrev;
      values[b + j] = g + 1;
      STARTS[(bPrev >>> shift) & mask]!++;
    }
    for (let j = both; j < aLength; j++) {
      aPrev = crc32OfUint32LEBits(aPrev, aBase);
      keys[a + j] = aPrev;
      values[a + j] = g;
      STARTS[(aPrev >>> shift) & mask]!++;
    }
    for (let j = both; j < bLength; j++) {
      bPrev = crc32OfUint32LEBits(bPrev, bBase);
      keys[b + j] = bPrev;
      values[b + j] = g + 1;
      STARTS[(bPrev >>> shift) & mask]!++;
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
 * exact in doubles. `keepFirstAndSum` is this loop fused with dropping repeats, over the module's buffers.
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

/** Bits of the partition index for a ring of n points: 1 to 8, about 256 points per partition. */
function partitionBits(n: number): number {
  let bits = 1;
  while (bits < MAX_PARTITION_BITS && n >>> (bits + POINTS_PER_PARTITION_BITS) > 0) bits++;
  return bits;
}

/**
 * Sorts `KEYS[0..n)` (as unsigned numbers) with `VALUES` in place, stably; `STARTS` holds the
 * count of each partition (the top `partition` bits).
 */
function sortBuffers(n: number, partition: number): void {
  const top = 32 - partition;
  const partitions = 1 << partition;
  let sum = 0;
  for (let p = 0; p < partitions; p++) {
    const count = STARTS[p]!;
    STARTS[p] = sum;
    sum += count;
  }
  for (let i = 0; i < n; i++) {
    const k = KEYS[i]!;
    const at = STARTS[k >>> top]!++;
    GROUPED[at] = k;
    GROUPED_OWNERS[at] = VALUES[i]!;
  }
  // STARTS[p] is now the end of partition p.
  let start = 0;
  for (let p = 0; p < partitions; p++) {
    const end = STARTS[p]!;
    if (end - start > 1) sortPartition(start, end, top);
    else if (end > start) {
      KEYS[start] = GROUPED[start]!;
      VALUES[start] = GROUPED_OWNERS[start]!;
    }
    start = end;
  }
}

/**
 * Sorts one partition `GROUPED[start..end)` (points sharing their bits from `top` up) into
 * `KEYS[start..end)`, stably: buckets by the next bits, about one per point, then insertion.
 */
function sortPartition(start: number, end: number, top: number): void {
  const m = end - start;
  let bits = 1;
  while (1 << bits < m && bits < MAX_BUCKET_BITS) bits++;
  const shift = top - bits;
  const size = 1 << bits;
  const mask = size - 1;
  BUCKETS.fill(0, 0, size);
  for (let i = start; i < end; i++) BUCKETS[(GROUPED[i]! >>> shift) & mask]!++;
  let sum = start;
  for (let b = 0; b < size; b++) {
    const count = BUCKETS[b]!;
    BUCKETS[b] = sum;
    sum += count;
  }
  for (let i = start; i < end; i++) {
    const k = GROUPED[i]!;
    const at = BUCKETS[(k >>> shift) & mask]!++;
    KEYS[at] = k;
    VALUES[at] = GROUPED_OWNERS[i]!;
  }
  // The points share their top bit, so signed order is unsigned order here, but flipping keeps
  // the comparison obviously right.
  let budget = 8 * m;
  for (let i = start + 1; i < end; i++) {
    const k = KEYS[i]!;
    const flipped = k ^ SIGN;
    let j = i - 1;
    if ((KEYS[j]! ^ SIGN) <= flipped) continue;
    const owner = VALUES[i]!;
    do {
      KEYS[j + 1] = KEYS[j]!;
      VALUES[j + 1] = VALUES[j]!;
      j--;
    } while (j >= start && (KEYS[j]! ^ SIGN) > flipped);
    KEYS[j + 1] = k;
    VALUES[j + 1] = owner;
    budget -= i - j;
    if (budget < 0) {
      // Both passes so far were stable, so a stable radix sort of this order is still exact.
      radixSort(KEYS.subarray(start, end), VALUES.subarray(start, end), new Int32Array(m), new Uint32Array(m), m);
      return;
    }
  }
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
  const partition = partitionBits(n);
  STARTS.fill(0);
  for (let i = 0; i < n; i++) STARTS[keys[i]! >>> (32 - partition)]!++;
  sortBuffers(n, partition);
  return { keys: KEYS.slice(0, n), values: VALUES.slice(0, n) };
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
  const partition = partitionBits(total);
  STARTS.fill(0);
  generate(bases, lengths, KEYS, VALUES, 32 - partition, 0xff);
  sortBuffers(total, partition);
  OWNED.fill(0, 0, servers);
  const count = keepFirstAndSum(total, arcs.points);
  for (let g = 0; g < servers; g++) arcs.owned[g] = OWNED[g]!;
  return { points: KEYS, owners: VALUES, count };
}

/**
 * Keeps the first of each run of equal points in the sorted KEYS/VALUES (taking the others off
 * their owners' counts) and adds every point's arc to its owner in OWNED, in one pass over the
 * module's buffers: the per-point read-modify-write of a sum runs markedly faster on them than on
 * arrays passed in. Returns the number of points kept. A function of its own that ends with its
 * loop: the optimising compiler enters the loop in the middle, and code after it that had not run
 * yet made such an entry end in a deoptimisation, over and over (81 times in one cold run).
 */
function keepFirstAndSum(total: number, pointCounts: Uint32Array): number {
  let count = 0;
  let previous = total > 0 ? (KEYS[total - 1]! ^ SIGN) - 2 ** 32 : 0;
  for (let k = 0; k < total; k++) {
    const key = KEYS[k]!;
    const owner = VALUES[k]!;
    if (count > 0 && KEYS[count - 1] === key) {
      pointCounts[owner]!--;
      continue;
    }
    KEYS[count] = key;
    VALUES[count++] = owner;
    const point = key ^ SIGN;
    OWNED[owner]! += point - previous;
    previous = point;
  }
  return count;
}

/** Rings beyond the fixed buffers: the same result from buffers of their own and a radix sort. */
function largeRingPoints(bases: Int32Array, lengths: Float64Array, total: number, arcs: RingArcs): RingPoints {
  const keys = new Int32Array(total);
  const values = new Uint32Array(total);
  // The partition counts are not used here (any shift keeps them in range).
  generate(bases, lengths, keys, values, 24, 0xff);
  radixSort(keys, values, new Int32Array(total), new Uint32Array(total), total);
  const count = dropRepeats(keys, values, total, arcs.points);
  sumArcs(keys, values, count, arcs.owned);
  return { points: keys, owners: values, count };
}
