/**
 * Fixes are intents, not text: a rule says what should change in model terms and the dialect's
 * fixer turns that into edits of its own syntax. A span-local edit is also an intent, for rules
 * whose fix is plain text replacement. Everything here is JSON, because code actions are rebuilt
 * from `diagnostic.data` by a stateless server.
 */
import type { Loc } from './span';

/** `safe` fixes go into fix-all and `--fix`; `unsafe` ones are offered, never applied in bulk. */
export type FixSafety = 'safe' | 'unsafe';

export interface TextEdit {
  readonly loc: Loc;
  readonly newText: string;
}

export type FixIntent =
  /** Replace spans with new text exactly as given. */
  | { readonly kind: 'edit'; readonly edits: readonly TextEdit[] }
  /** Give a member a weight; `member` is the member's declaration. */
  | { readonly kind: 'set-weight'; readonly member: Loc; readonly weight: number }
  /** Delete a member's whole declaration. */
  | { readonly kind: 'remove-member'; readonly member: Loc }
  /** Delete one parameter (`backup`, `weight=5`) of a member or pool. */
  | { readonly kind: 'remove-param'; readonly param: Loc }
  /** Add or replace a `name=value` parameter on a member. */
  | { readonly kind: 'set-param'; readonly member: Loc; readonly name: string; readonly value: string };

export interface Fix {
  readonly title: string;
  readonly safety: FixSafety;
  readonly intents: readonly FixIntent[];
}
