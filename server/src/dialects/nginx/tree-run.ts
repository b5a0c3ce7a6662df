/**
 * Reading again only the sibling directives around an edit, for an edit that lies in a block's
 * body but between or in the headers of its children: an `upstream` name, a comment between two
 * `server` blocks, a directive of `http` itself. Reading the whole body there meant reading the
 * whole `http` block, nearly the whole file, on every such keystroke.
 *
 * The run starts at the last sibling that starts before the edit (whose own previous sibling ended
 * with its `;` or `}`, so the parser is between directives there, as after a `{`) and ends where the
 * first sibling after the edit starts. The text up to there parses as in a whole parse when no token
 * runs on over that sibling's start and nothing is left open. The run is read from a copy of its text
 * followed by a line break and `}`, which tells: a word that ran on leaves its directive without a
 * ";" at that `}` (a complaint), a quote or a Lua body left open swallows the `}`, a block left open
 * takes it as its own. A comment could run on silently, so none may start on that sibling's line.
 */
import type { TextChange } from '../../core/dialect';
import type { FlatNginxTree } from './flat-tree';
import { NONE } from './tree';
import { parseNginxBlockBody, type BlockBody } from './tree-parser';
import { ArgStore, BLOCK_CLOSED, BLOCK_OPEN, CommentStore, DIRECTIVE_STRIDE, DirectiveStore, END, HAS_SEMICOLON, INFO, NAME_END, NAME_START, PARENT, type NameTable } from './tree-store';

/** Directives read again, in the previous tree's ids and offsets, and how they read now. */
export interface RunRead {
  /** The block the run is in. */
  readonly parent: number;
  /** The first id of the run and the id just past its old end. */
  readonly first: number;
  readonly oldAfter: number;
  /** The text read again: it starts at `textStart` in both texts and ended at `oldTextEnd`. */
  readonly textStart: number;
  readonly oldTextEnd: number;
  /** The run as it reads now: offsets in the new text, top-level directives with parent -1. */
  readonly body: BlockBody;
  /** The directive to lower again (it holds the whole edit), in both trees. */
  readonly unit: number;
  /** The new text read again. */
  readonly reread: { readonly start: number; readonly end: number };
}

/**
 * The siblings around the edit in `block`, read again; `before` is the last of them that starts
 * before the edit (NONE when none does). Undefined when the run cannot be read alone, and at the
 * top of the file (`block` NONE).
 */
export function readRun(
  tree: FlatNginxTree,
  block: number,
  before: number,
  depth: number,
  text: string,
  change: TextChange,
  names: NameTable,
): RunRead | undefined {
  // The top level decides how the whole file reads (a main config, a fragment, a table body).
  if (block === NONE) return undefined;
  if (before !== NONE && !followsEndedSibling(tree, before, block)) return undefined;
  let after = before !== NONE ? tree.nextSibling(before) : tree.firstChild(block);
  while (after !== NONE && tree.start(after) < change.oldEnd) after = tree.nextSibling(after);
  if (after === NONE) return undefined;
  const delta = change.newEnd - change.oldEnd;
  const spaces = spacesMoved(tree, block, before, after, text, change);
  if (spaces) return spaces;
  const first = before !== NONE ? before : block + 1;
  const textStart = before !== NONE ? tree.start(before) : tree.blockOpen(block) + 1;
  // The run ends where the first sibling after the edit starts, or, when the text up to there does
  // not read alone (a letter typed before `upstream` joins it to a new directive that runs on over
  // it), where a later one does: the parse is between two siblings there too, and the text after
  // it is the same as before, so the rest reads as before. A few siblings are tried before the
  // whole body is read again.
  let read: BlockBody | undefined;
  let tries = 0;
  for (; after !== NONE && tries < MAX_RUN_TRIES; after = tree.nextSibling(after), tries++) {
    read = readUpTo(tree, after, textStart, depth, text, delta, names);
    if (read) break;
  }
  if (!read || after === NONE) return undefined;
  const cut = tree.start(after) + delta;
  const body = moveBody(read, textStart);
  // A run that had to reach past the first sibling after the edit joined siblings into one
  // directive (a `listen` line run on into a `location` block renames the `server` around it): the
  // block around the run is lowered again.
  const unit = tries === 0 ? unitOf(body, first, change) : NONE;
  return {
    parent: block,
    first,
    oldAfter: after,
    textStart,
    oldTextEnd: tree.start(after),
    body,
    unit: unit === NONE ? block : unit,
    reread: { start: textStart, end: cut },
  };
}

/** How many siblings after the edit the run may end before: then the whole body is read again. */
const MAX_RUN_TRIES = 8;

/** At most this many syntax errors in a run read alone. */
const MAX_RUN_ERRORS = 200;

/**
 * The text from `textStart` up to where sibling `after` starts (moved by `delta`), read as a run,
 * or undefined when it does not read alone there. A comment on that sibling's line would run on over
 * it (the line has nothing else that can); a quote, a Lua body or a block left open swallows the
 * `}` put after the run; a directive running on over the cut is left without its `;` at that `}`.
 * When the run's last directive ended with its own `;` or `}`, the parse was between two siblings
 * at the cut, as the whole parse is there, so the errors it met before (a letter typed before
 * `upstream` on a line of its own: a directive without its `;`) are the whole parse's too.
 */
function readUpTo(tree: FlatNginxTree, after: number, textStart: number, depth: number, text: string, delta: number, names: NameTable): BlockBody | undefined {
  const cut = tree.start(after) + delta;
  if (text.slice(text.lastIndexOf('\n', cut - 1) + 1, cut).includes('#')) return undefined;
  const run = `${text.slice(textStart, cut)}\n}`;
  const body = parseNginxBlockBody(run, 0, depth, names);
  if (body.closedAt !== run.length - 1) return undefined;
  if (body.errors.length === 0) return body;
  // Few enough that the file's stay under the cap on listed errors (tree-splice.ts splices up to 200).
  if (body.errors.length > MAX_RUN_ERRORS) return undefined;
  // The parse reports the depth limit once per file: the whole parse may not report it here.
  for (const error of body.errors) if (/nested more than/.test(error.message)) return undefined;
  return lastEnded(body) ? body : undefined;
}

/** Whether the run's last top-level directive ended with its own `;` or `}` (not at the `}` put after the run). */
function lastEnded(body: BlockBody): boolean {
  const data = body.directives.data;
  for (let d = body.directives.count - 1; d >= 0; d--) {
    if (data[d * DIRECTIVE_STRIDE + PARENT]! !== -1) continue;
    return (data[d * DIRECTIVE_STRIDE + INFO]! & (HAS_SEMICOLON | BLOCK_CLOSED)) !== 0;
  }
  return false;
}

/** Nothing read again: the stores of an edit that only moved what follows it. */
const NOTHING: BlockBody = {
  directives: new DirectiveStore(0),
  args: new ArgStore(0),
  comments: new CommentStore(0),
  errors: [],
  closedAt: -1,
};

const ONLY_SPACES = /^[ \t\r\n]*$/;

/**
 * Blank space typed or deleted between two siblings (indenting the line of an upstream, a blank
 * line between two blocks) changes no token: the siblings after it only move. Nothing is read
 * again, and the sibling after the edit is the directive lowered again (it has the same id in both
 * trees). Comments between the two stay as they are when the edit is in none of them (no "#" before
 * it on its line) and does not change whether the first one trails the sibling before (a line break
 * between them already, or no comment). That sibling must have ended with its `;` or `}`: line breaks
 * after one left open decide how it splits.
 */
function spacesMoved(tree: FlatNginxTree, block: number, before: number, after: number, text: string, change: TextChange): RunRead | undefined {
  const old = tree.text;
  const gapStart = before !== NONE ? tree.end(before) : tree.blockOpen(block) + 1;
  const gapEnd = tree.start(after);
  if (change.start < gapStart || change.oldEnd > gapEnd) return undefined;
  if (!ONLY_SPACES.test(old.slice(change.start, change.oldEnd)) || !ONLY_SPACES.test(text.slice(change.start, change.newEnd))) return undefined;
  if (old.slice(old.lastIndexOf('\n', change.start - 1) + 1, change.start).includes('#')) return undefined;
  if (before !== NONE) {
    if (tree.semicolon(before) === NONE && tree.blockClose(before) === NONE) return undefined;
    if (!old.slice(gapStart, change.start).includes('\n') && old.slice(gapStart, gapEnd).includes('#')) return undefined;
  }
  const reread = { start: change.start, end: change.newEnd };
  return { parent: block, first: after, oldAfter: after, textStart: change.start, oldTextEnd: change.oldEnd, body: NOTHING, unit: after, reread };
}

/** Whether the sibling before `d` in `block` ended with its `;` or `}` (or there is none). */
function followsEndedSibling(tree: FlatNginxTree, d: number, block: number): boolean {
  let previous = d - 1;
  while (previous >= 0 && previous !== block && tree.parent(previous) !== block) previous = tree.parent(previous);
  if (previous < 0 || previous === block) return true;
  return tree.semicolon(previous) !== NONE || tree.blockClose(previous) !== NONE;
}

/**
 * The run's only top-level directive when it is a block that holds the whole edit: lowering it
 * alone gives what lowering the block around it would (siblings inherit nothing from a block).
 * NONE otherwise, and the block around the run is lowered again.
 */
function unitOf(body: BlockBody, first: number, change: TextChange): number {
  const data = body.directives.data;
  const count = body.directives.count;
  if (count === 0 || data[PARENT]! !== -1) return NONE;
  for (let d = 1; d < count; d++) if (data[d * DIRECTIVE_STRIDE + PARENT]! === -1) return NONE;
  if (data[BLOCK_OPEN]! < 0 || data[NAME_START]! > change.start || data[END]! < change.newEnd) return NONE;
  return first;
}

/** The body read from a copy of the text starting at `by`, its offsets moved to the text's own (its stores in place). */
function moveBody(body: BlockBody, by: number): BlockBody {
  const data = body.directives.data;
  for (let at = 0; at < body.directives.count * DIRECTIVE_STRIDE; at += DIRECTIVE_STRIDE) {
    data[at + NAME_START] += by;
    data[at + NAME_END] += by;
    data[at + END] += by;
    if (data[at + BLOCK_OPEN]! >= 0) data[at + BLOCK_OPEN] += by;
  }
  const spans = body.args.spans;
  for (let i = 0; i < 2 * body.args.count; i++) spans[i] += by;
  const comments = body.comments.spans;
  for (let i = 0; i < 2 * body.comments.count; i++) comments[i] += by;
  if (body.errors.length === 0) return body;
  const errors = body.errors.map((error) => ({
    ...error,
    span: { start: error.span.start + by, end: error.span.end + by },
    ...(error.insert ? { insert: { at: error.insert.at + by, text: error.insert.text } } : {}),
  }));
  return { ...body, errors };
}
