/**
 * What the vitest runs share: a time bound generous enough that a busy machine never fails a
 * test (the harness's tight bound lives in run.ts), and the check/rule kinds of pending cases.
 */
import type { FuzzCase } from './cases';
import type { Failure } from './checks';

/** Catches a hang or a blow-up, never a slow machine: 2 s plus 200 ms per KB. */
export const TEST_TIME_BOUND = (chars: number): number => 2000 + (200 * chars) / 1024;

export function kindOf(c: Pick<Failure, 'check' | 'rule'>): string {
  return `${c.check}${c.rule ? ` (${c.rule})` : ''}`;
}

export function pendingKinds(pending: readonly { fuzzCase: FuzzCase }[]): Set<string> {
  return new Set(pending.map(({ fuzzCase }) => kindOf(fuzzCase)));
}
