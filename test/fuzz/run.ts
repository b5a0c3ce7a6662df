/**
 * `npm run fuzz`: at least 100,000 inputs per dialect (generators and mutated corpus files),
 * split over worker threads, every check of checks.ts on each, a summary per dialect, and every
 * failure shrunk and saved under test/fuzz-cases/ for the regression test to replay.
 *
 * Options: --inputs N (per dialect), --seed S (replays a run), --dialect ID, --workers N,
 * --keep N (failures shrunk and saved per check and rule, default 3), --no-save.
 */
import { availableParallelism } from 'node:os';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { saveCase } from './cases';
import { CHECKS } from './checks';
import { FUZZ_DIALECTS, fuzzDialect } from './dialects';
import { runSlice, seedsOf, type SliceOptions, type SliceStats } from './harness';

/** The harness's time bound: generous, because it flags only inputs far above the median cost. */
export const FUZZ_TIME_BOUND = (chars: number): number => 50 + (5 * chars) / 1024;
const PROGRESS_EVERY = 5000;

interface WorkerJob {
  readonly dialect: string;
  readonly options: Omit<SliceOptions, 'timeBoundMs'>;
}

function parseArgs(argv: readonly string[]): { inputs: number; seed: number; dialects: string[]; workers: number; save: boolean; keep: number } {
  const value = (flag: string): string | undefined => {
    const at = argv.indexOf(flag);
    return at === -1 ? undefined : argv[at + 1];
  };
  const number = (flag: string, fallback: number): number => {
    const raw = value(flag);
    if (raw === undefined) return fallback;
    const parsed = Number(raw);
    if (!Number.isSafeInteger(parsed) || parsed < 0) throw new Error(`${flag} needs a whole number, got "${raw}"`);
    return parsed;
  };
  const dialect = value('--dialect');
  return {
    inputs: number('--inputs', 100_000),
    seed: number('--seed', Math.floor(Math.random() * 0x7fffffff)),
    dialects: dialect ? [fuzzDialect(dialect).id] : FUZZ_DIALECTS.map((d) => d.id),
    workers: Math.max(1, number('--workers', availableParallelism())),
    save: !argv.includes('--no-save'),
    keep: number('--keep', 3),
  };
}

function merge(all: SliceStats[]): SliceStats {
  const total: SliceStats = { inputs: 0, chars: 0, ms: 0, ran: {}, failed: {}, failures: [] };
  for (const s of all) {
    total.inputs += s.inputs;
    total.chars += s.chars;
    total.ms += s.ms;
    for (const check of CHECKS) {
      if (s.ran[check]) total.ran[check] = (total.ran[check] ?? 0) + s.ran[check]!;
      if (s.failed[check]) total.failed[check] = (total.failed[check] ?? 0) + s.failed[check]!;
    }
    if (s.slowest && (!total.slowest || s.slowest.msPerKb > total.slowest.msPerKb)) total.slowest = s.slowest;
    total.failures.push(...s.failures);
  }
  return total;
}

function runWorker(job: WorkerJob, onProgress: (done: number) => void): Promise<SliceStats> {
  return new Promise((resolvePromise, reject) => {
    const worker = new Worker(__filename, { workerData: job });
    worker.on('message', (message: { progress?: number; stats?: SliceStats }) => {
      if (message.progress !== undefined) onProgress(message.progress);
      if (message.stats) resolvePromise(message.stats);
    });
    worker.on('error', reject);
    worker.on('exit', (code) => {
      if (code !== 0) reject(new Error(`fuzz worker exited with code ${code}`));
    });
  });
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  console.log(`lb-drift fuzz: seed ${args.seed}, ${args.inputs} inputs per dialect, ${args.workers} workers (replay with --seed ${args.seed})`);
  let failed = 0;
  for (const id of args.dialects) {
    const { seeds, skipped } = seedsOf(fuzzDialect(id));
    if (skipped) console.log(`  ${id}: ${skipped}`);
    else console.log(`  ${id}: mutating ${seeds.length} corpus files`);
    const started = performance.now();
    const done = new Array<number>(args.workers).fill(0);
    let reported = 0;
    const slices = await Promise.all(
      Array.from({ length: args.workers }, (_, w) =>
        runWorker(
          { dialect: id, options: { seed: args.seed, from: w, to: args.inputs, step: args.workers, maxFixes: 2, keepPerKind: args.keep } },
          (n) => {
            done[w] = n;
            const sum = done.reduce((a, b) => a + b, 0);
            if (sum - reported >= args.inputs / 10) {
              reported = sum;
              console.log(`  ${id}: ${sum} inputs (${((performance.now() - started) / 1000).toFixed(0)} s)`);
            }
          },
        ),
      ),
    );
    const stats = merge(slices);
    const seconds = (performance.now() - started) / 1000;
    failed += Object.values(stats.failed).reduce((a, b) => a + (b ?? 0), 0);
    printSummary(id, stats, seconds);
    if (args.save) {
      const kinds = new Map<string, number>();
      for (const failure of stats.failures) {
        const kind = `${failure.check} ${failure.rule ?? ''}`;
        if ((kinds.get(kind) ?? 0) >= args.keep) continue;
        kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
        const file = saveCase(failure);
        if (file) console.log(`  saved ${file} (${failure.check}${failure.rule ? `, ${failure.rule}` : ''}: ${failure.detail.slice(0, 160)})`);
      }
    }
  }
  process.exitCode = failed > 0 ? 1 : 0;
}

function printSummary(id: string, stats: SliceStats, seconds: number): void {
  const median = stats.inputs > 0 ? stats.ms / stats.inputs : 0;
  console.log(`\n${id}: ${stats.inputs} inputs, ${(stats.chars / 1e6).toFixed(1)} M chars, ${seconds.toFixed(1)} s wall, ${median.toFixed(2)} ms mean analysis`);
  console.log('  check                 inputs/runs   failures');
  for (const check of CHECKS) console.log(`  ${check.padEnd(22)}${String(stats.ran[check] ?? 0).padStart(11)}${String(stats.failed[check] ?? 0).padStart(11)}`);
  if (stats.slowest) {
    const s = stats.slowest;
    console.log(`  slowest per KB: ${s.msPerKb.toFixed(1)} ms/KB (${s.ms.toFixed(1)} ms for ${s.chars} chars; input ${s.index}: ${s.origin})`);
  }
}

if (isMainThread) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 2;
  });
} else {
  const job = workerData as WorkerJob;
  const dialect = fuzzDialect(job.dialect);
  const { seeds } = seedsOf(dialect);
  const stats = { inputs: 0 };
  const chunks: SliceStats[] = [];
  const kept = new Map<string, number>();
  // Work in chunks so the main thread can print progress.
  const span = PROGRESS_EVERY * job.options.step;
  for (let from = job.options.from; from < job.options.to; from += span) {
    chunks.push(runSlice(dialect, seeds, { ...job.options, from, to: Math.min(job.options.to, from + span), timeBoundMs: FUZZ_TIME_BOUND }, kept));
    stats.inputs += chunks[chunks.length - 1]!.inputs;
    parentPort!.postMessage({ progress: stats.inputs });
  }
  parentPort!.postMessage({ stats: merge(chunks) });
}
