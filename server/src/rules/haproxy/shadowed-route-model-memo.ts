/**
 * What shadowed-route found in the last model, kept with what it read of the model to find it:
 * per reference, in the model's order, whether it is a `use_backend` rule the rule reads and its
 * scope (which names the proxy), then its condition (`always`, and per test the sample, kind,
 * case and values). The findings depend on nothing else: when the next model reads the same
 * (a keystroke anywhere but in a use_backend condition of a large haproxy.cfg), they are the same
 * rules taking the same later rules, and only the messages and locations are made again, from the
 * current references. One walk over the references replaces grouping them by proxy (a map, an
 * array per proxy) and the per-proxy memo's lookups, which cost about a millisecond a keystroke on
 * a 1 MB file with 2,000 use_backend rules.
 */
import type { Reference, RouteMatch } from '../../core/model';
import { movedFrom } from '../../core/moved-from';

/** One finding: the proxy, and the later rule and the earlier rules that take it, as indexes into the model's references. */
export interface ShadowedRoute {
  readonly proxy: string;
  readonly later: number;
  readonly takers: readonly number[];
}

interface LastModel {
  /**
   * Per reference: undefined when the rule does not read it, else the reference it was moved
   * from (or itself: `movedFrom`), its scope, then its condition's fields.
   */
  readonly reads: unknown[];
  readonly found: readonly ShadowedRoute[];
}

let last: LastModel | undefined;

/** Whether shadowed-route reads `reference` (a use_backend rule with a scope naming its proxy). */
export const readsReference = (reference: Reference): boolean => reference.kind === 'use_backend' && !!reference.scope;

/** The last model's findings when `references` read the same as its references, else undefined. */
export function lastFindings(references: readonly Reference[]): readonly ShadowedRoute[] | undefined {
  if (!last) return undefined;
  const reads = last.reads;
  let at = 0;
  for (const reference of references) {
    if (!readsReference(reference)) {
      if (reads[at++] !== undefined) return undefined;
      continue;
    }
    const source = reads[at];
    if (source === undefined) return undefined;
    // The same reference, or one moved from it (a section after the edit), reads the same: its
    // scope and condition are skipped (a moved reference makes its condition when first read).
    const from = movedFrom(reference);
    if (source === from) {
      at += 4 + 4 * Math.max(0, reads[at + 3] as number);
      continue;
    }
    // Read the same field by field, it is known by identity from now on (a mismatch further on
    // remembers the whole model again).
    reads[at++] = from;
    if (reads[at++] !== reference.scope) return undefined;
    const match = reference.match;
    if (reads[at++] !== (match ? match.always : undefined) || reads[at++] !== (match ? match.tests.length : -1)) return undefined;
    if (!match) continue;
    for (const test of match.tests) {
      if (reads[at++] !== test.sample || reads[at++] !== test.kind || reads[at++] !== test.ignoreCase) return undefined;
      if (!sameValues(reads[at++] as readonly string[], test.values)) return undefined;
    }
  }
  return at === reads.length ? last.found : undefined;
}

/** Keeps `found` as the findings of `references`; undefined forgets the last model. */
export function rememberFindings(references: readonly Reference[], found: readonly ShadowedRoute[] | undefined): void {
  if (!found) {
    last = undefined;
    return;
  }
  const reads: unknown[] = [];
  for (const reference of references) {
    if (!readsReference(reference)) {
      reads.push(undefined);
      continue;
    }
    const match: RouteMatch | undefined = reference.match;
    reads.push(movedFrom(reference), reference.scope, match ? match.always : undefined, match ? match.tests.length : -1);
    for (const test of match?.tests ?? []) reads.push(test.sample, test.kind, test.ignoreCase, test.values);
  }
  last = { reads, found };
}

/** Forgets the last model (the references its reads hold): for a caller that analyses no next version. */
export function forgetShadowedRoutes(): void {
  last = undefined;
}

/** The same list (a moved reference keeps it), or one with the same values (the section was read again). */
function sameValues(a: readonly string[], b: readonly string[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
