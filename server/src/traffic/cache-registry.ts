/**
 * Every cache of the traffic engine, so that one call empties them all. The benchmark uses it to
 * measure what a user pays the first time a pool is seen (rings built, not found in a cache);
 * nothing in the analysis itself needs it.
 */
interface Clearable {
  clear(): void;
  /** Values computed because the cache did not hold them, since the process started. */
  readonly computed: number;
}

const caches = new Set<Clearable>();

/** Registers a cache (a module-level one: it stays registered for the life of the process). */
export function registerCache<C extends Clearable>(cache: C): C {
  caches.add(cache);
  return cache;
}

/** Empties every ring, distribution and remap cache. */
export function clearTrafficCaches(): void {
  for (const cache of caches) cache.clear();
}

/**
 * Values every traffic cache has computed so far (rings, distributions, remaps), for the
 * benchmark: the difference over an analysis is what it built rather than found, so a warm
 * analysis that builds rings again (a cache bound smaller than the file's pools) shows.
 */
export function trafficCacheComputations(): number {
  let computed = 0;
  for (const cache of caches) computed += cache.computed;
  return computed;
}
