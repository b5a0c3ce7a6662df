/**
 * Drift of an Istio subset that a route still sends traffic to but that its DestinationRule no
 * longer defines: the DestinationRule is usually in another file, so the route's own text did not
 * change and no share moved in the model, yet every request routed there now fails with 503
 * (Istio has no cluster for the subset). The stable model resolved the same route against the
 * stable revision's DestinationRules (host/git/revision-manifests.ts), so a subset defined there
 * and gone now was removed since stable.
 */
import { percent } from '../../core/format';
import type { Definition, Pool, Reference } from '../../core/model';
import type { RuleContext } from '../../core/rule';
import { driftFixes } from '../../drift/revert';
import { since, type DriftView } from '../../drift/view';

const subsetKey = (scope: string, name: string) => `${scope}\u0000${name}`;

export function reportRemovedSubsets(context: RuleContext, view: DriftView): void {
  const stableSubsets = new Map<string, Definition>();
  for (const d of view.stable.model.definitions ?? []) if (d.kind === 'subset') stableSubsets.set(subsetKey(d.scope, d.name), d);
  if (stableSubsets.size === 0) return;
  const currentSubsets = new Set((context.model.definitions ?? []).filter((d) => d.kind === 'subset').map((d) => subsetKey(d.scope, d.name)));
  for (const reference of context.model.references) {
    if (reference.kind !== 'subset') continue;
    const key = subsetKey(reference.context, reference.name);
    const before = stableSubsets.get(key);
    if (!before || currentSubsets.has(key)) continue;
    const share = shareOf(context, reference);
    const traffic = share ? `this destination gets ${percent(share.share)} of ${share.pool.name}, and those requests` : 'requests routed here';
    context.report({
      message: `${before.label} (host ${reference.context}) was removed ${since(view)}: ${traffic} now fail with 503, since Istio has no cluster for the subset.`,
      loc: reference.nameLoc,
      severity: 'warning',
      ...revertRule(view, reference),
    });
  }
}

/** The pool and share of the split member a reference is written in. */
function shareOf(context: RuleContext, reference: Reference): { readonly pool: Pool; readonly share: number } | undefined {
  const at = reference.nameLoc;
  for (const pool of context.model.pools) {
    const index = pool.members.findIndex((m) => m.loc.file === at.file && m.loc.start <= at.start && at.end <= m.loc.end);
    if (index >= 0) return { pool, share: context.shares(pool).members[index]?.share ?? 0 };
  }
  return undefined;
}

/**
 * "Revert pool to stable" for the DestinationRule that lost the subset, when it is written in the
 * analysed file (its stable block has the subset); one in another file is reverted there.
 */
function revertRule(view: DriftView, reference: Reference): { fixes?: ReturnType<typeof driftFixes> } {
  // The rule's own pool (`DestinationRule ns/name`), not one of its per-subset or per-port pools.
  const pair = view.pairs.find(
    (p) => p.current?.context === 'DestinationRule' && /^DestinationRule \S+$/.test(p.current.key) && p.current.facts.host?.value === reference.context && p.stable !== undefined,
  );
  return pair ? { fixes: driftFixes(view, pair, []) } : {};
}
