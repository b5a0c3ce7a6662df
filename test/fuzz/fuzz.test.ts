/**
 * The smaller fuzz run inside `npm test`: a fixed seed, a few thousand inputs per dialect through
 * every check of checks.ts (`npm run fuzz` does 100,000 per dialect with a fresh seed). A failure
 * of a kind (check and rule) that a pending case already records is printed, not failed: that
 * fix belongs to another change, and the kind fails here again once its pending cases are gone.
 */
import { describe, expect, it } from 'vitest';
import { loadCases, PENDING_DIR } from './cases';
import { FUZZ_DIALECTS } from './dialects';
import { runSlice, seedsOf } from './harness';
import { kindOf, pendingKinds, TEST_TIME_BOUND } from './replay';

const INPUTS = 3000;
const SEED = 20261125;

describe.each(FUZZ_DIALECTS.map((d) => [d.id, d] as const))('fuzzing %s', (_id, dialect) => {
  it(`passes every check on ${INPUTS} generated and mutated inputs`, () => {
    const { seeds, skipped } = seedsOf(dialect);
    if (skipped) console.warn(skipped);
    const stats = runSlice(dialect, seeds, { seed: SEED, from: 0, to: INPUTS, step: 1, timeBoundMs: TEST_TIME_BOUND, maxFixes: 2, keepPerKind: 1, shrink: false });
    expect(stats.inputs).toBe(INPUTS);
    expect(stats.ran['fix-parses'] ?? 0, 'the inputs reach safe fixes').toBeGreaterThan(100);
    const known = pendingKinds(loadCases(PENDING_DIR));
    const tolerated = stats.failures.filter((f) => known.has(kindOf(f)));
    if (tolerated.length > 0) console.warn(`pending fuzz failures (see test/fuzz-cases/pending): ${[...new Set(tolerated.map(kindOf))].join(', ')}`);
    const report = stats.failures
      .filter((f) => !known.has(kindOf(f)))
      .map((f) => `${kindOf(f)} on input ${f.index} (${f.origin}): ${f.detail}\n${JSON.stringify(f.text).slice(0, 400)}`);
    expect(report, 'save these with: npm run fuzz -- --seed 20261125 --inputs 3000').toEqual([]);
  });
});
