/**
 * The pairing of the current model with the stable one, made once per analysis and shared by
 * every drift rule: the rules run one after another on the same two models, and matching a large
 * configuration ten times over would cost ten times as much.
 */
import type { Model } from '../core/model';
import type { RuleContext, StableContext } from '../core/rule';
import { matchPools, type PoolPair } from './match';

export interface DriftView {
  readonly stable: StableContext;
  /** Current texts by path, where revert edits land. */
  readonly sources: ReadonlyMap<string, string>;
  /** The analysed file. */
  readonly root: string;
  readonly pairs: readonly PoolPair[];
}

const memo = new WeakMap<Model, { readonly stable: Model; readonly pairs: readonly PoolPair[] }>();

/** The drift view of a rule's context, or undefined when there is no stable revision. */
export function driftView(context: RuleContext): DriftView | undefined {
  const stable = context.stable;
  if (!stable) return undefined;
  let entry = memo.get(context.model);
  if (!entry || entry.stable !== stable.model) {
    entry = { stable: stable.model, pairs: matchPools(stable.model, context.model) };
    memo.set(context.model, entry);
  }
  return { stable, sources: context.sources, root: context.model.root, pairs: entry.pairs };
}

/** `since lb-stable/2026-11-20`: how messages name the revision. */
export function since(view: DriftView): string {
  return `since ${view.stable.ref}`;
}
