/**
 * Incremental re-parse: after an edit inside one block's body, only that body is read again and
 * spliced into a copy of the previous tree; every directive, argument and comment after it keeps
 * its fields, its offsets shifted by the edit's length change and its ids by the change in the
 * number of directives. The result is the tree a parse of the whole new text gives, or undefined
 * when that cannot be guaranteed cheaply (the caller then parses the whole text):
 * - the edit touches no brace of the block it is in, and the new body ends at the same `}`
 *   (shifted), so the braces around it pair exactly as before;
 * - the previous parse had no block left open at the end of the file, no nesting past the depth
 *   limit and few errors (their messages and the error cap depend on the whole file).
 */
import { parseNginxBlockBody, type BlockBody } from './tree-parser';
import type { NginxSyntaxError } from './syntax';
import { FlatNginxTree } from './flat-tree';
import {
  ArgStore,
  BLOCK_OPEN,
  CommentStore,
  DIRECTIVE_STRIDE,
  DirectiveStore,
  END,
  FIRST_ARG,
  INFO,
  NAME_END,
  NAME_START,
  PARENT,
  SUBTREE_END,
} from './tree-store';
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
  const tree = splice(previous, block, body, text, delta);
  const errors: NginxSyntaxError[] = [];
  for (const error of previousErrors) if (error.span.start < bodyStart) errors.push(error);
  errors.push(...body.errors);
  for (const error of previousErrors) {
    if (error.span.start >= oldClose) errors.push(shiftError(error, delta));
  }
  errors.sort((a, b) => a.span.start - b.span.start);
  return { tree, errors, reread: { start: bodyStart, end: body.closedAt }, block };
}

/** The innermost closed block whose body holds the whole edit without touching its braces, or NONE. */
function innermostBlock(tree: FlatNginxTree, change: TextChange): number {
  let found = NONE;
  let d = tree.firstRoot;
  while (d !== NONE) {
    const close = tree.hasBlock(d) && !tree.isRawBlock(d) ? tree.blockClose(d) : NONE;
    if (close !== NONE && tree.blockOpen(d) < change.start && change.oldEnd <= close) {
      found = d;
      d = tree.firstChild(d);
      continue;
    }
    if (tree.start(d) > change.oldEnd) break;
    d = tree.nextSibling(d);
  }
  return found;
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

/** The previous tree with `block`'s descendants replaced by `body`'s directives. */
function splice(previous: FlatNginxTree, block: number, body: BlockBody, text: string, delta: number): FlatNginxTree {
  const old = previous.store;
  const oldData = old.directives.data;
  const oldCount = old.directives.count;
  const base = block + 1;
  const oldAfter = previous.subtreeEnd(block);
  const added = body.directives.count;
  const countDelta = added - (oldAfter - base);
  const argBase = previous.argIndex(block) + previous.argCount(block);
  const oldArgAfter = oldAfter < oldCount ? previous.argIndex(oldAfter) : old.args.count;
  const argDelta = body.args.count - (oldArgAfter - argBase);

  const directives = new DirectiveStore(oldCount + countDelta);
  const data = directives.data;
  data.set(oldData.subarray(0, base * DIRECTIVE_STRIDE));
  const bodyData = body.directives.data;
  for (let d = 0; d < added; d++) {
    const from = d * DIRECTIVE_STRIDE;
    const to = (base + d) * DIRECTIVE_STRIDE;
    data.set(bodyData.subarray(from, from + DIRECTIVE_STRIDE), to);
    data[to + FIRST_ARG] += argBase;
    const parent = bodyData[from + PARENT]!;
    data[to + PARENT] = parent < 0 ? block : parent + base;
    data[to + SUBTREE_END] += base;
  }
  for (let d = oldAfter; d < oldCount; d++) {
    const from = d * DIRECTIVE_STRIDE;
    const to = (d + countDelta) * DIRECTIVE_STRIDE;
    data[to + NAME_START] = oldData[from + NAME_START]! + delta;
    data[to + NAME_END] = oldData[from + NAME_END]! + delta;
    data[to + END] = oldData[from + END]! + delta;
    data[to + FIRST_ARG] = oldData[from + FIRST_ARG]! + argDelta;
    data[to + INFO] = oldData[from + INFO]!;
    const open = oldData[from + BLOCK_OPEN]!;
    data[to + BLOCK_OPEN] = open < 0 ? open : open + delta;
    const parent = oldData[from + PARENT]!;
    data[to + PARENT] = parent >= oldAfter ? parent + countDelta : parent;
    data[to + SUBTREE_END] = oldData[from + SUBTREE_END]! + countDelta;
  }
  // The block and the blocks around it end after the edit and hold the changed body.
  for (let p = block; p !== NONE && p >= 0; p = oldData[p * DIRECTIVE_STRIDE + PARENT]!) {
    data[p * DIRECTIVE_STRIDE + END] += delta;
    data[p * DIRECTIVE_STRIDE + SUBTREE_END] += countDelta;
  }
  directives.count = oldCount + countDelta;

  const args = new ArgStore(old.args.count + argDelta);
  args.spans.set(old.args.spans.subarray(0, 2 * argBase));
  args.bits.set(old.args.bits.subarray(0, argBase));
  args.spans.set(body.args.spans.subarray(0, 2 * body.args.count), 2 * argBase);
  args.bits.set(body.args.bits.subarray(0, body.args.count), argBase);
  const shiftedArgs = old.args.count - oldArgAfter;
  for (let i = 0; i < 2 * shiftedArgs; i++) args.spans[2 * (oldArgAfter + argDelta) + i] = old.args.spans[2 * oldArgAfter + i]! + delta;
  args.bits.set(old.args.bits.subarray(oldArgAfter, old.args.count), oldArgAfter + argDelta);
  args.count = old.args.count + argDelta;

  const comments = spliceComments(old.comments, body.comments, previous.blockOpen(block), previous.blockClose(block), base, oldAfter, countDelta, delta);
  return new FlatNginxTree(text, directives, args, comments, previous.names, previous.nameTable);
}

function spliceComments(
  old: CommentStore,
  body: CommentStore,
  open: number,
  close: number,
  base: number,
  oldAfter: number,
  countDelta: number,
  delta: number,
): CommentStore {
  const out = new CommentStore(old.count + body.count);
  let i = 0;
  for (; i < old.count && old.spans[2 * i]! < open; i++) out.add(old.spans[2 * i]!, old.spans[2 * i + 1]!, old.owner[i]!);
  for (let j = 0; j < body.count; j++) {
    const owner = body.owner[j]!;
    out.add(body.spans[2 * j]!, body.spans[2 * j + 1]!, owner < 0 ? owner : owner + base);
  }
  while (i < old.count && old.spans[2 * i]! < close) i++;
  for (; i < old.count; i++) {
    const owner = old.owner[i]!;
    out.add(old.spans[2 * i]! + delta, old.spans[2 * i + 1]! + delta, owner >= oldAfter ? owner + countDelta : owner);
  }
  return out;
}
