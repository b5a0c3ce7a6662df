/**
 * Incremental lowering: after an edit inside one block (tree-splice.ts), only the directive that
 * holds the edit is walked and lowered again: the re-read block itself, or the `upstream` or
 * `split_clients` block around it, whose pool depends on all of its lines; when the edit is in the
 * body of another block (`http` most often), only the children it changed (siblingRun: none for a
 * comment or blank line typed between two `server` blocks). Everything else the
 * previous analysis lowered is carried over in walk order: pools before the block are kept as
 * they are and pools after it become views moved by the edit (moved-pool.ts), references are
 * remade over the new tree without reading their arguments again (tree-rebase.ts), plain data
 * (split pools, facts, lowering problems) is moved by the edit's length change, and directive notes
 * after the block become views moved by it (moved-note.ts).
 * The root file's syntax and context errors are found as in a whole walk.
 *
 * Undefined, and the caller lowers the whole file, when a carried part could come out otherwise:
 * an `include` outside the block now reads a file (its directives would join the walk), the root
 * file is read in another context, or the block holds the file's `worker_processes`.
 */
import { changeMovesLines, type DialectAnalysis, type SourceFile, type SourceLoader, type TextChange } from '../../core/dialect';
import type { ParseProblem } from '../../core/finding';
import type { DirectiveNote, FactValue, Pool } from '../../core/model';
import type { Loc } from '../../core/span';
import { checkContexts, checkContextsOf, childContext } from './contexts';
import type { FlatNginxTree } from './flat-tree';
import { NginxLowering, nginxAnalysis, type NginxIncrementalState } from './lower';
import { PoolIndex, type NginxReference } from './references';
import type { NginxContext, NginxSyntaxError } from './syntax';
import { NONE, type NginxTree } from './tree';
import type { TreeRebase } from './tree-rebase';
import type { SplicedTree } from './tree-splice';
import { MovedNote, moveNote } from './moved-note';
import { MovedNginxPool, movePool, poolTree } from './moved-pool';
import { NginxPool } from './upstream-pool';
import { directiveLoc, walkNginx } from './walk';

export function relowerNginx(
  previous: DialectAnalysis,
  state: NginxIncrementalState,
  file: SourceFile,
  loader: SourceLoader,
  spliced: SplicedTree,
  change: TextChange,
): { analysis: DialectAnalysis; reread: { start: number; end: number } } | undefined {
  const tree = spliced.tree;
  const previousText = previous.sources.get(file.path) ?? '';
  const from = state.root.tree as FlatNginxTree;
  const unit = loweredUnit(tree, spliced.block);
  const delta = change.newEnd - change.oldEnd;
  const idDelta = tree.count - from.count;
  // Only the children of the block that the edit changed are lowered again (siblingRun): lowering
  // the block would lower every pool of an `http` block again on a comment typed between two of them.
  const run = unit === spliced.block ? siblingRun(from, tree, unit, change) : undefined;
  const newSubtreeEnd = run ? run.after : tree.subtreeEnd(unit);
  const rebase: TreeRebase = {
    from,
    to: tree,
    start: run ? run.first : unit,
    oldEnd: newSubtreeEnd - idDelta,
    idDelta,
    delta,
  };
  // The unit has the same id in both trees; it holds the edit, or starts after it when the edit only moved it (tree-run.ts).
  // A run of siblings starts at the same offset in both texts and ends where the sibling after it starts.
  const reread = run ? { start: run.start, end: tree.start(run.after) } : { start: tree.start(unit), end: tree.end(unit) };
  const span = run ? { start: reread.start, oldEnd: reread.end - delta } : { start: from.start(unit), oldEnd: tree.end(unit) - delta };
  const placeAt = (locFile: string, start: number): Place => {
    if (locFile !== file.path) return 'inside';
    return start < span.start ? 'before' : start >= span.oldEnd ? 'after' : 'inside';
  };
  const place = (loc: Loc): Place => placeAt(loc.file, loc.start);

  const includes = includeProblemsAround(tree, rebase.start, newSubtreeEnd, file.path, loader);
  if (!includes) return undefined;
  const facts: Record<string, FactValue> = {};
  for (const [name, fact] of Object.entries(previous.model.facts)) {
    const where = place(fact.loc);
    if (where === 'inside') return undefined;
    facts[name] = where === 'after' ? moved(fact, file.path, delta) : fact;
  }

  const lowering = new NginxLowering();
  const rootContextErrors = (_: NginxTree, context: NginxContext): readonly NginxSyntaxError[] => {
    if (context !== state.rootContext) return checkContexts(tree, context);
    const errors: NginxSyntaxError[] = [];
    for (const error of state.contextErrors) if (error.span.start < span.start) errors.push(error);
    if (!run) errors.push(...checkContextsOf(tree, unit, context));
    else for (let d = run.first; d !== run.after; d = tree.nextSibling(d)) errors.push(...checkContextsOf(tree, d, context));
    const linesMoved = changeMovesLines(previousText, file.text, change);
    for (const error of state.contextErrors) {
      if (error.span.start < span.oldEnd) continue;
      // A message that names a line (a missing ";" before a line) is made again when lines moved.
      if (linesMoved && /\bline \d/.test(error.message)) return checkContexts(tree, context);
      errors.push(delta === 0 ? error : { ...error, span: { start: error.span.start + delta, end: error.span.end + delta } });
    }
    return errors;
  };
  const scope = run
    ? { id: run.first, stop: run.after, context: childContext(tree, unit, contextOf(tree, unit, state.rootContext)), rootContextErrors }
    : { id: unit, context: contextOf(tree, unit, state.rootContext), rootContextErrors };
  const walk = walkNginx(file, loader, lowering, { tree, errors: spliced.errors, template: false }, scope);
  if (walk.rootContext !== state.rootContext || Object.keys(lowering.facts).length > 0) return undefined;

  // Plain data and pools before the block stay as they are; after it, pools become views moved by
  // the edit (moved-pool.ts) and plain data is copied with its locations moved.
  const replaced: Pool[] = [];
  const pools = carry(
    previous.model.pools,
    lowering.pools,
    (pool) => place(pool.loc),
    (pool) => (pool instanceof NginxPool || pool instanceof MovedNginxPool ? movePool(pool, file.path, delta) : moved(pool, file.path, delta)),
    replaced,
  );
  // References before the block stay the same objects, resolution included; after it they are
  // rebased onto the new tree, or, when this edit undoes the previous one, are again those the
  // version before it had.
  const undone = undoneReferences(undoable.get(previous), change, rebase, file.text);
  const references = carry(state.lowering.references, lowering.references, (r) => referencePlace(r, rebase), (r) => r.rebase(rebase, file.path), undefined, undone);
  // Carried items read the previous version's trees, new ones the new tree: one more at most.
  const treesBefore = treesBehind.get(previous);
  const trees = treesBefore !== undefined && treesBefore < MAX_POOL_TREES ? treesBefore + 1 : pools && references && treesRead(pools, references);
  if (trees === undefined || trees > MAX_POOL_TREES) return undefined;
  // A problem without fixes has one location: moved without copying the rest deeply.
  const withLoc = <T extends { readonly loc: Loc }>(item: T): T => ({ ...item, loc: { file: item.loc.file, start: item.loc.start + delta, end: item.loc.end + delta } });
  // A moved note is placed without making its location, which only a report reads.
  const notePlace = (n: DirectiveNote): Place => (n instanceof MovedNote ? placeAt(n.origin.loc.file, n.origin.loc.start + n.shift) : place(n.loc));
  const notes = carry(previous.model.directiveNotes ?? [], lowering.notes, notePlace, (n) => moveNote(n, file.path, delta));
  const problems = carry(state.lowering.problems, lowering.problems, (p) => place(p.loc), (p) => (p.fixes ? moved(p, file.path, delta) : withLoc(p)));
  if (!pools || !references || !notes || !problems) return undefined;
  const walkProblems = [...walk.problems.slice(0, walk.rootProblems), ...includes.before, ...walk.problems.slice(walk.rootProblems), ...includes.after];
  // References outside the block keep their resolution while the block's pools index as before.
  const index = PoolIndex.same(replaced, lowering.pools) ? state.poolIndex : undefined;
  const analysis = nginxAnalysis(file.path, walk, walkProblems, { pools, references, problems, notes }, facts, 'block', index);
  treesBehind.set(analysis, trees);
  const removed = previousText.slice(change.start, change.oldEnd);
  if (removed.length <= MAX_UNDONE_TEXT) {
    const after = firstIndex(0, state.lowering.references.length, (i) => referencePlace(state.lowering.references[i]!, rebase) === 'after');
    const { start, oldEnd, idDelta } = rebase;
    undoable.set(analysis, { change, removed, rebase: { start, oldEnd, idDelta, delta }, referencesAfter: state.lowering.references.slice(after) });
  }
  return { analysis, reread };
}

type Place = 'before' | 'inside' | 'after';

/**
 * What an analysis lowered block by block keeps of the version before it, so that the next edit,
 * if it undoes this one (a character typed, then deleted), takes the references after the block
 * back instead of rebasing every one of them again: the edit, the text it removed, how it moved
 * the tree, and the previous version's references after the block.
 */
interface Undoable {
  readonly change: TextChange;
  readonly removed: string;
  /** How the edit moved the tree (its numbers only: the trees themselves are not kept). */
  readonly rebase: Omit<TreeRebase, 'from' | 'to'>;
  readonly referencesAfter: readonly NginxReference[];
}

const undoable = new WeakMap<DialectAnalysis, Undoable>();

/**
 * Removed text up to this long is kept to recognise an undo (typing is one character at a time;
 * a string this short is its own copy, never a view that would keep the previous text alive).
 */
const MAX_UNDONE_TEXT = 12;

/**
 * The references after the block as the version before the previous edit had them, when `change`
 * undoes that edit: it puts back, at the same place, the text the edit removed, in the same block
 * with the same directives, so every directive after the block has again that version's id and
 * offsets. Undefined otherwise.
 */
function undoneReferences(before: Undoable | undefined, change: TextChange, rebase: TreeRebase, text: string): readonly NginxReference[] | undefined {
  if (!before) return undefined;
  const last = before.change;
  const sameBlock = rebase.start === before.rebase.start && rebase.oldEnd === before.rebase.oldEnd + before.rebase.idDelta;
  if (!sameBlock || rebase.idDelta !== -before.rebase.idDelta || rebase.delta !== -before.rebase.delta) return undefined;
  if (change.start !== last.start || change.oldEnd !== last.newEnd || change.newEnd !== last.oldEnd) return undefined;
  return text.slice(change.start, change.newEnd) === before.removed ? before.referencesAfter : undefined;
}

/**
 * How many versions' trees the carried pools and references may read (each made from the tree of
 * the version that read it, with a 1 MB file's text behind it): typing in one block keeps two (the
 * first version's and the newest), edits in turn in far apart blocks add one each until the whole
 * file is lowered again over the newest tree.
 */
const MAX_POOL_TREES = 4;

/**
 * At most how many trees the pools and references of an analysis lowered block by block read, by
 * analysis: counting them on every edit read every pool and reference, while one edit adds one
 * tree at most.
 */
const treesBehind = new WeakMap<DialectAnalysis, number>();

/** How many trees the pools and references read, counted up to one past the most allowed. */
function treesRead(pools: readonly Pool[], references: readonly NginxReference[]): number {
  // A few trees at most, and long runs of items from the same one: a short list beats a set.
  const trees: NginxTree[] = [];
  let last: NginxTree | undefined;
  for (const pool of pools) {
    if (!(pool instanceof NginxPool || pool instanceof MovedNginxPool)) continue;
    const tree = poolTree(pool);
    if (tree === last) continue;
    last = tree;
    if (!trees.includes(tree) && trees.push(tree) > MAX_POOL_TREES) return trees.length;
  }
  for (const reference of references) {
    const tree = reference.tree;
    if (tree === last) continue;
    last = tree;
    if (!trees.includes(tree) && trees.push(tree) > MAX_POOL_TREES) return trees.length;
  }
  return trees.length;
}

/**
 * The previous items before the block, as they are, then the block's new ones, then the previous
 * ones after it, moved. Undefined when an item after the block cannot be moved. The previous items
 * inside the block, which the new ones replace, go to `replaced` when given.
 *
 * Items come in the root file's text order (the walk's, and no carried item is in another file:
 * an include that reads a file makes the caller lower everything), so their places run before,
 * inside, after: the two boundaries are found by halving, and only the items after the block are
 * visited one by one, to be moved.
 */
function carry<T>(
  previous: readonly T[],
  fresh: readonly T[],
  place: (item: T) => Place,
  move: (item: T) => T | undefined,
  replaced?: T[],
  /** The items after the block as they already are in the new version (one per previous item after it), if known. */
  movedAfter?: readonly T[],
): T[] | undefined {
  const count = previous.length;
  const inside = firstIndex(0, count, (i) => place(previous[i]!) !== 'before');
  const after = firstIndex(inside, count, (i) => place(previous[i]!) === 'after');
  // Made at its size once: grown item by item, the lists of a 1 MB file (thousands of
  // references and notes) were copied several times on every edit.
  const out = new Array<T>(inside + fresh.length + count - after);
  let at = 0;
  for (let i = 0; i < inside; i++) out[at++] = previous[i]!;
  for (const added of fresh) out[at++] = added;
  if (movedAfter && movedAfter.length === count - after) {
    for (const item of movedAfter) out[at++] = item;
  } else {
    for (let i = after; i < count; i++) {
      const next = move(previous[i]!);
      if (next === undefined) return undefined;
      out[at++] = next;
    }
  }
  if (replaced) for (let i = inside; i < after; i++) replaced.push(previous[i]!);
  return out;
}

/** The first index in [from, to) where `reached` holds, given that it holds from some index on. */
function firstIndex(from: number, to: number, reached: (index: number) => boolean): number {
  let low = from;
  let high = to;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (reached(mid)) high = mid;
    else low = mid + 1;
  }
  return low;
}

function referencePlace(reference: NginxReference, rebase: TreeRebase): Place {
  return reference.id < rebase.start ? 'before' : reference.id >= rebase.oldEnd ? 'after' : 'inside';
}

/** Blocks whose children are read together: a run of them is not lowered alone. */
const WHOLE_BLOCKS = new Set(['upstream', 'split_clients', 'server']);

/** The re-read block, or the `upstream` or `split_clients` around it: a pool is lowered whole. */
function loweredUnit(tree: NginxTree, block: number): number {
  let unit = block;
  for (let d = block; d !== NONE && d >= 0; d = tree.parent(d)) {
    const name = tree.name(d);
    if ((name === 'upstream' || name === 'split_clients') && tree.hasBlock(d)) unit = d;
  }
  return unit;
}

/**
 * The children of `block` an edit inside its body changed, `[first, after)` in the new tree, when
 * the rest of them read as before; `after` is a child that starts after the edit, where the new
 * tree's ids and offsets again equal the previous tree's moved by the edit (`first === after`
 * when only comments or blank space changed). Undefined when `block` is read together with its
 * children or no such `after` is found. Siblings inherit nothing from one another in the lowering
 * (each directive is read alone, a block with its own body; only a pool's members and a server's
 * names are read together, see WHOLE_BLOCKS), so lowering the run gives what lowering `block`
 * would give for it, and the children outside it are those of the previous tree, moved.
 *
 * The text before the edit is the same in both versions, so every directive starting before it
 * has the same id and offsets in both trees; the text after the edit is the same moved by its
 * length change, so from a child that starts after it at the matching offset and id in both trees
 * (both parses between two children of `block` there) the two trees read alike. This holds when
 * the splice read only the siblings around the edit (tree-run.ts) and when it read the whole body
 * again (a letter typed before `upstream` joins it to a new directive: the parse of the run failed).
 */
function siblingRun(from: FlatNginxTree, tree: FlatNginxTree, block: number, change: TextChange): { first: number; after: number; start: number } | undefined {
  // A pool's members are read together: its block is lowered whole (loweredUnit). A `server`
  // block's `listen` and `server_name` name it in the scope of every reference inside it.
  if (!tree.hasBlock(block) || tree.isRawBlock(block) || WHOLE_BLOCKS.has(tree.name(block))) return undefined;
  if (change.start <= tree.blockOpen(block) || change.newEnd > tree.blockClose(block)) return undefined;
  const idDelta = tree.count - from.count;
  const delta = change.newEnd - change.oldEnd;
  const end = tree.subtreeEnd(block);
  // The child holding the last directive that starts before the edit, if any: the same in both trees.
  let child = firstIndex(block + 1, end, (d) => tree.start(d) >= change.start) - 1;
  let first = block + 1;
  let start = tree.blockOpen(block) + 1;
  if (child !== block) {
    while (tree.parent(child) !== block) child = tree.parent(child);
    if (from.parent(child) !== block || from.start(child) !== tree.start(child)) return undefined;
    if (ended(tree, child) && tree.end(child) <= change.start && from.end(child) === tree.end(child)) {
      // It ended before the edit (a comment or blank line typed after it): it reads as before.
      first = tree.subtreeEnd(child);
      start = tree.end(child);
    } else {
      // The directive before it ended with its `;` or `}` (a recovered one may end where a later line told).
      let previous = child - 1;
      if (previous !== block) {
        while (tree.parent(previous) !== block) previous = tree.parent(previous);
        if (!ended(tree, previous)) return undefined;
      }
      first = child;
      start = tree.start(child);
    }
  }
  if (first >= end) return undefined;
  let after = first;
  let tries = 0;
  while (after !== NONE && tries < MAX_ALIGN_TRIES) {
    const old = after - idDelta;
    if (tree.start(after) >= change.newEnd && old > block && old < from.count && from.parent(old) === block && from.start(old) === tree.start(after) - delta) break;
    if (tree.start(after) >= change.newEnd) tries++;
    after = tree.nextSibling(after);
  }
  if (after === NONE || tries === MAX_ALIGN_TRIES) return undefined;
  return { first, after, start };
}

function ended(tree: FlatNginxTree, d: number): boolean {
  return tree.semicolon(d) !== NONE || tree.blockClose(d) !== NONE;
}

/** How many children after the edit are tried before the whole block is lowered again. */
const MAX_ALIGN_TRIES = 8;

/** The context directive `id` stands in, as a whole walk from the root would find it. */
function contextOf(tree: NginxTree, id: number, rootContext: NginxContext): NginxContext {
  const ancestors: number[] = [];
  for (let d = tree.parent(id); d !== NONE && d >= 0; d = tree.parent(d)) ancestors.push(d);
  let context = rootContext;
  for (let i = ancestors.length - 1; i >= 0; i--) context = childContext(tree, ancestors[i]!, context);
  return context;
}

/**
 * The problems a whole walk reports for the root file's `include` directives outside the block
 * (before it, after it), asking the loader again as it would; undefined when one of them now reads
 * a file, whose directives the carried parts do not have.
 */
function includeProblemsAround(
  tree: FlatNginxTree,
  unit: number,
  unitEnd: number,
  path: string,
  loader: SourceLoader,
): { before: ParseProblem[]; after: ParseProblem[] } | undefined {
  const before: ParseProblem[] = [];
  const after: ParseProblem[] = [];
  // The tree lists its includes once and a spliced tree moves its base's list (tree-spliced.ts).
  for (const d of tree.directivesNamed('include')) {
    if (d >= unit && d < unitEnd) continue;
    if (tree.hasBlock(d) || tree.argCount(d) === 0) continue;
    const result = loader.include(tree.argValue(d, 0), path, path);
    if (result.ok && result.files.length > 0) return undefined;
    if (!result.ok) (d < unit ? before : after).push({ kind: 'include', message: result.message, loc: directiveLoc({ tree, id: d, file: path }) });
  }
  return { before, after };
}

/** Plain data (no class instances) with every location in `path` moved by `delta`. */
function moved<T>(value: T, path: string, delta: number): T {
  if (delta === 0) return value;
  if (Array.isArray(value)) return value.map((v: unknown) => moved(v, path, delta)) as T;
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value)) out[key] = moved(field, path, delta);
  if (isLoc(value) && value.file === path) {
    out.start = value.start + delta;
    out.end = value.end + delta;
  }
  return out as T;
}

function isLoc(value: object): value is Loc {
  const loc = value as Partial<Loc>;
  return typeof loc.file === 'string' && typeof loc.start === 'number' && typeof loc.end === 'number';
}

