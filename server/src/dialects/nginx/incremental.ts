/**
 * Incremental re-analysis of an nginx file (the `Dialect.reanalyze` contract): the body of the
 * innermost block that holds the edit is parsed again and spliced into the previous tree
 * (tree-splice.ts); includes, context checks and lowering then run as for a full analysis, on a
 * tree a full parse would have given; only the block the edit is in is lowered again when the rest
 * can be carried over (incremental-lower.ts). Whole-file analysis is left to the caller when the edit is
 * not inside one block's body, when either version is a template, or when the root file would be
 * read in another context.
 */
import type { DialectAnalysis, Reanalysis, SourceFile, SourceLoader, TextChange } from '../../core/dialect';
import { FlatNginxTree } from './flat-tree';
import { analyzeNginx, type NginxIncrementalState } from './lower';
import { readTemplate } from './template';
import { relowerNginx } from './incremental-lower';
import { spliceTree } from './tree-splice';

export function reanalyzeNginx(previous: DialectAnalysis, file: SourceFile, change: TextChange, loader: SourceLoader): Reanalysis | undefined {
  const state = previous.incremental as NginxIncrementalState | undefined;
  if (!state || state.root.template || !(state.root.tree instanceof FlatNginxTree)) return undefined;
  if (readTemplate(file.text)) return undefined;
  const spliced = spliceTree(state.root.tree, state.root.errors, file.text, change);
  if (!spliced) return undefined;
  const relowered = relowerNginx(previous, state, file, loader, spliced, change);
  if (relowered) return relowered;
  const analysis = analyzeNginx(file, loader, { tree: spliced.tree, errors: spliced.errors, template: false });
  const next = analysis.incremental as NginxIncrementalState;
  // A fragment read in another context is another model: nothing of the previous one is reused.
  const reread = next.rootContext === state.rootContext ? spliced.reread : { start: 0, end: file.text.length };
  return { analysis, reread };
}
