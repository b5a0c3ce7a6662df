/**
 * What each server owns on a large consistent-hash ring, without building the ring. Shares need
 * only each server's points and the hashes its points receive, and a point receives the hashes
 * between its predecessor and itself, so the points need not end up in one sorted array:
 * - a stable radix sort by the low 22 bits (two passes of 11 bits) leaves the points of each group
 *   that shares the top 10 bits in increasing order, though groups are interleaved;
 * - one more pass then walks the points in that order, remembering the last point of each group:
 *   every point's predecessor is the last point of its group so far, except for the first of a
 *   group, whose predecessor is the last point of the group before (settled after the pass, over
 *   the 1,024 groups). Repeated points are adjacent within a group, and the first of them (in
 *   generation order, as in nginx's stable sort) keeps the point.
 * That is two passes that move points instead of three, and no sorted copy. The points are
 * generated, moved and walked packed with their owners in one double each (ring-buffers.ts,
 * OWNER_UNIT): one 8-byte word to one place instead of two 4-byte words to two, which took a fifth
 * off the CPU time of these rings (measured alternately in one process over 281 random rings of
 * the ring-heavy benchmark's shape: 13.4 -> 10.9 ns per point, 17.3 -> 14.1 scaled tenfold). A
 * bucket pass by the top bits with an insertion sort of the tiny buckets instead took twice as
 * long: the counts and moves into some 16K buckets per 32K points miss the caches. The fixed
 * cost per ring (two tables of 2,048 counts and the groups) is paid back from some thousands of
 * points (`ARCS_MIN_POINTS`); smaller rings, and rings whose points are needed, use ring-points.ts.
 *
 * Groups are independent until the last step, so a large ring is summed in slices of the hash
 * range, each a run of whole groups: every chain is generated once per slice and only the points
 * in the slice are kept. A ring then touches 16 bytes of buffer per point of its largest slice
 * (`SLICE_POINTS`, 4 MB) instead of per point of the ring: a pool scaled tenfold by unbalanced-ring
 * (680,000 points in the ring-heavy benchmark file) no longer adds 11 MB to each thread's memory,
 * and rings past the buffers' capacity (up to RING_POINT_LIMIT) no longer need arrays of their own.
 * Generating a chain again costs little because each step makes two points from the one before
 * (crc32.ts, `twoChainSteps`), which the processor computes side by side: measured alternately,
 * the 17 tenfold rings of that file take within 10% of the CPU time in slices as whole, and rings
 * of one slice (every other ring there) no more than from two chains generated side by side.
 */
import { STARTS as LOW_COUNTS, type RingArcs } from './ring-points';
import { crc32OfUint32LEBits, twoChainSteps } from './crc32';
import { CAPACITY, OWNED, OWNER_UNIT, PACKED, SERVER_CAPACITY, SIGN, SPARE_PACKED } from './ring-buffers';

/** The ring size from which this is faster than sorting the whole ring (measured: about even at 3K). */
export const ARCS_MIN_POINTS = 1 << 13;
/** Rings of more points than this are summed in slices of about this many points (see above). */
export const SLICE_POINTS = 1 << 18;
const DIGIT_BITS = 11;
const DIGITS = 1 << DIGIT_BITS;
const DIGIT_MASK = DIGITS - 1;
/** Bits below the groups: the two digits. */
export const GROUP_SHIFT = 2 * DIGIT_BITS;
export const GROUPS = 1 << (32 - GROUP_SHIFT);
/** Counts, then starts, of the middle digit (the low digit's are LOW_COUNTS, counted while generating). */
const COUNTS = new Uint32Array(DIGITS);
/** Marks a group without points so far; no point (a signed 32-bit integer) equals it. */
const NONE = 2 ** 40;
/** Per group: its last point so far (with the sign bit flipped), its first point and that point's owner. */
const LAST = new Float64Array(GROUPS).fill(NONE);
const FIRST = new Float64Array(GROUPS);
const FIRST_OWNER = new Uint32Array(GROUPS);
/** Counts, then starts, of the groups, for `sortSlice`. */
const GROUP_STARTS = new Uint32Array(GROUPS);

/** Whether `ringArcs` takes a ring of this size from this many servers. */
export function arcsAlone(total: number, servers: number): boolean {
  return total >= ARCS_MIN_POINTS && servers <= SERVER_CAPACITY;
}

/**
 * Sets `arcs` as ring-points.ts's `ringPoints` does (points per server after dropping repeats,
 * hashes received) and returns the number of distinct points. Only for rings that are `arcsAlone`.
 * Returns -1, with `arcs.owned` left untouched, when a slice had more points than the buffers
 * take (chains whose points cluster, which crc32 chains do not): the caller sorts the ring.
 */
export function ringArcs(bases: Int32Array, lengths: Float64Array, total: number, arcs: RingArcs): number {
  const servers = bases.length;
  for (let g = 0; g < servers; g++) arcs.points[g] = lengths[g]!;
  OWNED.fill(0, 0, servers);
  const slices = Math.max(1, Math.ceil(total / SLICE_POINTS));
  let dropped = 0;
  for (let slice = 0; slice < slices; slice++) {
    const from = Math.floor((slice * GROUPS) / slices);
    const kept = generateSlice(bases, lengths, from, Math.floor(((slice + 1) * GROUPS) / slices) - from);
    if (kept >= CAPACITY) {
      sumAcrossGroups();
      return -1;
    }
    dropped += sumSorted(kept, arcs.points);
  }
  sumAcrossGroups();
  for (let g = 0; g < servers; g++) arcs.owned[g] = OWNED[g]!;
  return total - dropped;
}

/** `ringArcs` of points already in PACKED, with their low digit counted in LOW_COUNTS. */
function arcsOfBuffers(total: number, servers: number, arcs: RingArcs): number {
  OWNED.fill(0, 0, servers);
  const count = total - sumSorted(total, arcs.points);
  sumAcrossGroups();
  for (let g = 0; g < servers; g++) arcs.owned[g] = OWNED[g]!;
  return count;
}

/**
 * Sorts the `n` packed points in PACKED by their low 22 bits (their low digit counted in
 * LOW_COUNTS) and adds their arcs within their groups; returns the repeats dropped.
 */
function sumSorted(n: number, pointCounts: Uint32Array): number {
  startsFromCounts(LOW_COUNTS);
  COUNTS.fill(0);
  packedByLowDigit(n);
  startsFromCounts(COUNTS);
  packedByMiddleDigit(n);
  return sumWithinGroups(n, pointCounts);
}

/**
 * Generates the chains (chain g is crc32(prev as four little-endian bytes) continuing from
 * `bases[g]`, `lengths[g]` times, prev starting at 0) into PACKED (each point packed with its
 * owner, ring-buffers.ts's OWNER_UNIT), keeping only the points of
 * the groups `from` to `from + width - 1`, in generation order, with their low digits counted in
 * LOW_COUNTS. Every point is written and the next one overwrites it unless it is kept: a branch
 * on a coin toss per point would cost more. Returns the number kept, CAPACITY or more if some did
 * not fit.
 */
export function generateSlice(bases: Int32Array, lengths: Float64Array, from: number, width: number): number {
  LOW_COUNTS.fill(0);
  let kept = 0;
  for (let g = 0; g < bases.length; g++) {
    const base = bases[g]!;
    const length = lengths[g]!;
    const second = crc32OfUint32LEBits(crc32OfUint32LEBits(0, base), base);
    let prev = 0;
    let j = 0;
    // Two points per step, both from the one before them (crc32.ts, `twoChainSteps`).
    for (; j + 2 <= length; j += 2) {
      const next = crc32OfUint32LEBits(prev, base);
      prev = twoChainSteps(prev, second);
      kept = keepIfInSlice(next, g, kept, from, width);
      kept = keepIfInSlice(prev, g, kept, from, width);
    }
    if (j < length) kept = keepIfInSlice(crc32OfUint32LEBits(prev, base), g, kept, from, width);
  }
  return kept;
}

/** Writes the point at `kept` and returns `kept + 1` when it lies in the slice, else `kept`. */
function keepIfInSlice(point: number, owner: number, kept: number, from: number, width: number): number {
  const offset = (point >>> GROUP_SHIFT) - from;
  // 1 when 0 <= offset < width: neither offset nor width - 1 - offset is negative.
  const keep = ((offset | (width - 1 - offset)) >>> 31) ^ 1;
  PACKED[kept] = owner * OWNER_UNIT + (point >>> 0);
  LOW_COUNTS[point & DIGIT_MASK]! += keep;
  return kept + keep;
}

/** Moves the packed points from PACKED to SPARE_PACKED by their low digit, counting the middle digit. */
function packedByLowDigit(total: number): void {
  for (let i = 0; i < total; i++) {
    const packed = PACKED[i]!;
    const k = packed | 0;
    const at = LOW_COUNTS[k & DIGIT_MASK]!++;
    SPARE_PACKED[at] = packed;
    COUNTS[(k >>> DIGIT_BITS) & DIGIT_MASK]!++;
  }
}

/** Moves the packed points back to PACKED by their middle digit. */
function packedByMiddleDigit(total: number): void {
  for (let i = 0; i < total; i++) {
    const packed = SPARE_PACKED[i]!;
    const at = COUNTS[((packed | 0) >>> DIGIT_BITS) & DIGIT_MASK]!++;
    PACKED[at] = packed;
  }
}

/**
 * Sorts the `n` packed points of a slice in PACKED (their low digit counted in LOW_COUNTS) by all
 * their bits, stably, into SPARE_PACKED: the two passes of `sumSorted`, then one by group, for
 * callers that walk the points in ring order (ring-served.ts). Each pass is a function
 * of its own that ends with its loop: the optimising compiler enters a long loop in the middle,
 * and code after the loop that had not run yet made that entry end in a deoptimisation, over and
 * over (up to 138 times in one cold run of the ring-heavy benchmark file).
 */
export function sortSlice(n: number): void {
  startsFromCounts(LOW_COUNTS);
  COUNTS.fill(0);
  packedByLowDigit(n);
  startsFromCounts(COUNTS);
  GROUP_STARTS.fill(0);
  byMiddleDigitCountingGroups(n);
  startsFromCounts(GROUP_STARTS);
  byGroup(n);
}

/** `packedByMiddleDigit`, counting the points of each group as well. */
function byMiddleDigitCountingGroups(n: number): void {
  for (let i = 0; i < n; i++) {
    const packed = SPARE_PACKED[i]!;
    const k = packed | 0;
    const at = COUNTS[(k >>> DIGIT_BITS) & DIGIT_MASK]!++;
    PACKED[at] = packed;
    GROUP_STARTS[k >>> GROUP_SHIFT]!++;
  }
}

/** Moves the packed points from PACKED to SPARE_PACKED by their group. */
function byGroup(n: number): void {
  for (let i = 0; i < n; i++) {
    const packed = PACKED[i]!;
    const at = GROUP_STARTS[(packed | 0) >>> GROUP_SHIFT]!++;
    SPARE_PACKED[at] = packed;
  }
}

/** Turns the counts of one digit (or of the groups) into each one's first position. */
function startsFromCounts(counts: Uint32Array): void {
  let sum = 0;
  for (let d = 0; d < counts.length; d++) {
    const count = counts[d]!;
    counts[d] = sum;
    sum += count;
  }
}

/**
 * Adds each packed point's arc from the previous point of its group, drops repeats (taking them off their
 * owners' point counts) and records each group's first and last point. Returns the repeats dropped.
 * Differences of points with the sign bit flipped equal differences of the hashes.
 */
function sumWithinGroups(total: number, pointCounts: Uint32Array): number {
  let dropped = 0;
  for (let i = 0; i < total; i++) {
    const packed = PACKED[i]!;
    const k = packed | 0;
    const owner = (packed / OWNER_UNIT) | 0;
    const group = k >>> GROUP_SHIFT;
    const last = LAST[group]!;
    const point = k ^ SIGN;
    if (last === NONE) {
      FIRST[group] = point;
      FIRST_OWNER[group] = owner;
    } else if (point === last) {
      pointCounts[owner]!--;
      dropped++;
      continue;
    } else OWNED[owner]! += point - last;
    LAST[group] = point;
  }
  return dropped;
}

/**
 * Adds the arc of each group's first point, from the last point of the group before (point 0
 * of the ring takes everything above the last point), and clears the groups for the next ring.
 */
function sumAcrossGroups(): void {
  let previous = 0;
  for (let group = GROUPS - 1; group >= 0; group--) {
    if (LAST[group] !== NONE) {
      previous = LAST[group]! - 2 ** 32;
      break;
    }
  }
  for (let group = 0; group < GROUPS; group++) {
    const last = LAST[group]!;
    if (last === NONE) continue;
    OWNED[FIRST_OWNER[group]!]! += FIRST[group]! - previous;
    previous = last;
    LAST[group] = NONE;
  }
}

/**
 * `ringArcs` of given points (32-bit hashes as signed integers, in generation order) and owners,
 * for tests to give inputs that crc32 chains would not produce, such as repeated or clustered
 * values. `arcs.points` must hold each owner's point count before repeats are dropped.
 */
export function arcsOfPoints(keys: Int32Array, owners: Uint32Array, arcs: RingArcs): number {
  if (keys.length > CAPACITY || arcs.owned.length > SERVER_CAPACITY) throw new RangeError('arcsOfPoints takes at most CAPACITY points from SERVER_CAPACITY owners');
  packPoints(keys, owners);
  return arcsOfBuffers(keys.length, arcs.owned.length, arcs);
}

/**
 * Puts given points and owners into PACKED, in their order, with their low digit counted in
 * LOW_COUNTS, as `generateSlice` leaves a slice (for the functions that take given points).
 */
export function packPoints(keys: Int32Array, owners: Uint32Array): void {
  LOW_COUNTS.fill(0);
  for (let i = 0; i < keys.length; i++) {
    PACKED[i] = owners[i]! * OWNER_UNIT + (keys[i]! >>> 0);
    LOW_COUNTS[keys[i]! & DIGIT_MASK]!++;
  }
}
