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
import { spliceTree, type SplicedTree } from './tree-splice';

export function reanalyzeNginx(previous: DialectAnalysis, file: SourceFile, change: TextChange, loader: SourceLoader): Reanalysis | undefined {
  const state = previous.incremental as NginxIncrementalState | undefined;
  if (!state || state.root.template || !(state.root.tree instanceof FlatNginxTree)) return undefined;
  const unmarked = withoutTemplateMarks(previous, file.text, change);
  if (!unmarked && readTemplate(file.text)) return undefined;
  const spliced = spliceTree(state.root.tree, state.root.errors, file.text, change);
  if (!spliced) return undefined;
  const result = relowerNginx(previous, state, file, loader, spliced, change) ?? lowerWhole(state, file, loader, spliced);
  if (unmarked) markless.add(result.analysis);
  return result;
}

function lowerWhole(state: NginxIncrementalState, file: SourceFile, loader: SourceLoader, spliced: SplicedTree): Reanalysis {
  const analysis = analyzeNginx(file, loader, { tree: spliced.tree, errors: spliced.errors, template: false });
  const next = analysis.incremental as NginxIncrementalState;
  // A fragment read in another context is another model: nothing of the previous one is reused.
  const reread = next.rootContext === state.rootContext ? spliced.reread : { start: 0, end: file.text.length };
  return { analysis, reread };
}

/**
 * What a template starts with (readTemplate): `{{` or `{%` tags, `${` or `<` placeholders. A text
 * without any is no template, and a text made from one by an edit holds one only where the edit
 * joined or wrote it: reading 1 MB for templates on every keystroke is spared.
 */
const TEMPLATE_MARKS = ['{{', '{%', '${', '<'];

/** Analyses of root texts known to hold no template mark. */
const markless = new WeakSet<DialectAnalysis>();

function withoutTemplateMarks(previous: DialectAnalysis, text: string, change: TextChange): boolean {
  const hasMark = (part: string) => TEMPLATE_MARKS.some((mark) => part.includes(mark));
  if (!markless.has(previous)) {
    const before = previous.model.root === undefined ? undefined : previous.sources.get(previous.model.root);
    if (before === undefined || hasMark(before)) return false;
  }
  // A mark is two characters at most: one on each side of the edit can join one.
  return !hasMark(text.slice(Math.max(0, change.start - 1), change.newEnd + 1));
}
