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
  if (Number.isInteger(total)) {
    // Tables of all networks are kept for the small totals pools share; others are made for the call.
    const table = firstOctets === undefined && total <= SLOT_TOTAL_LIMIT ? slotTables.get(String(total), () => slotTable(perResidue, total)) : slotTable(perResidue, total);
    return countsBySlot(primary, owners, perResidue, table);
  }
  for (let c = 0; c < IP_HASH_MODULUS; c++) {
    const count = perResidue[c]!;
    if (count === 0) continue;
    networks += count;
    const peer = servingPeer(primary, owners, total, c, IP_HASH_SEED, 0);
    if (peer >= 0) byPeer[peer]! += count;
    else fallback += count;
  }
  return { byPeer, fallback, networks };
}

/**
 * The peer that serves residue c, from attempt `attempt` on, `hash` being the hash before it;
 * -1 when none of the attempts up to the 21st finds one that can serve.
 */
function servingPeer(primary: readonly Peer[], owners: Int32Array, total: number, c: number, hash: number, attempt: number): number {
  let h = hash;
  for (let a = attempt; a < HASH_ATTEMPTS; a++) {
    h = (h * MULTIPLIER_CUBED + c) % IP_HASH_MODULUS;
    const peer = owners[h % total]!;
    if (primary[peer]!.up) return peer;
  }
  return -1;
}

/** The first hash of residue c, `(IP_HASH_SEED * MULTIPLIER_CUBED + c) % IP_HASH_MODULUS`, at c = 0. */
const FIRST_HASH_OF_ZERO = (IP_HASH_SEED * MULTIPLIER_CUBED) % IP_HASH_MODULUS;

/** Totals up to this have their slot tables kept (`slotTables`): about 20 KB each at most. */
const SLOT_TOTAL_LIMIT = 1024;

/** For one total weight and count of networks per residue: what the first attempt of each residue picks. */
interface SlotTable {
  /** Networks whose first attempt lands on each slot (hash % total; hashes are below 6271). */
  readonly networks: Float64Array;
  /** The residues of slot s, in increasing order, are `residues[starts[s]]` up to `starts[s + 1]`. */
  readonly starts: Int32Array;
  readonly residues: Uint16Array;
  /** Networks in all. */
  readonly all: number;
}

/**
 * Slot tables of all networks depend on the total weight alone, not on which peer holds which
 * slot, and pools share a few small totals (the 10 MB ring-heavy bench file's 597 ip_hash pools
 * have 323 weight lists, down peers told apart, and 19 totals), so each is made once per total
 * rather than the residues being walked once per weight list.
 */
const slotTables = new BoundedCache<SlotTable>(128);

/**
 * The first hash of residue c is c shifted by a constant, so the hash and its slot (hash % total)
 * are stepped along with c instead of divided out.
 */
function slotTable(perResidue: Float64Array, total: number): SlotTable {
  const width = Math.min(total, IP_HASH_MODULUS);
  const networks = new Float64Array(width);
  const starts = new Int32Array(width + 1);
  const slots = new Uint16Array(IP_HASH_MODULUS);
  let all = 0;
  let hash = FIRST_HASH_OF_ZERO;
  let slot = hash % total;
  for (let c = 0; c < IP_HASH_MODULUS; c++) {
    slots[c] = slot;
    networks[slot]! += perResidue[c]!;
    all += perResidue[c]!;
    starts[slot + 1]!++;
    hash++;
    slot++;
    if (hash === IP_HASH_MODULUS) {
      hash = 0;
      slot = 0;
    } else if (slot === total) slot = 0;
  }
  for (let s = 0; s < width; s++) starts[s + 1]! += starts[s]!;
  const residues = new Uint16Array(IP_HASH_MODULUS);
  const next = starts.slice(0, width);
  for (let c = 0; c < IP_HASH_MODULUS; c++) residues[next[slots[c]!]!++] = c;
  return { networks, starts, residues, all };
}

/**
 * `ipHashCounts` for a whole total weight, from its slot table: a slot whose peer can serve gives
 * it all its networks (every pool whose peers all serve is done there); only the residues of the
 * other slots follow their retries, as the general loop does. Counts are whole numbers (2^24 in
 * all), exact in doubles whatever the order they are added in, so these are the loop's numbers.
 */
function countsBySlot(primary: readonly Peer[], owners: Int32Array, perResidue: Float64Array, table: SlotTable): IpHashCounts {
  const { networks, starts, residues } = table;
  const total = totalWeight(primary);
  const byPeer = new Float64Array(primary.length);
  let fallback = 0;
  for (let slot = 0; slot < networks.length; slot++) {
    const first = owners[slot]!;
    if (primary[first]!.up) {
      byPeer[first]! += networks[slot]!;
      continue;
    }
    for (let k = starts[slot]!; k < starts[slot + 1]!; k++) {
      const c = residues[k]!;
      const count = perResidue[c]!;
      if (count === 0) continue;
      // The first attempt landed on this slot; the retries go on from its hash.
      const peer = servingPeer(primary, owners, total, c, (FIRST_HASH_OF_ZERO + c) % IP_HASH_MODULUS, 1);
      if (peer >= 0) byPeer[peer]! += count;
      else fallback += count;
    }
  }
  return { byPeer, fallback, networks: table.all };
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
