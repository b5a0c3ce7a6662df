/**
 * A bounded cache of results computed from a primary peer list, so that a pool's ring or
 * distribution is computed once per pool version and reused while editing. Lookups hash the
 * fields that matter into a number and, on a hit, compare them with the stored list: cheaper
 * than building a string key for every pool, and exact, as a hash collision only costs a
 * recomputation. The least recently used entry goes when the cache is full.
 */
import { registerCache } from '../cache-registry';
import { crc32OfText } from './crc32';
import type { Peer } from './peers';

export interface PeerFields {
  /** Whether the result depends on the peers' addresses (as written). */
  readonly address: boolean;
  /** Whether it depends on which peers can serve. */
  readonly state: boolean;
}

interface Entry<V> {
  readonly peers: readonly Peer[];
  readonly value: V;
  readonly cost: number;
}

export class PeerListCache<V> {
  private readonly entries = new Map<number, Entry<V>>();
  /** The summed cost of all entries, so that a few huge pools cannot make the cache huge. */
  private totalCost = 0;
  /** Values computed because they were not held (`trafficCacheComputations`). */
  computed = 0;

  /**
   * `cost` measures an entry in the unit of `maxCost` (by default its peers); the cache keeps at
   * most `maxEntries` entries costing at most `maxCost` in all, and always the newest one.
   * `maxEntries` of 8 or more lets eviction work in batches.
   */
  constructor(
    private readonly maxEntries: number,
    private readonly maxCost: number,
    private readonly fields: PeerFields,
    private readonly cost: (peers: readonly Peer[], value: V) => number = (peers) => peers.length,
  ) {
    registerCache(this);
  }

  get(peers: readonly Peer[], compute: () => V): V {
    const key = this.hash(peers);
    const hit = this.entries.get(key);
    if (hit !== undefined && this.same(hit.peers, peers)) {
      // Re-insert so that the entry becomes the most recently used one.
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit.value;
    }
    const value = compute();
    this.computed++;
    // A colliding entry for other peers is replaced.
    if (hit !== undefined) this.remove(key, hit);
    const cost = this.cost(peers, value);
    this.entries.set(key, { peers: this.signature(peers), value, cost });
    this.totalCost += cost;
    if (this.entries.size > this.maxEntries || this.totalCost > this.maxCost) this.evict();
    return value;
  }

  /**
   * Drops the least recently used entries (the first in the map's order) until an eighth of the
   * room is free again, always keeping the newest. Evicting in batches spares a full cache the
   * cost of walking to its oldest entry on every insertion.
   */
  private evict(): void {
    const entries = this.maxEntries - (this.maxEntries >> 3);
    const cost = this.maxCost - (this.maxCost >> 3);
    for (const [key, entry] of this.entries) {
      if (this.entries.size <= 1 || (this.entries.size <= entries && this.totalCost <= cost)) break;
      this.remove(key, entry);
    }
  }

  get size(): number {
    return this.entries.size;
  }

  clear(): void {
    this.entries.clear();
    this.totalCost = 0;
  }

  private remove(key: number, entry: Entry<V>): void {
    this.entries.delete(key);
    this.totalCost -= entry.cost;
  }

  /** What an entry keeps of its peers: the fields it is keyed by, in strings of their own. */
  private signature(peers: readonly Peer[]): Peer[] {
    return peers.map((p) => ({ member: p.member, server: this.fields.address ? detached(p.server) : '', weight: p.weight, up: p.up }));
  }

  private hash(peers: readonly Peer[]): number {
    let h = peers.length;
    for (const peer of peers) {
      if (this.fields.address) h = crc32OfText(peer.server, h);
      h = Math.imul(h ^ ((peer.weight * 0x9e3779b1) | 0), 0x01000193);
      if (this.fields.state && peer.up) h = Math.imul(h ^ 0x5bd1e995, 0x01000193);
    }
    return h | 0;
  }

  private same(stored: readonly Peer[], peers: readonly Peer[]): boolean {
    if (stored.length !== peers.length) return false;
    for (let i = 0; i < peers.length; i++) {
      const a = stored[i]!;
      const b = peers[i]!;
      if (a.weight !== b.weight) return false;
      if (this.fields.address && a.server !== b.server) return false;
      if (this.fields.state && a.up !== b.up) return false;
    }
    return true;
  }
}

/**
 * A copy of `text` that shares no memory with a larger string. Addresses are slices of a
 * configuration's text, and V8 keeps the whole text alive while any slice of it lives: a cache
 * that outlives the document must not keep every edited version of it. (Concatenating makes a
 * new string, which slicing flattens into one of the address's own length.)
 */
export function detached(text: string): string {
  return (' ' + text).slice(1);
}
