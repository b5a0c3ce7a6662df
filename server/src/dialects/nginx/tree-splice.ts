/**
 * Incremental re-parse: after an edit inside one block's body, only that body is read again and
 * spliced into the previous tree without copying it (tree-spliced.ts); every directive, argument
 * and comment after it keeps its fields, its offsets shifted by the edit's length change and its
 * ids by the change in the number of directives. The result is the tree a parse of the whole new
 * text gives, or undefined when that cannot be guaranteed cheaply (the caller then parses the
 * whole text):
 * - the edit touches no brace of the block it is in, and the new body ends at the same `}`
 *   (shifted), so the braces around it pair exactly as before;
 * - the previous parse had no block left open at the end of the file, no nesting past the depth
 *   limit and few errors (their messages and the error cap depend on the whole file).
 */
import { parseNginxBlockBody, type BlockBody } from './tree-parser';
import type { NginxSyntaxError } from './syntax';
import type { FlatNginxTree } from './flat-tree';
import { SplicedNginxTree } from './tree-spliced';
import { NONE } from './tree';
import type { TextChange } from '../../core/dialect';

export interface SplicedTree {
  readonly tree: FlatNginxTree;
  readonly errors: readonly NginxSyntaxError[];
  /** The body that was read again, in the new text: `[start, end)`. */
  readonly reread: { readonly start: number; readonly end: number };
  /** The block whose body was read again (the same id in both trees). */
  readonly block: number;
}

/** Past this many errors in the file, the whole text is parsed again (the cap depends on all of them). */
const MAX_SPLICED_ERRORS = 200;

export function spliceTree(
  previous: FlatNginxTree,
  previousErrors: readonly NginxSyntaxError[],
  text: string,
  change: TextChange,
): SplicedTree | undefined {
  const table = previous.nameTable;
  if (!table || previousErrors.length > MAX_SPLICED_ERRORS) return undefined;
  for (const error of previousErrors) if (/is never closed|nested more than/.test(error.message)) return undefined;
  const block = innermostBlock(previous, change);
  if (block === NONE) return undefined;
  const delta = change.newEnd - change.oldEnd;
  const oldClose = previous.blockClose(block);
  const bodyStart = previous.blockOpen(block) + 1;
  const body = parseNginxBlockBody(text, bodyStart, depthOf(previous, block) + 1, table);
  if (body.closedAt !== oldClose + delta) return undefined;
  if (body.errors.length > MAX_SPLICED_ERRORS) return undefined;
  for (const error of body.errors) if (/nested more than/.test(error.message)) return undefined;
  const tree = spliceOnto(previous, block, body, text, delta);
  const errors: NginxSyntaxError[] = [];
  for (const error of previousErrors) if (error.span.start < bodyStart) errors.push(error);
  errors.push(...body.errors);
  for (const error of previousErrors) {
    if (error.span.start >= oldClose) errors.push(shiftError(error, delta));
  }
  errors.sort((a, b) => a.span.start - b.span.start);
  return { tree, errors, reread: { start: bodyStart, end: body.closedAt }, block };
}

/**
 * The innermost closed block whose body holds the whole edit without touching its braces, or NONE.
 * Such a block starts before the edit, so it is the last directive that does or one around it; ids
 * follow the text, so that directive is found by halving, and the blocks are tried from the outside
 * in, as a walk down from the top would.
 */
function innermostBlock(tree: FlatNginxTree, change: TextChange): number {
  let low = 0;
  let high = tree.count;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (tree.start(mid) < change.start) low = mid + 1;
    else high = mid;
  }
  const around: number[] = [];
  for (let d = low - 1; d !== NONE && d >= 0; d = tree.parent(d)) around.push(d);
  let found = NONE;
  for (let i = around.length - 1; i >= 0; i--) {
    const d = around[i]!;
    const close = tree.hasBlock(d) && !tree.isRawBlock(d) ? tree.blockClose(d) : NONE;
    if (close === NONE || tree.blockOpen(d) >= change.start || change.oldEnd > close) break;
    found = d;
  }
  return found;
}

/**
 * The new tree: a view over the previous one's base when the block holds the body the previous
 * tree re-read (typing on in one block), else a view over the previous tree made flat.
 */
function spliceOnto(previous: FlatNginxTree, block: number, body: BlockBody, text: string, delta: number): SplicedNginxTree {
  if (previous instanceof SplicedNginxTree && block <= previous.block && previous.block < previous.subtreeEnd(block)) {
    return new SplicedNginxTree(previous.base, block, body, text, previous.delta + delta);
  }
  return new SplicedNginxTree(previous.flat(), block, body, text, delta);
}

function depthOf(tree: FlatNginxTree, d: number): number {
  let depth = 0;
  for (let p = tree.parent(d); p !== NONE && p >= 0; p = tree.parent(p)) depth++;
  return depth;
}

function shiftError(error: NginxSyntaxError, delta: number): NginxSyntaxError {
  if (delta === 0) return error;
  return {
    ...error,
    span: { start: error.span.start + delta, end: error.span.end + delta },
    ...(error.insert ? { insert: { at: error.insert.at + delta, text: error.insert.text } } : {}),
  };
}
