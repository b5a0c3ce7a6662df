/**
 * Bytes allocated on the JavaScript heap while a function runs, measured with V8's GC profiler:
 * what is live at the end minus what was live at the start, plus everything each collection in
 * between freed. Run with --expose-gc so the count starts from a collected heap. The figure is
 * the mean over `runs` calls, after the caller has warmed the function up.
 */
import { GCProfiler, getHeapStatistics } from 'node:v8';

export function allocatedBytes(fn: () => void, runs: number): number {
  (globalThis as { gc?: () => void }).gc?.();
  const profiler = new GCProfiler();
  profiler.start();
  const before = getHeapStatistics().used_heap_size;
  for (let i = 0; i < runs; i++) fn();
  const after = getHeapStatistics().used_heap_size;
  const result = profiler.stop();
  let freed = 0;
  for (const gc of result?.statistics ?? []) freed += gc.beforeGC.heapStatistics.usedHeapSize - gc.afterGC.heapStatistics.usedHeapSize;
  return (after - before + freed) / runs;
}
