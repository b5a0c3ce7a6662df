/**
 * What each server of a large consistent-hash ring serves when some servers cannot (a `down`
 * member): a point whose server cannot serve passes its keys to the next point whose server can,
 * looking at most 20 points further, and what finds none goes to round-robin (chash.ts). That
 * needs the points in ring order, which ring-arcs.ts never makes; sorting the whole ring instead
 * (ring-points.ts) cost twice as much per point. Here the ring is built slice by slice as in
 * ring-arcs.ts, each slice is sorted whole by one more pass (`sortSlice`), and the slices are
 * walked in order, carrying from one to the next the last point (every point's arc is its distance
 * from the point before) and the run of points since the last serving one: the next serving point
 * receives the arcs of its last 20 points (kept in `RECENT`), while an older one has no serving
 * point within reach and falls back. The run at the ring's end wraps around to the ring's first
 * points, whose owners are kept. The ring's first point receives its arc from the ring's last
 * point, known only at the end, so that arc is added then, where the first point's own search
 * leads. Arcs are whole numbers of hash values, exact in doubles, so the sums equal the sorted
 * ring's in any order.
 */
import { HASH_ATTEMPTS } from './retry';
import { generateSlice, GROUPS, packPoints, sortSlice, SLICE_POINTS } from './ring-arcs';
import { CAPACITY, OWNED, OWNER_UNIT, SIGN, SPARE_PACKED } from './ring-buffers';
import type { RingArcs } from './ring-points';

/** How many points further a point whose server cannot serve looks for one that can. */
const REACH = HASH_ATTEMPTS - 1;
/** Hash values passed on to each server by points of servers that cannot serve. */
const PASSED = new Float64Array(OWNED.length);
/** 1 for a server that cannot serve, else 0, so that the walk decides without branching. */
const DOWN = new Uint8Array(OWNED.length);
/** The arcs of the last points, by their index in the ring modulo 32 (more than REACH). */
const RECENT = new Float64Array(32);
const RECENT_MASK = 31;
/** Owners of the ring's first REACH + 1 points. */
const FIRST_OWNERS = new Uint32Array(REACH + 1);

export interface ServedArcs {
  readonly arcs: RingArcs;
  /** Hash values each server receives: its own arcs if it serves, and what is passed on to it. */
  readonly served: Float64Array;
  /** Hash values that find no serving point within reach and go to round-robin. */
  readonly fallback: number;
}

/*
 * What carries from one slice to the next while the ring is walked in order. Module variables
 * rather than an object's fields: the optimising compiler enters `walkSlice` in the middle of its
 * first long loop, before the code after the loop has ever run, and stores to an object there
 * had no type feedback yet, so every such entry ended in a deoptimisation (nine per cold run of
 * the ring-heavy benchmark file); stores to module variables need none.
 */
/** Distinct points so far. */
let walkCount = 0;
/** The last point so far, with its sign bit flipped (see ring-points.ts). */
let walkPrevious = 0;
let firstPoint = 0;
let firstOwner = 0;
/** The run since the last serving point: its length (at most REACH) and the sum of its arcs. */
let pending = 0;
let pendingSum = 0;
let fallback = 0;

/**
 * `arcs` (points per server after repeats, hashes owned) and what each server serves, for a ring
 * of at least `ARCS_MIN_POINTS` points from at most `SERVER_CAPACITY` servers (`arcsAlone`), as
 * the sorted ring and chash.ts's walk give them. `upWeight[g]` is 0 for a server that cannot
 * serve. Returns undefined when a slice does not fit the buffers or the ring has fewer than 21
 * distinct points: the caller sorts the ring.
 */
export function servedArcs(bases: Int32Array, lengths: Float64Array, total: number, upWeight: Float64Array, arcs: RingArcs): ServedArcs | undefined {
  const servers = bases.length;
  for (let g = 0; g < servers; g++) arcs.points[g] = lengths[g]!;
  resetWalk(upWeight);
  const slices = Math.max(1, Math.ceil(total / SLICE_POINTS));
  for (let slice = 0; slice < slices; slice++) {
    const from = Math.floor((slice * GROUPS) / slices);
    const kept = generateSlice(bases, lengths, from, Math.floor(((slice + 1) * GROUPS) / slices) - from);
    if (kept >= CAPACITY) return undefined;
    sortSlice(kept);
    walkSlice(kept, arcs.points);
  }
  return settle(upWeight, arcs);
}

function resetWalk(upWeight: Float64Array): void {
  const servers = upWeight.length;
  OWNED.fill(0, 0, servers);
  PASSED.fill(0, 0, servers);
  for (let g = 0; g < servers; g++) DOWN[g] = upWeight[g]! > 0 ? 0 : 1;
  walkCount = walkPrevious = firstPoint = firstOwner = pending = pendingSum = fallback = 0;
}

/** The result once every slice is walked; undefined for a ring of REACH + 1 points or fewer. */
function settle(upWeight: Float64Array, arcs: RingArcs): ServedArcs | undefined {
  if (walkCount <= REACH + 1) return undefined;
  finishWalk();
  const served = new Float64Array(arcs.owned.length);
  for (let g = 0; g < served.length; g++) {
    arcs.owned[g] = OWNED[g]!;
    served[g] = (upWeight[g]! > 0 ? OWNED[g]! : 0) + PASSED[g]!;
  }
  return { arcs, served, fallback };
}

/**
 * `servedArcs` of given points (32-bit hashes as signed integers, in generation order) and
 * owners, walked as one slice, for tests to build rings whose runs end exactly where a key stops
 * looking, which crc32 chains give only by chance. `arcs.points` must hold each owner's point
 * count before repeats are dropped.
 */
export function servedArcsOfPoints(keys: Int32Array, owners: Uint32Array, upWeight: Float64Array, arcs: RingArcs): ServedArcs | undefined {
  if (keys.length > CAPACITY || arcs.owned.length > OWNED.length) throw new RangeError('servedArcsOfPoints takes at most CAPACITY points from SERVER_CAPACITY owners');
  resetWalk(upWeight);
  packPoints(keys, owners);
  sortSlice(keys.length);
  walkSlice(keys.length, arcs.points);
  return settle(upWeight, arcs);
}

/**
 * Walks the `n` sorted points of one slice (packed in SPARE_PACKED) on from where the walk
 * stands. A serving point takes the run before it, and a run that grows past REACH points sends
 * its oldest point's arc to round-robin; whether a point serves is a factor of 0 or 1 rather than
 * a branch, because it is a coin toss per point that the processor would mispredict.
 */
function walkSlice(n: number, pointCounts: Uint32Array): void {
  let count = walkCount;
  let previous = walkPrevious;
  let run = pending;
  let runSum = pendingSum;
  let lost = fallback;
  // The ring's first point takes its arc from the last point, known at the end (`finishWalk`):
  // until then it counts as an arc of 0.
  if (count === 0 && n > 0) {
    previous = firstPoint = (SPARE_PACKED[0]! | 0) ^ SIGN;
    firstOwner = (SPARE_PACKED[0]! / OWNER_UNIT) | 0;
  }
  for (let i = 0; i < n; i++) {
    const packed = SPARE_PACKED[i]!;
    const point = (packed | 0) ^ SIGN;
    const owner = (packed / OWNER_UNIT) | 0;
    if (point === previous && count > 0) {
      pointCounts[owner]!--;
      continue;
    }
    const arc = point - previous;
    OWNED[owner]! += arc;
    if (count <= REACH) FIRST_OWNERS[count] = owner;
    RECENT[count & RECENT_MASK] = arc;
    count++;
    previous = point;
    const down = DOWN[owner]!;
    PASSED[owner]! += runSum * (1 - down);
    runSum = (runSum + arc) * down;
    run = (run + 1) * down;
    if (run > REACH) {
      // The oldest point of the run has no serving point within reach.
      const oldest = RECENT[(count - 1 - REACH) & RECENT_MASK]!;
      lost += oldest;
      runSum -= oldest;
      run = REACH;
    }
  }
  walkCount = count;
  walkPrevious = previous;
  pending = run;
  pendingSum = runSum;
  fallback = lost;
}

/**
 * Settles the run at the ring's end, whose points look on at the ring's first points, and the
 * first point's arc, which goes where the first point's own search for a serving point leads.
 */
function finishWalk(): void {
  let firstServing = -1;
  for (let k = 0; k <= REACH; k++) {
    if (DOWN[FIRST_OWNERS[k]!] === 0) {
      firstServing = k;
      break;
    }
  }
  // A point `distance` points before the ring's end tries the distance - 1 points after it in the
  // run, then the ring's first REACH - distance + 1 points.
  for (let distance = 1; distance <= pending; distance++) {
    const arc = RECENT[(walkCount - distance) & RECENT_MASK]!;
    if (firstServing >= 0 && firstServing <= REACH - distance) PASSED[FIRST_OWNERS[firstServing]!]! += arc;
    else fallback += arc;
  }
  const firstArc = firstPoint - (walkPrevious - 2 ** 32);
  OWNED[firstOwner]! += firstArc;
  if (DOWN[firstOwner] === 0) return;
  // The first point tries the REACH points after it.
  if (firstServing >= 0) PASSED[FIRST_OWNERS[firstServing]!]! += firstArc;
  else fallback += firstArc;
}
