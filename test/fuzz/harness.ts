/**
 * Runs a slice of a fuzz run for one dialect: makes each input from the run's seed and the
 * input's index (a generator, or a mutated corpus file), checks it, and keeps the failures,
 * shrunk by deleting lines while the same check still fails.
 */
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { CORPUS_DIR, corpusAvailable, corpusFiles } from '../helpers/corpus';
import { checkInput, type CheckName, type CheckOptions, type Failure } from './checks';
import type { FuzzDialect } from './dialects';
import { mutate, splitLines } from './mutators';
import { inputSeed, rng } from './random';

export interface Seed {
  readonly name: string;
  readonly text: string;
}

export interface FuzzInput {
  readonly index: number;
  readonly text: string;
  /** Where it came from: a generator, or a seed file and the mutations applied. */
  readonly origin: string;
}

/** The dialect's corpus files, or its built-in seeds (with the reason) when the corpus is absent. */
export function seedsOf(dialect: FuzzDialect): { seeds: Seed[]; skipped?: string } {
  // Under CI=true a missing corpus throws here instead of being skipped.
  if (!corpusAvailable()) {
    return {
      seeds: dialect.builtInSeeds.map((text, i) => ({ name: `built-in ${i + 1}`, text })),
      skipped: `corpus mutations skipped: ${CORPUS_DIR} does not exist (it ships beside the repository, not in it); mutating built-in seeds`,
    };
  }
  const files = dialect.corpus.flatMap((folder) => corpusFiles(folder));
  return { seeds: files.map((file) => ({ name: relative(CORPUS_DIR, file), text: readFileSync(file, 'utf8') })) };
}

/** Input `index` of the run `seed`: 35% fresh from a generator, else a mutation of a seed file in turn. */
export function makeInput(dialect: FuzzDialect, seeds: readonly Seed[], seed: number, index: number): FuzzInput {
  const r = rng(inputSeed(seed, index));
  if (r.chance(0.35)) {
    // The balancer generator reaches the rules and fixes; it gets half of the generated inputs.
    const generator = r.chance(0.5) ? dialect.generators[0]! : r.pick(dialect.generators);
    const fresh = generator.generate(r);
    if (!r.chance(0.5)) return { index, text: fresh, origin: `generator ${generator.name}` };
    const { text, mutations } = mutate(fresh, r);
    return { index, text, origin: `generator ${generator.name} + ${mutations.join(', ')}` };
  }
  const base = seeds[index % seeds.length]!;
  const { text, mutations } = mutate(base.text, r);
  return { index, text, origin: `${base.name} + ${mutations.join(', ')}` };
}

export interface FoundFailure extends Failure {
  readonly dialect: string;
  readonly seed: number;
  readonly index: number;
  readonly origin: string;
  /** The input, shrunk while the same check (and rule) still failed. */
  readonly text: string;
  readonly originalLength: number;
}

export interface SliceStats {
  inputs: number;
  chars: number;
  ms: number;
  ran: Partial<Record<CheckName, number>>;
  failed: Partial<Record<CheckName, number>>;
  /** The input with the highest analysis time per KB (inputs of 1 KB or more count as their size). */
  slowest?: { msPerKb: number; ms: number; chars: number; origin: string; index: number };
  failures: FoundFailure[];
}

export interface SliceOptions extends CheckOptions {
  readonly seed: number;
  readonly from: number;
  readonly to: number;
  readonly step: number;
  /** At most this many failures of one check and rule are kept (shrinking costs time). */
  readonly keepPerKind: number;
  /** Whether kept failures are shrunk (default true). */
  readonly shrink?: boolean;
}

/**
 * Checks inputs `from`, `from + step`, ... below `to`. `kept` counts the failures kept per check
 * and rule; pass the same map to successive slices so the cap holds over a whole worker's run.
 */
export function runSlice(dialect: FuzzDialect, seeds: readonly Seed[], options: SliceOptions, kept = new Map<string, number>()): SliceStats {
  const stats: SliceStats = { inputs: 0, chars: 0, ms: 0, ran: {}, failed: {}, failures: [] };
  for (let index = options.from; index < options.to; index += options.step) {
    const input = makeInput(dialect, seeds, options.seed, index);
    let outcome = checkInput(dialect, input.text, options);
    // A slow input is timed up to three times more before it counts: the machine may have been busy.
    for (let again = 0; again < 3 && outcome.failures.some((f) => f.check === 'time-bounded'); again++) outcome = checkInput(dialect, input.text, options);
    stats.inputs++;
    stats.chars += input.text.length;
    stats.ms += outcome.ms;
    for (const [check, n] of Object.entries(outcome.ran)) stats.ran[check as CheckName] = (stats.ran[check as CheckName] ?? 0) + n;
    const msPerKb = outcome.ms / Math.max(1, input.text.length / 1024);
    if (!stats.slowest || msPerKb > stats.slowest.msPerKb) stats.slowest = { msPerKb, ms: outcome.ms, chars: input.text.length, origin: input.origin, index };
    for (const failure of outcome.failures) {
      stats.failed[failure.check] = (stats.failed[failure.check] ?? 0) + 1;
      const kind = `${failure.check} ${failure.rule ?? ''}`;
      if ((kept.get(kind) ?? 0) >= options.keepPerKind) continue;
      kept.set(kind, (kept.get(kind) ?? 0) + 1);
      const text = failure.check === 'time-bounded' || options.shrink === false ? input.text : shrink(input.text, (t) => stillFails(dialect, t, failure, options));
      const shrunk = text === input.text ? failure : (findFailure(dialect, text, failure, options) ?? failure);
      stats.failures.push({ ...shrunk, dialect: dialect.id, seed: options.seed, index, origin: input.origin, text, originalLength: input.text.length });
    }
  }
  return stats;
}

function findFailure(dialect: FuzzDialect, text: string, like: Failure, options: CheckOptions): Failure | undefined {
  return checkInput(dialect, text, options).failures.find((f) => f.check === like.check && f.rule === like.rule);
}

function stillFails(dialect: FuzzDialect, text: string, like: Failure, options: CheckOptions): boolean {
  return findFailure(dialect, text, like, options) !== undefined;
}

/**
 * Deletes runs of lines (halves, quarters, ... single lines) while `fails` still holds, within a
 * budget of attempts: a little shrinking makes a saved case readable without costing the run.
 */
export function shrink(text: string, fails: (text: string) => boolean, budget = 150): string {
  let lines = splitLines(text);
  let attempts = 0;
  for (let chunk = Math.max(1, lines.length >> 1); chunk >= 1 && attempts < budget; chunk = chunk === 1 ? 0 : Math.max(1, chunk >> 1)) {
    for (let at = 0; at < lines.length && attempts < budget; ) {
      const candidate = [...lines.slice(0, at), ...lines.slice(at + chunk)];
      attempts++;
      if (candidate.length < lines.length && fails(candidate.join(''))) lines = candidate;
      else at += chunk;
    }
  }
  return lines.join('');
}
