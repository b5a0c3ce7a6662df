/**
 * Replays every saved fuzz failure (test/fuzz-cases/*.json) and asserts that the check it failed
 * now holds. Cases under test/fuzz-cases/pending/ (a harness run may park a failure there while
 * its fix is being written) are replayed too: nothing saved is ever skipped, so a change cannot
 * land while a saved failure still fails.
 */
import { describe, expect, it } from 'vitest';
import { CASES_DIR, loadCases, PENDING_DIR } from './cases';
import { checkInput } from './checks';
import { fuzzDialect } from './dialects';
import { kindOf, TEST_TIME_BOUND } from './replay';

const cases = loadCases(CASES_DIR);
const pending = loadCases(PENDING_DIR);

describe('saved fuzz failures hold now', () => {
  it('has only well-formed cases', () => {
    for (const { file, fuzzCase } of [...cases, ...pending]) {
      expect(typeof fuzzCase.text, file).toBe('string');
      expect(fuzzCase.check, file).toMatch(/^[a-z-]+$/);
      fuzzDialect(fuzzCase.dialect);
    }
  });

  for (const { file, fuzzCase } of [...cases, ...pending]) {
    it(`${kindOf(fuzzCase)}: ${file}`, () => {
      const outcome = checkInput(fuzzDialect(fuzzCase.dialect), fuzzCase.text, { timeBoundMs: TEST_TIME_BOUND, maxFixes: Number.POSITIVE_INFINITY });
      const still = outcome.failures.filter((f) => f.check === fuzzCase.check && (fuzzCase.rule === undefined || f.rule === fuzzCase.rule));
      expect(still.map((f) => f.detail), `found as: ${fuzzCase.detail}`).toEqual([]);
    });
  }
});
