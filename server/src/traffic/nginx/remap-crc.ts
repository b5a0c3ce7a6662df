/**
 * Key remapping between two revisions of an nginx `hash $key` pool, map-based or consistent.
 * Both methods start from x = crc32(key): the map-based one uses the 15 bits
 * (x >> 16) & 0x7fff, so it is constant on blocks of 65536 values of x; the ring sends x to the
 * first point >= x, so it is constant between consecutive points. Sweeping the 2^32 values of x
 * once over the union of both revisions' boundaries measures exactly where the serving member
 * differs. Keys the map-based method must rehash (their slot cannot serve) go to `RehashChains`,
 * which follows them per key length.
 */
import { ringFor } from './chash';
import { HASH_VALUES, MAP_HASH_SLOTS, slotOwners } from './hash-map';
import type { PeerLists } from './peers';
import { totalWeight } from './peers';
import { CANNOT_SERVE, FALLBACK, PENDING, RehashChains, type MapSlots } from './remap-rehash';
import { HASH_ATTEMPTS } from './retry';

const SPACE = 2 ** 32;
const BLOCK = 2 ** 16;

/** What one revision does with the key hash x. */
export type CrcVersion =
  /** Every key goes to one place (a single member, or round-robin: FALLBACK). */
  | { readonly kind: 'constant'; readonly owner: number }
  | ({ readonly kind: 'map' } & MapSlots)
  /** `owners[k]`: who serves the keys of point k, down points passed on as nginx does. */
  | { readonly kind: 'ring'; readonly points: Uint32Array; readonly owners: Int32Array };

/** `identity[m]` is the identity of member m. */
export function crcVersion(lists: PeerLists, identity: Int32Array, consistent: boolean): CrcVersion {
  const { primary, backup } = lists;
  // nginx hands a pool of one peer without backups to round-robin, which always picks that peer.
  if (primary.length === 1 && backup.length === 0) {
    return { kind: 'constant', owner: primary[0]!.up ? identity[primary[0]!.member]! : FALLBACK };
  }
  if (totalWeight(primary) === 0) return { kind: 'constant', owner: FALLBACK };
  if (!consistent) {
    // Only the slots a running hash can reach (see MAP_HASH_SLOTS); `total` stays the real sum.
    const peerOfSlot = slotOwners(primary, MAP_HASH_SLOTS);
    const slots = new Int32Array(peerOfSlot.length);
    for (let s = 0; s < slots.length; s++) {
      const peer = primary[peerOfSlot[s]!]!;
      slots[s] = peer.up ? identity[peer.member]! : CANNOT_SERVE;
    }
    return { kind: 'map', total: totalWeight(primary), slots };
  }
  const ring = ringFor(primary);
  if (ring.points.length === 0) return { kind: 'constant', owner: FALLBACK };
  // Per address on the ring: the identity of a peer of it that can serve, if any.
  const groupOwner = new Int32Array(ring.servers.length).fill(CANNOT_SERVE);
  for (let i = 0; i < primary.length; i++) {
    if (primary[i]!.up) groupOwner[ring.serverOf[i]!] = identity[primary[i]!.member]!;
  }
  const n = ring.points.length;
  const owners = new Int32Array(n);
  for (let k = 0; k < n; k++) {
    owners[k] = FALLBACK;
    for (let attempt = 0; attempt < HASH_ATTEMPTS; attempt++) {
      const owner = groupOwner[ring.owners[(k + attempt) % n]!]!;
      if (owner !== CANNOT_SERVE) {
        owners[k] = owner;
        break;
      }
    }
  }
  return { kind: 'ring', points: ring.points, owners };
}

/** Walks one revision's pieces of the key-hash space in order. */
class Pieces {
  private index = 0;

  constructor(private readonly version: CrcVersion) {}

  /** The exclusive end of the current piece. */
  get end(): number {
    const v = this.version;
    if (v.kind === 'constant') return SPACE;
    if (v.kind === 'map') return (this.index + 1) * BLOCK;
    return this.index < v.points.length ? v.points[this.index]! + 1 : SPACE;
  }

  /** The owner of the current piece, or PENDING for a map slot that cannot serve. */
  get owner(): number {
    const v = this.version;
    if (v.kind === 'constant') return v.owner;
    if (v.kind === 'map') {
      const owner = v.slots[this.hash % v.total]!;
      return owner === CANNOT_SERVE ? PENDING : owner;
    }
    // Hashes above the last point wrap around to the first point.
    return v.owners[this.index < v.points.length ? this.index : 0]!;
  }

  /** nginx's 15-bit map hash of the current piece (map-based revisions only). */
  get hash(): number {
    return this.index & (HASH_VALUES - 1);
  }

  advance(): void {
    this.index++;
  }
}

export interface Moved {
  /** Fraction 0..1 of key hashes whose member changes. */
  readonly fraction: number;
  /** Whether the fraction depends on the lengths of the keys (through nginx's rehashing). */
  readonly lengthDependent: boolean;
}

/** `keyLengths`: the key lengths in bytes that rehashed keys are averaged over. */
export function crcRemap(a: CrcVersion, b: CrcVersion, keyLengths: readonly number[]): Moved {
  const chains = canRehash(a) || canRehash(b) ? new RehashChains(canRehash(a) ? a : undefined, canRehash(b) ? b : undefined) : undefined;
  const pa = new Pieces(a);
  const pb = new Pieces(b);
  let moved = 0;
  let position = 0;
  while (position < SPACE) {
    const endA = pa.end;
    const endB = pb.end;
    const end = Math.min(endA, endB);
    const length = end - position;
    const ownerA = pa.owner;
    const ownerB = pb.owner;
    if (ownerA === PENDING || ownerB === PENDING) {
      // Only a map-based revision can be pending, and then both share its running hash.
      const hash = ownerA === PENDING ? pa.hash : pb.hash;
      chains!.add(hash, ownerA, ownerB, length / SPACE);
    } else if (ownerA !== ownerB) moved += length;
    position = end;
    if (endA === end) pa.advance();
    if (endB === end) pb.advance();
  }
  const rest = chains?.finish(keyLengths);
  return { fraction: moved / SPACE + (rest?.moved ?? 0), lengthDependent: rest?.lengthDependent ?? false };
}

function canRehash(version: CrcVersion): version is { kind: 'map' } & MapSlots {
  return version.kind === 'map' && version.slots.includes(CANNOT_SERVE);
}
