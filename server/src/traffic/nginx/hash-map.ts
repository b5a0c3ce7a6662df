/**
 * `hash $key` without `consistent` (ngx_http_upstream_get_hash_peer, compatible with
 * Cache::Memcached): hash = ((crc32(key) >> 16) & 0x7fff), slot = hash % total weight, and the slot
 * is found by walking the peers' weights in declaration order (down peers keep their slots). On a
 * peer that cannot serve nginx adds ((crc32(RETRY key) >> 16) & 0x7fff) to the hash, RETRY being
 * the retry number in decimal, and walks again; after 21 attempts round-robin takes the request.
 */
import { crc32, utf8 } from './crc32';
import { PeerListCache } from './peer-cache';
import type { Peer, PeerLists } from './peers';
import { totalWeight } from './peers';
import { HASH_ATTEMPTS } from './retry';
import type { RoundRobinPicker } from './swrr';

export const HASH_VALUES = 32768;
/**
 * One more than the largest running hash nginx can reach: 21 attempts of at most 32767 each. A
 * slot is `hash % total weight`, so with a larger total the slot is the hash itself, and slots
 * past this one are never reached.
 */
export const MAP_HASH_SLOTS = HASH_ATTEMPTS * HASH_VALUES;

/** 15-bit hash of nginx's map-based method for one attempt (`retry` 0 is the first). */
export function mapHash(key: Uint8Array, retry: number): number {
  const head = retry > 0 ? crc32(utf8(String(retry))) : 0;
  return (crc32(key, head) >>> 16) & 0x7fff;
}

/**
 * For each slot 0..min(total, reach)-1, the index of the peer whose run of weight covers it (the
 * weight walk in declaration order). `reach` is one more than the largest hash the method can
 * produce: `hash % total` never gets past it, so the table stays that small however large the
 * weights are (a weight of 2^32 costs what a weight of 1 does).
 */
export function slotOwners(peers: readonly Peer[], reach: number): Int32Array {
  const owners = new Int32Array(Math.min(Math.ceil(totalWeight(peers)), reach));
  let slot = 0;
  for (let i = 0; i < peers.length && slot < owners.length; i++) {
    const end = Math.min(owners.length, slot + Math.ceil(peers[i]!.weight));
    owners.fill(i, slot, end);
    slot = end;
  }
  return owners;
}

export interface MapHashShares {
  /** Fraction of keys each primary peer receives. */
  readonly byPeer: Float64Array;
  /** How many of the 32768 first-attempt hash values land on each peer. */
  readonly firstValues: Uint32Array;
  readonly fallback: number;
  /** True when rehashing was modelled only approximately (a very large weight sum). */
  readonly approximate: boolean;
}

/** Above this many operations the rehash chain is approximated rather than enumerated. */
const EXACT_BUDGET = 50_000_000;

/**
 * Shares are small (two numbers per peer), so enough are kept for every map-based `hash` pool of
 * a large configuration, as for ip_hash (ip-hash.ts): with 64 entries the 10 MB ring-heavy bench
 * file, whose 433 `hash $remote_addr` pools have some 380 different weight lists, evicted nearly
 * every entry before the next analysis asked for it again (378 of 433 computed again per warm run).
 */
const shareCache = new PeerListCache<MapHashShares>(2048, 16384, { address: false, state: true });

/** Shares of a primary peer list, cached by the peers' weights and states. */
export function mapHashShares(primary: readonly Peer[]): MapHashShares {
  return shareCache.get(primary, () => computeMapHashShares(primary));
}

function computeMapHashShares(primary: readonly Peer[]): MapHashShares {
  const total = totalWeight(primary);
  // The running hash modulo the total weight: below MAP_HASH_SLOTS, as with a larger total the
  // sum of 21 hashes never wraps (see MAP_HASH_SLOTS). Arrays are that long at most.
  const width = Math.min(total, MAP_HASH_SLOTS);
  const owners = slotOwners(primary, width);
  const byPeer = new Float64Array(primary.length);
  const firstValues = new Uint32Array(primary.length);
  // How many of the 32768 values fall on each residue modulo the total weight (none past 32767).
  const perResidue = new Float64Array(Math.min(total, HASH_VALUES));
  for (let r = 0; r < perResidue.length; r++) {
    perResidue[r] = Math.floor(HASH_VALUES / total) + (r < HASH_VALUES % total ? 1 : 0);
    firstValues[owners[r]!]! += perResidue[r]!;
  }
  const downSlots: number[] = [];
  for (let r = 0; r < width; r++) if (!primary[owners[r]!]!.up) downSlots.push(r);

  let approximate = false;
  let fallback = 0;
  // dist[r]: probability that the running hash sum is r (mod total) and the key is still unserved.
  let dist = new Float64Array(width);
  dist[0] = 1;
  let support = [0];
  for (let attempt = 0; attempt < HASH_ATTEMPTS && support.length > 0; attempt++) {
    if (support.length * perResidue.length * (HASH_ATTEMPTS - attempt) > EXACT_BUDGET) {
      // Rehashed sums are as good as uniform here, so what is left splits by weight among the
      // peers that can serve, which is also how round-robin splits it: it joins the fallback.
      approximate = true;
      break;
    }
    const next = new Float64Array(width);
    for (const r of support) {
      const p = dist[r]!;
      if (p === 0) continue;
      for (let d = 0; d < perResidue.length; d++) {
        const s = r + d < total ? r + d : r + d - total;
        next[s]! += (p * perResidue[d]!) / HASH_VALUES;
      }
    }
    for (let s = 0; s < width; s++) {
      const peer = owners[s]!;
      if (primary[peer]!.up) byPeer[peer]! += next[s]!;
    }
    dist = new Float64Array(width);
    for (const r of downSlots) dist[r] = next[r]!;
    support = downSlots.filter((r) => dist[r]! > 0);
  }
  for (const r of support) fallback += dist[r]!;
  return { byPeer, firstValues, fallback, approximate };
}

/** Per-request picks as nginx makes them, exact (the real crc32 of every retry). */
export class MapHashPicker {
  private readonly total: number;
  private readonly owners: Int32Array;

  constructor(
    private readonly lists: PeerLists,
    private readonly rr: RoundRobinPicker,
  ) {
    this.total = totalWeight(lists.primary);
    this.owners = slotOwners(lists.primary, MAP_HASH_SLOTS);
  }

  pick(key: Uint8Array): Peer | undefined {
    const { primary, backup } = this.lists;
    const single = primary.length === 1 && backup.length === 0;
    if (key.length === 0 || single || this.total === 0) return this.rr.pick();
    let hash = 0;
    for (let attempt = 0; attempt < HASH_ATTEMPTS; attempt++) {
      hash += mapHash(key, attempt);
      const peer = primary[this.owners[hash % this.total]!]!;
      if (peer.up) return peer;
    }
    return this.rr.pick();
  }
}
