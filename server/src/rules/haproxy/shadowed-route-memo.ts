/**
 * Which earlier `use_backend` rules of a proxy take each later one depends only on the rules'
 * conditions: whether each always applies, and each test's sample, kind, case and values, in
 * order. A keystroke elsewhere in a large haproxy.cfg moves the proxy's references (new objects at
 * new offsets) but keeps each test's list of values (the same array: shift.ts moves locations,
 * never values), so the answers are remembered by those lists and checked against them, and a
 * proxy whose conditions did not change costs a walk over its tests instead of a new index.
 */
import type { Reference } from '../../core/model';

/** For each rule of a proxy (in the order tried), the indexes of the earlier rules that take it, or undefined. */
export type Decisions = readonly (readonly number[] | undefined)[];

interface Remembered {
  /** Per rule: its `always`, then per test its values (the array), sample, kind and case. */
  readonly conditions: readonly unknown[];
  readonly decisions: Decisions;
}

/** By the value list of a proxy's first test; entries go with the lists. */
const REMEMBERED = new WeakMap<readonly string[], Remembered>();

/** The decisions for `ordered` (one proxy's rules, in the order HAProxy tries them), made by `decide` when not remembered. */
export function rememberedDecisions(ordered: readonly Reference[], decide: () => Decisions): Decisions {
  const key = firstValues(ordered);
  if (!key) return decide();
  const known = REMEMBERED.get(key);
  if (known && sameConditions(ordered, known.conditions)) return known.decisions;
  const decisions = decide();
  REMEMBERED.set(key, { conditions: conditionsOf(ordered), decisions });
  return decisions;
}

function firstValues(ordered: readonly Reference[]): readonly string[] | undefined {
  for (const rule of ordered) {
    const test = rule.match?.tests[0];
    if (test) return test.values;
  }
  return undefined;
}

function conditionsOf(ordered: readonly Reference[]): unknown[] {
  const conditions: unknown[] = [];
  for (const rule of ordered) {
    const match = rule.match;
    conditions.push(match ? match.always : undefined, match ? match.tests.length : -1);
    for (const test of match?.tests ?? []) conditions.push(test.values, test.sample, test.kind, test.ignoreCase);
  }
  return conditions;
}

function sameConditions(ordered: readonly Reference[], conditions: readonly unknown[]): boolean {
  let at = 0;
  for (const rule of ordered) {
    const match = rule.match;
    if (conditions[at++] !== (match ? match.always : undefined) || conditions[at++] !== (match ? match.tests.length : -1)) return false;
    for (const test of match?.tests ?? []) {
      if (conditions[at++] !== test.values || conditions[at++] !== test.sample || conditions[at++] !== test.kind || conditions[at++] !== test.ignoreCase) return false;
    }
  }
  return at === conditions.length;
}
