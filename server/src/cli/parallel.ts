/**
 * Checking many files on all cores: worker threads (running this same bundle) each analyse a
 * share of the files and send back plain output data; the main thread merges it in file order,
 * so the result is the same as a single-threaded run, just sooner.
 */
import { availableParallelism } from 'node:os';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { detectDialect } from '../engine/detect';
import { analyzeTarget, displayPath, includeLoader, type LoadOptions, type Target } from './load';
import { ALL_OUTPUT, OutputCollector, type OutputNeeds } from './output-collector';
import type { OutFile } from './output-model';
import { RingHelper, wantsRingHelper } from './ring-helper';

/** Below this many files a worker's start-up costs more than it saves. */
export const PARALLEL_THRESHOLD = 24;

export interface TargetOutput {
  readonly files: OutFile[];
  readonly error?: string;
  /** The file is a balancer config (it counts as checked). */
  readonly checked: boolean;
  readonly parseFailed: boolean;
  /** The analysed file, and every other file its analysis read (its includes), as display paths. */
  readonly root?: string;
  readonly reads?: readonly string[];
}

interface WorkerInput {
  readonly lbDriftWorker: true;
  readonly targets: readonly Target[];
  readonly options: LoadOptions;
  readonly needs: OutputNeeds;
}

interface WorkerOutput {
  readonly outputs: readonly TargetOutput[];
  readonly warnings: readonly string[];
}

export function threadCount(requested: number | undefined, files: number): number {
  const cores = availableParallelism();
  const wanted = requested === undefined || requested === 0 ? cores : requested;
  if (files < PARALLEL_THRESHOLD) return 1;
  return Math.max(1, Math.min(wanted, cores * 2, Math.ceil(files / 8)));
}

/**
 * Analyses one target into plain output data, with what the format prints (`needs`). With
 * `ringHelperBundle` (the running bundle), a large file's consistent-hash rings are built on a
 * second thread as well (ring-helper.ts).
 */
export function outputOf(
  target: Target,
  options: LoadOptions,
  loader: ReturnType<typeof includeLoader>,
  warnings: string[],
  ringHelperBundle?: string,
  needs: OutputNeeds = ALL_OUTPUT,
): TargetOutput {
  let helper: RingHelper | undefined;
  const startHelper = (text: string) => {
    // Rings are nginx's: for another dialect the helper would compile and read for nothing (about
    // 250 ms of CPU on a 10 MB haproxy.cfg). Sniffed without the project's globs, which can only
    // leave out a helper, never change a result.
    if (!ringHelperBundle || !wantsRingHelper(text.length) || detectDialect(target.path, text, {}, options.dialect)?.id !== 'nginx') return;
    helper = new RingHelper(ringHelperBundle, target.path);
  };
  let result: ReturnType<typeof analyzeTarget>;
  try {
    result = analyzeTarget(target, loader, options, warnings, startHelper);
  } finally {
    // The output, written after this returns, may ask for shares the helper built.
    helper?.stopKeepingShares();
  }
  if (!result.report) return { files: [], ...(result.error ? { error: result.error } : {}), checked: false, parseFailed: false };
  const collector = new OutputCollector(displayPath, needs);
  collector.add(result.report);
  const root = displayPath(result.report.path);
  return {
    files: collector.files(),
    checked: true,
    parseFailed: result.report.problems.some((p) => p.kind === 'syntax'),
    root,
    reads: [...result.report.sources.keys()].map(displayPath).filter((path) => path !== root),
  };
}

/**
 * The checked files that another checked file includes. Such a fragment is reported as part of
 * the configuration that includes it, not also alone: on its own it cannot see the upstreams the
 * rest of the configuration defines, so a standalone analysis would add guesses ("probably a typo")
 * beside the configuration's facts. Files that only include each other (a loop, no file above
 * them) are each kept.
 */
export function includedByOthers(outputs: readonly TargetOutput[]): Set<string> {
  const roots = new Set(outputs.flatMap((o) => (o.root ? [o.root] : [])));
  const includedBy = new Map<string, number>();
  for (const output of outputs) for (const read of output.reads ?? []) if (roots.has(read)) includedBy.set(read, (includedBy.get(read) ?? 0) + 1);
  const covered = new Set<string>();
  for (const output of outputs) {
    if (!output.root || includedBy.has(output.root)) continue;
    for (const read of output.reads ?? []) if (roots.has(read)) covered.add(read);
  }
  return covered;
}

/** Runs the targets on `threads` workers; outputs come back in target order. */
export async function analyzeInWorkers(
  bundle: string,
  targets: readonly Target[],
  options: LoadOptions,
  threads: number,
  needs: OutputNeeds = ALL_OUTPUT,
): Promise<{ outputs: TargetOutput[]; warnings: string[] }> {
  // Contiguous slices keep files of one folder (and their shared includes) on one worker.
  const size = Math.ceil(targets.length / threads);
  const slices = Array.from({ length: threads }, (_, i) => targets.slice(i * size, (i + 1) * size)).filter((s) => s.length > 0);
  const results = await Promise.all(
    slices.map(
      (slice) =>
        new Promise<WorkerOutput>((resolve, reject) => {
          const input: WorkerInput = { lbDriftWorker: true, targets: slice, options, needs };
          const worker = new Worker(bundle, { workerData: input });
          worker.once('message', (output: WorkerOutput) => resolve(output));
          worker.once('error', reject);
          worker.once('exit', (code) => {
            if (code !== 0) reject(new Error(`an analysis worker exited with code ${code}`));
          });
        }),
    ),
  );
  return { outputs: results.flatMap((r) => r.outputs), warnings: results.flatMap((r) => r.warnings) };
}

/** In a worker started by `analyzeInWorkers`: analyse the slice, post the outputs. Returns false elsewhere. */
export function runAsWorker(): boolean {
  if (isMainThread || !parentPort || !(workerData as Partial<WorkerInput> | undefined)?.lbDriftWorker) return false;
  const { targets, options, needs } = workerData as WorkerInput;
  const warnings: string[] = [];
  const loader = includeLoader(options, warnings);
  const outputs = targets.map((target) => outputOf(target, options, loader, warnings, undefined, needs));
  const message: WorkerOutput = { outputs, warnings };
  parentPort.postMessage(message);
  return true;
}
