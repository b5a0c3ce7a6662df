/**
 * Where the keys go that nginx's map-based `hash` first sends to a member that cannot serve.
 * nginx then adds h_k = ((crc32(K || key) >> 16) & 0x7fff), K being the retry number k in decimal,
 * to the running hash and walks the weights again, up to 21 attempts in all, and then hands the
 * request to round-robin.
 *
 * These values are not independent of the first one. CRC-32 is affine: for messages of one
 * length, crc32(K || key) = crc32(key) ^ crc32(K || 0^n) ^ crc32(0^n), n being the key's length
 * in bytes. So h_k = h_1 ^ t_k(n) with a constant t_k(n), and a key's whole chain follows from
 * its first value h_1 and its length. For one key length the remap is therefore exact; lb-drift
 * cannot know the lengths of real keys, so it averages over a spread of typical lengths and says
 * so when the result depends on them (`lengthDependent`).
 */
import { crc32, utf8 } from './crc32';

/**
 * A revision's slots: the identity that serves each slot, or CANNOT_SERVE. `slots` covers only
 * the slots a running hash can reach, min(total, 21 * 32768) of them; a slot is `hash % total`.
 */
export interface MapSlots {
  readonly total: number;
  readonly slots: Int32Array;
}

/** Not decided yet: the key still has to be rehashed in that revision. */
export const PENDING = -1;
/** Round-robin takes the request: the key is not tied to any member. */
export const FALLBACK = -2;
/** A slot whose member is down, drained or of weight 0. */
export const CANNOT_SERVE = -1;

const HASH_VALUES = 32768;
/** nginx tries 21 times in all; the first attempt is decided before the chain starts. */
const REHASHES = 20;
/** Key lengths in bytes that results are averaged over when no better guess is known. */
export const TYPICAL_KEY_LENGTHS: readonly number[] = [8, 12, 16, 20, 24, 28, 32, 40, 48, 56, 64];
const UNDECIDED = -9;

const offsetCache = new Map<number, Int32Array>();

/** t_k(n) for k = 1..20 (index k), the rehash offsets of keys `length` bytes long. */
export function rehashOffsets(length: number): Int32Array {
  let offsets = offsetCache.get(length);
  if (!offsets) {
    offsets = new Int32Array(REHASHES + 1);
    const zeros = new Uint8Array(length);
    const plain = crc32(zeros);
    for (let k = 1; k <= REHASHES; k++) {
      const prefix = utf8(String(k));
      const message = new Uint8Array(prefix.length + length);
      message.set(prefix);
      offsets[k] = (((crc32(message) ^ plain) >>> 16) & 0x7fff);
    }
    if (offsetCache.size > 256) offsetCache.clear();
    offsetCache.set(length, offsets);
  }
  return offsets;
}

/** The identity that finally serves a key whose first value h1 landed on a slot that cannot. */
function rehashedOwner(side: MapSlots, h1: number, offsets: Int32Array): number {
  let hash = h1;
  for (let k = 1; k <= REHASHES; k++) {
    hash += h1 ^ offsets[k]!;
    const owner = side.slots[hash % side.total]!;
    if (owner !== CANNOT_SERVE) return owner;
  }
  return FALLBACK;
}

/** Keys that at least one revision must rehash, collected and then followed per key length. */
export class RehashChains {
  private readonly hashes: number[] = [];
  private readonly owners: number[] = [];
  private readonly masses: number[] = [];

  /** `a` and `b` are the map-based revisions that can leave a key unserved (at least one). */
  constructor(
    private readonly a: MapSlots | undefined,
    private readonly b: MapSlots | undefined,
  ) {}

  /** Mass `mass` of keys with first value `h1` and each revision's decision (or PENDING). */
  add(h1: number, ownerA: number, ownerB: number, mass: number): void {
    this.hashes.push(h1);
    this.owners.push(ownerA, ownerB);
    this.masses.push(mass);
  }

  /** The mass of these keys that ends on another member, averaged over `lengths`. */
  finish(lengths: readonly number[]): { moved: number; lengthDependent: boolean } {
    if (this.hashes.length === 0) return { moved: 0, lengthDependent: false };
    let sum = 0;
    let low = Number.POSITIVE_INFINITY;
    let high = Number.NEGATIVE_INFINITY;
    const memoA = new Int32Array(HASH_VALUES);
    const memoB = new Int32Array(HASH_VALUES);
    for (const length of lengths) {
      const offsets = rehashOffsets(length);
      memoA.fill(UNDECIDED);
      memoB.fill(UNDECIDED);
      let moved = 0;
      for (let i = 0; i < this.hashes.length; i++) {
        const h1 = this.hashes[i]!;
        const a = this.decided(this.owners[2 * i]!, this.a, memoA, h1, offsets);
        const b = this.decided(this.owners[2 * i + 1]!, this.b, memoB, h1, offsets);
        if (a !== b) moved += this.masses[i]!;
      }
      sum += moved;
      low = Math.min(low, moved);
      high = Math.max(high, moved);
    }
    return { moved: sum / lengths.length, lengthDependent: high - low > 1e-12 };
  }

  private decided(owner: number, side: MapSlots | undefined, memo: Int32Array, h1: number, offsets: Int32Array): number {
    if (owner !== PENDING) return owner;
    if (memo[h1] === UNDECIDED) memo[h1] = rehashedOwner(side!, h1, offsets);
    return memo[h1]!;
  }
}
