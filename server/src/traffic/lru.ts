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

  get(key: string, compute: () => V): V {
    const hit = this.entries.get(key);
    if (hit !== undefined) {
      // Re-insert so that the entry becomes the most recently used one.
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit;
    }
    const value = compute();
    this.computed++;
    this.entries.set(key, value);
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
  }
}
