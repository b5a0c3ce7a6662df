/**
 * How many rings, distributions and remaps an analysis computes rather than finds in the traffic
 * caches (traffic/cache-registry.ts `trafficCacheComputations`): the first analysis of a text,
 * with the caches emptied, and the same text analysed again. The warm figures of the benchmark
 * are meant to measure analyses that build no ring: a second count above 0 means a cache bound
 * smaller than the file's pools, and ring building inside those figures, to be reported apart.
 * On the three 10 MB nginx shapes it is 0 (cold: 2,114 on ring-heavy, 2,916 on upstream-dense, 0
 * on typical, counting every cache: consistent-hash shares, ip_hash counts, map-hash shares,
 * hash keys); on ring-heavy it was 378 before the map-hash cache held every pool (47ec61b).
 */
import { noIncludes } from '../server/src/core/dialect';
import { analyzeFile } from '../server/src/engine/analyze';
import { clearTrafficCaches, trafficCacheComputations } from '../server/src/traffic';

export interface CacheComputations {
  /** Computed by the first analysis, caches emptied before it. */
  readonly cold: number;
  /** Computed by the second analysis of the same text. */
  readonly warm: number;
}

export function cacheComputations(file: { path: string; text: string }): CacheComputations {
  clearTrafficCaches();
  const start = trafficCacheComputations();
  analyzeFile(file, noIncludes);
  const afterCold = trafficCacheComputations();
  analyzeFile(file, noIncludes);
  return { cold: afterCold - start, warm: trafficCacheComputations() - afterCold };
}
