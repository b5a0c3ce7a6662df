/**
 * A small bounded cache: the least recently used entry goes when it is full. Rings and
 * distributions are computed once per pool version and reused while editing.
 */
import { registerCache } from './cache-registry';

export class BoundedCache<V> {
  private readonly entries = new Map<string, V>();
  /** Values computed because they were not held (`trafficCacheComputations`). */
  computed = 0;

  constructor(private readonly capacity: number) {
    registerCache(this);
  }

  /** The most recently used key: asking for it again needs no reordering. */
  private newest: string | undefined;

  /**
   * The value held for `key`, or `compute(key)` kept. A caller on a hot path passes a function that
   * takes the key rather than a closure over it, so a hit allocates nothing.
   */
  get(key: string, compute: (key: string) => V): V {
    const hit = this.entries.get(key);
    if (hit !== undefined) {
      // Consecutive asks mostly repeat a key (pools of a generated file sharing a hash key): the
      // newest entry stays where it is; any other is re-inserted to become the most recently used.
      if (key !== this.newest) {
        this.entries.delete(key);
        this.entries.set(key, hit);
        this.newest = key;
      }
      return hit;
    }
    const value = compute(key);
    this.computed++;
    this.entries.set(key, value);
    this.newest = key;
    if (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    return value;
  }

  get size(): number {
    return this.entries.size;
  }

  clear(): void {
    this.entries.clear();
    this.newest = undefined;
  }
}
