/** Small statistics and formatting helpers for the benchmark's table. */

export interface Spread {
  readonly min: number;
  readonly median: number;
  readonly max: number;
  readonly runs: number;
}

export function spread(values: readonly number[]): Spread {
  const sorted = [...values].sort((a, b) => a - b);
  return { min: sorted[0]!, median: sorted[Math.floor((sorted.length - 1) / 2)]!, max: sorted[sorted.length - 1]!, runs: sorted.length };
}

/** The value at fraction `q` (0.95 for p95) of the sorted values, nearest rank. */
export function quantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
}

export function time<T>(fn: () => T): [T, number] {
  const start = process.hrtime.bigint();
  const value = fn();
  return [value, Number(process.hrtime.bigint() - start) / 1e6];
}

/**
 * Wall time and CPU time of one call. The machine is shared, so wall time carries whatever else
 * runs; CPU time (this process: the analysis and V8's own threads) is the steadier figure.
 */
export function timed<T>(fn: () => T): { value: T; wall: number; cpu: number } {
  const cpuBefore = process.cpuUsage();
  const [value, wall] = time(fn);
  const cpu = process.cpuUsage(cpuBefore);
  return { value, wall, cpu: (cpu.user + cpu.system) / 1000 };
}

/** `12.3` / `123` / `1234`: digits that matter at this size. */
export function num(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const abs = Math.abs(value);
  if (abs > 0 && abs < 0.1) return value.toPrecision(2);
  return abs >= 100 ? value.toFixed(0) : abs >= 10 ? value.toFixed(1) : value.toFixed(2);
}

/** "min / median unit (n runs)" of durations or sizes, where smaller is better. */
export function minMedian(s: Spread, unit: string): string {
  return s.runs === 1 ? `${num(s.min)} ${unit} (1 run)` : `${num(s.min)} / ${num(s.median)} ${unit} (min / median of ${s.runs})`;
}

/** Throughput from durations: "best / median MB/s". */
export function throughput(bytes: number, ms: Spread): string {
  const mbs = (t: number) => bytes / (1024 * 1024) / (t / 1000);
  return ms.runs === 1 ? `${num(mbs(ms.min))} MB/s (1 run)` : `${num(mbs(ms.min))} / ${num(mbs(ms.median))} MB/s (best / median of ${ms.runs})`;
}
