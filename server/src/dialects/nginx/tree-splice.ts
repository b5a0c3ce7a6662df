/**
 * Incremental re-parse: after an edit inside one block's body, only the siblings around the edit
 * (tree-run.ts) or else that whole body are read again and spliced into the previous tree without
 * copying it (tree-spliced.ts); every directive, argument and comment after them keeps its fields,
 * its offsets shifted by the edit's length change and its ids by the change in the number of
 * directives. The result is the tree a parse of the whole new text gives, or undefined when that
 * cannot be guaranteed cheaply (the caller then parses the whole text):
 * - the edit touches no brace of the block it is in, and the new body ends at the same `}`
 *   (shifted), so the braces around it pair exactly as before (or the siblings read again end
 *   where the next one starts, with nothing left open);
 * - the previous parse had no block left open at the end of the file, no nesting past the depth
 *   limit and few errors (their messages and the error cap depend on the whole file).
 */
import { parseNginxBlockBody } from './tree-parser';
import type { NginxSyntaxError } from './syntax';
import type { FlatNginxTree } from './flat-tree';
import { readRun, type RunRead } from './tree-run';
import { SplicedNginxTree } from './tree-spliced';
import type { NameTable } from './tree-store';
import { NONE } from './tree';
import type { TextChange } from '../../core/dialect';

export interface SplicedTree {
  readonly tree: FlatNginxTree;
  readonly errors: readonly NginxSyntaxError[];
  /** The text that was read again, in the new text: `[start, end)`. */
  readonly reread: { readonly start: number; readonly end: number };
  /** The directive to lower again: it holds the whole edit (the same id in both trees). */
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
  const { block, before } = blocksAround(previous, change);
  const depth = block === NONE ? 0 : depthOf(previous, block) + 1;
  let read = readRun(previous, block, before, depth, text, change, table);
  // Typing on in a small block whose body was read last time (a line left without its ";" for a
  // while, say): its body is read again, which keeps the view over the same base instead of copying
  // the whole tree to read fewer lines.
  if (read && block !== NONE && previous instanceof SplicedNginxTree && !keepsBase(previous, read) && previous.blockClose(block) - previous.blockOpen(block) <= SMALL_BODY) {
    read = readBody(previous, block, depth, text, change, table) ?? read;
  }
  read ??= block === NONE ? undefined : readBody(previous, block, depth, text, change, table);
  if (!read) return undefined;
  const delta = change.newEnd - change.oldEnd;
  const tree = spliceOnto(previous, read, text, delta);
  const errors: NginxSyntaxError[] = [];
  for (const error of previousErrors) if (error.span.start < read.textStart) errors.push(error);
  errors.push(...read.body.errors);
  for (const error of previousErrors) {
    if (error.span.start >= read.oldTextEnd) errors.push(shiftError(error, delta));
  }
  errors.sort((a, b) => a.span.start - b.span.start);
  return { tree, errors, reread: read.reread, block: read.unit };
}

/**
 * The innermost closed block whose body holds the whole edit without touching its braces (NONE:
 * the top of the file), and its child that is the last directive starting before the edit (NONE
 * when there is none). Such a block starts before the edit, so it is the last directive that does
 * or one around it; ids follow the text, so that directive is found by halving, and the blocks are
 * tried from the outside in, as a walk down from the top would.
 */
function blocksAround(tree: FlatNginxTree, change: TextChange): { readonly block: number; readonly before: number } {
  let low = 0;
  let high = tree.count;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (tree.start(mid) < change.start) low = mid + 1;
    else high = mid;
  }
  const around: number[] = [];
  for (let d = low - 1; d !== NONE && d >= 0; d = tree.parent(d)) around.push(d);
  let block = NONE;
  let level = around.length;
  while (level > 0) {
    const d = around[level - 1]!;
    const close = tree.hasBlock(d) && !tree.isRawBlock(d) ? tree.blockClose(d) : NONE;
    if (close === NONE || tree.blockOpen(d) >= change.start || change.oldEnd > close) break;
    block = d;
    level--;
  }
  return { block, before: level > 0 ? around[level - 1]! : NONE };
}

/** The whole body of `block`, read again up to its `}`; undefined when it no longer ends at the same one. */
function readBody(tree: FlatNginxTree, block: number, depth: number, text: string, change: TextChange, names: NameTable): RunRead | undefined {
  const delta = change.newEnd - change.oldEnd;
  const close = tree.blockClose(block);
  const textStart = tree.blockOpen(block) + 1;
  const body = parseNginxBlockBody(text, textStart, depth, names);
  if (body.closedAt !== close + delta || body.errors.length > MAX_SPLICED_ERRORS) return undefined;
  for (const error of body.errors) if (/nested more than/.test(error.message)) return undefined;
  const reread = { start: textStart, end: body.closedAt };
  return { parent: block, first: block + 1, oldAfter: tree.subtreeEnd(block), textStart, oldTextEnd: close, body, unit: block, reread };
}

/** A body this long or shorter is read whole rather than copying the tree (see `spliceTree`). */
const SMALL_BODY = 32 * 1024;

/** Whether the text read again holds all that the previous tree's view read over its base. */
function keepsBase(previous: FlatNginxTree, read: RunRead): boolean {
  if (!(previous instanceof SplicedNginxTree)) return false;
  const last = previous.range;
  return (
    read.first <= last.first &&
    read.oldAfter >= previous.patchEnd &&
    read.textStart <= last.textStart &&
    read.oldTextEnd >= last.baseTextEnd + previous.delta
  );
}

/**
 * The new tree: a view over the previous one's base when the text read again holds all that the
 * previous view read (typing on in one place), else a view over the previous tree made flat.
 */
function spliceOnto(previous: FlatNginxTree, read: RunRead, text: string, delta: number): SplicedNginxTree {
  const { parent, first, oldAfter, textStart, oldTextEnd, body } = read;
  if (previous instanceof SplicedNginxTree && keepsBase(previous, read)) {
    const range = { parent, first, baseAfter: oldAfter - previous.countDelta, textStart, baseTextEnd: oldTextEnd - previous.delta };
    return new SplicedNginxTree(previous.base, range, body, text, previous.delta + delta);
  }
  return new SplicedNginxTree(previous.flat(), { parent, first, baseAfter: oldAfter, textStart, baseTextEnd: oldTextEnd }, body, text, delta);
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
