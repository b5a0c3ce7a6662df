/**
 * `ip_hash` (ngx_http_upstream_get_ip_hash_peer): hash = 89, then hash = (hash * 113 + octet) % 6271
 * over the first three octets of an IPv4 client (all 16 bytes of an IPv6 one); slot = hash % total
 * weight, walked through the peers in declaration order. On a peer that cannot serve nginx hashes
 * the same octets again, continuing from the current hash; after 21 attempts round-robin takes
 * the request.
 *
 * Shares are exact over all 2^24 IPv4 /24 networks. Three rounds of the recurrence collapse into
 * one step: h' = (h * 113^3 + c) % 6271 with c = (o1 * 113^2 + o2 * 113 + o3) % 6271, so a network
 * is fully described by c. Counting networks per c (a DP over 6271 states) and following each c's
 * retry chain gives the exact distribution, down peers included, in about 6271 * 21 steps.
 */
import { BoundedCache } from '../lru';
import { PeerListCache } from './peer-cache';
import type { Peer, PeerLists } from './peers';
import { totalWeight } from './peers';
import { HASH_ATTEMPTS } from './retry';
import type { RoundRobinPicker } from './swrr';
import { slotOwners } from './hash-map';

export const IP_HASH_MODULUS = 6271;
export const IP_HASH_SEED = 89;
const MULTIPLIER = 113;
const MULTIPLIER_CUBED = (MULTIPLIER * MULTIPLIER * MULTIPLIER) % IP_HASH_MODULUS;
export const IPV4_NETWORKS = 2 ** 24;

/** One ip_hash round over `bytes`, continuing from `hash`. */
export function ipHashRound(hash: number, bytes: Uint8Array, length: number): number {
  let h = hash;
  for (let i = 0; i < length; i++) h = (h * MULTIPLIER + bytes[i]!) % IP_HASH_MODULUS;
  return h;
}

/**
 * How many /24 networks have each value of c. `firstOctets` restricts the first octet to a range
 * [from, to] (tests compare a reduced range with brute force); the default is all 256.
 *
 * A round sends residue x to the 256 consecutive residues x * 113 + 0..255 (mod 6271), so each
 * round is a range addition per residue, done with a difference array: a few thousand steps
 * rather than 6271 * 256. The counts are whole numbers, exact in doubles.
 */
export function networksPerResidue(firstOctets: { from: number; to: number } = { from: 0, to: 255 }): Float64Array {
  let dist = new Float64Array(IP_HASH_MODULUS);
  for (let o = firstOctets.from; o <= firstOctets.to; o++) dist[o % IP_HASH_MODULUS]! += 1;
  for (let round = 0; round < 2; round++) {
    // diff[r] - diff[r - 1] is what residue r gains; one extra slot takes the ends of ranges.
    const diff = new Float64Array(IP_HASH_MODULUS + 1);
    for (let x = 0; x < IP_HASH_MODULUS; x++) {
      const count = dist[x]!;
      if (count === 0) continue;
      const start = (x * MULTIPLIER) % IP_HASH_MODULUS;
      const end = start + 256;
      diff[start]! += count;
      if (end <= IP_HASH_MODULUS) {
        diff[end]! -= count;
      } else {
        // The range wraps past the last residue: it covers [start, M) and [0, end - M).
        diff[0]! += count;
        diff[end - IP_HASH_MODULUS]! -= count;
      }
    }
    const next = new Float64Array(IP_HASH_MODULUS);
    let running = 0;
    for (let r = 0; r < IP_HASH_MODULUS; r++) {
      running += diff[r]!;
      next[r] = running;
    }
    dist = next;
  }
  return dist;
}

const allNetworks = new BoundedCache<Float64Array>(1);

export interface IpHashCounts {
  /** Networks per primary peer (round-robin fallbacks not included). */
  readonly byPeer: Float64Array;
  /** Networks that exhaust 21 attempts and go to round-robin. */
  readonly fallback: number;
  /** Networks counted in all (2^24 unless restricted). */
  readonly networks: number;
}

export function ipHashCounts(
  primary: readonly Peer[],
  firstOctets?: { from: number; to: number },
): IpHashCounts {
  const perResidue = firstOctets
    ? networksPerResidue(firstOctets)
    : allNetworks.get('all', () => networksPerResidue());
  const total = totalWeight(primary);
  // Hashes are below the modulus, so no slot past it is ever reached, whatever the weights.
  const owners = slotOwners(primary, IP_HASH_MODULUS);
  const byPeer = new Float64Array(primary.length);
  let fallback = 0;
  let networks = 0;
  if (total === 0) {
    // No slot to hash to (only a model from another source has zero weights): nginx would hand
    // every client to round-robin.
    for (let c = 0; c < IP_HASH_MODULUS; c++) networks += perResidue[c]!;
    return { byPeer, fallback: networks, networks };
  }
  if (Number.isInteger(total) && primary.every((peer) => peer.up)) return firstAttemptCounts(perResidue, owners, total, primary.length);
  for (let c = 0; c < IP_HASH_MODULUS; c++) {
    const count = perResidue[c]!;
    if (count === 0) continue;
    networks += count;
    let hash = IP_HASH_SEED;
    let served = false;
    for (let attempt = 0; attempt < HASH_ATTEMPTS; attempt++) {
      hash = (hash * MULTIPLIER_CUBED + c) % IP_HASH_MODULUS;
      const peer = owners[hash % total]!;
      if (primary[peer]!.up) {
        byPeer[peer]! += count;
        served = true;
        break;
      }
    }
    if (!served) fallback += count;
  }
  return { byPeer, fallback, networks };
}

/** The first hash of residue c, `(IP_HASH_SEED * MULTIPLIER_CUBED + c) % IP_HASH_MODULUS`, at c = 0. */
const FIRST_HASH_OF_ZERO = (IP_HASH_SEED * MULTIPLIER_CUBED) % IP_HASH_MODULUS;

/**
 * `ipHashCounts` when every peer can serve, as in most pools: every network is served by its first
 * attempt, whose hash is c shifted by a constant, so the hash and its slot (hash % total) are
 * stepped along with c instead of divided out, about five times fewer operations per residue.
 * The counts are added in the same order as the general loop, so they are the same numbers.
 */
function firstAttemptCounts(perResidue: Float64Array, owners: Int32Array, total: number, peers: number): IpHashCounts {
  const byPeer = new Float64Array(peers);
  let networks = 0;
  let hash = FIRST_HASH_OF_ZERO;
  let slot = hash % total;
  for (let c = 0; c < IP_HASH_MODULUS; c++) {
    const count = perResidue[c]!;
    if (count !== 0) {
      networks += count;
      byPeer[owners[slot]!]! += count;
    }
    hash++;
    slot++;
    if (hash === IP_HASH_MODULUS) {
      hash = 0;
      slot = 0;
    } else if (slot === total) slot = 0;
  }
  return { byPeer, fallback: 0, networks };
}

/**
 * Counts are small (one number per peer), so enough are kept for every ip_hash pool of a large
 * configuration: with 64 entries, a file with a few hundred ip_hash pools of different weights
 * evicted each entry before the next analysis asked for it again.
 */
const counts = new PeerListCache<IpHashCounts>(2048, 16384, { address: false, state: true });

/** Cached counts over all IPv4 /24 networks, keyed by the peers' weights and states. */
export function ipHashCountsCached(primary: readonly Peer[]): IpHashCounts {
  return counts.get(primary, () => ipHashCounts(primary));
}

/** Per-request picks, exact. `address` is 4 (IPv4) or 16 (IPv6) bytes. */
export class IpHashPicker {
  private readonly total: number;
  private readonly owners: Int32Array;

  constructor(
    private readonly lists: PeerLists,
    private readonly rr: RoundRobinPicker,
  ) {
    this.total = totalWeight(lists.primary);
    this.owners = slotOwners(lists.primary, IP_HASH_MODULUS);
  }

  pick(address: Uint8Array): Peer | undefined {
    const { primary, backup } = this.lists;
    const single = primary.length === 1 && backup.length === 0;
    if (single || this.total === 0) return this.rr.pick();
    const length = address.length === 4 ? 3 : address.length;
    let hash = IP_HASH_SEED;
    for (let attempt = 0; attempt < HASH_ATTEMPTS; attempt++) {
      hash = ipHashRound(hash, address, length);
      const peer = primary[this.owners[hash % this.total]!]!;
      if (peer.up) return peer;
    }
    return this.rr.pick();
  }
}
