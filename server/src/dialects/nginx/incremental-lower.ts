/**
 * Incremental lowering: after an edit inside one block (tree-splice.ts), only the directive that
 * holds the edit is walked and lowered again: the re-read block itself, or the `upstream` or
 * `split_clients` block around it, whose pool depends on all of its lines. Everything else the
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
  const newSubtreeEnd = tree.subtreeEnd(unit);
  const rebase: TreeRebase = {
    from,
    to: tree,
    start: unit,
    oldEnd: newSubtreeEnd - (tree.count - from.count),
    idDelta: tree.count - from.count,
    delta,
  };
  const span = { start: tree.start(unit), oldEnd: tree.end(unit) - delta };
  const placeAt = (locFile: string, start: number): Place => {
    if (locFile !== file.path) return 'inside';
    return start < span.start ? 'before' : start >= span.oldEnd ? 'after' : 'inside';
  };
  const place = (loc: Loc): Place => placeAt(loc.file, loc.start);

  const includes = includeProblemsAround(tree, unit, newSubtreeEnd, file.path, loader);
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
    errors.push(...checkContextsOf(tree, unit, context));
    const linesMoved = changeMovesLines(previousText, file.text, change);
    for (const error of state.contextErrors) {
      if (error.span.start < span.oldEnd) continue;
      // A message that names a line (a missing ";" before a line) is made again when lines moved.
      if (linesMoved && /\bline \d/.test(error.message)) return checkContexts(tree, context);
      errors.push(delta === 0 ? error : { ...error, span: { start: error.span.start + delta, end: error.span.end + delta } });
    }
    return errors;
  };
  const scope = { id: unit, context: contextOf(tree, unit, state.rootContext), rootContextErrors };
  const walk = walkNginx(file, loader, lowering, { tree, errors: spliced.errors, template: false }, scope);
  if (walk.rootContext !== state.rootContext || Object.keys(lowering.facts).length > 0) return undefined;

  // Plain data and pools before the block stay as they are; after it, pools become views moved by
  // the edit (moved-pool.ts) and plain data is copied with its locations moved.
  const plain = <T>(item: T, where: Place): T => (where === 'before' ? item : moved(item, file.path, delta));
  const replaced: Pool[] = [];
  const pools = carry(
    previous.model.pools,
    lowering.pools,
    (pool) => place(pool.loc),
    (pool, where) =>
      where === 'after' && (pool instanceof NginxPool || pool instanceof MovedNginxPool) ? movePool(pool, file.path, delta) : plain(pool, where),
    replaced,
  );
  // References before the block stay the same objects, resolution included; after it they are
  // rebased onto the new tree.
  const references = carry(state.lowering.references, lowering.references, (r) => referencePlace(r, rebase), (r, where) =>
    where === 'before' ? r : r.rebase(rebase, file.path),
  );
  // Carried items read the previous version's trees, new ones the new tree: one more at most.
  const treesBefore = treesBehind.get(previous);
  const trees = treesBefore !== undefined && treesBefore < MAX_POOL_TREES ? treesBefore + 1 : pools && references && treesRead(pools, references);
  if (trees === undefined || trees > MAX_POOL_TREES) return undefined;
  // A problem without fixes has one location: moved without copying the rest deeply.
  const withLoc = <T extends { readonly loc: Loc }>(item: T, where: Place): T =>
    where === 'before' ? item : { ...item, loc: { file: item.loc.file, start: item.loc.start + delta, end: item.loc.end + delta } };
  // A moved note is placed without making its location, which only a report reads.
  const notePlace = (n: DirectiveNote): Place => (n instanceof MovedNote ? placeAt(n.origin.loc.file, n.origin.loc.start + n.shift) : place(n.loc));
  const notes = carry(previous.model.directiveNotes ?? [], lowering.notes, notePlace, (n, where) => (where === 'before' ? n : moveNote(n, file.path, delta)));
  const problems = carry(state.lowering.problems, lowering.problems, (p) => place(p.loc), (p, where) => (p.fixes ? plain(p, where) : withLoc(p, where)));
  if (!pools || !references || !notes || !problems) return undefined;
  const walkProblems = [...walk.problems.slice(0, walk.rootProblems), ...includes.before, ...walk.problems.slice(walk.rootProblems), ...includes.after];
  // References outside the block keep their resolution while the block's pools index as before.
  const index = PoolIndex.same(replaced, lowering.pools) ? state.poolIndex : undefined;
  const analysis = nginxAnalysis(file.path, walk, walkProblems, { pools, references, problems, notes }, facts, 'block', index);
  treesBehind.set(analysis, trees);
  return { analysis, reread: { start: span.start, end: tree.end(unit) } };
}

type Place = 'before' | 'inside' | 'after';

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
 * The previous items before the block, then the block's new ones, then the previous ones after
 * it, moved. Undefined when an item outside the block cannot be moved. The previous items inside
 * the block, which the new ones replace, go to `replaced` when given.
 */
function carry<T>(
  previous: readonly T[],
  fresh: readonly T[],
  place: (item: T) => Place,
  move: (item: T, where: Place) => T | undefined,
  replaced?: T[],
): T[] | undefined {
  // Made at its largest size once and cut to what it holds: grown item by item, the lists of a
  // 1 MB file (thousands of references and notes) were copied several times on every edit.
  const out = new Array<T>(previous.length + fresh.length);
  let count = 0;
  let freshAdded = false;
  for (const item of previous) {
    const where = place(item);
    if (where === 'inside') {
      replaced?.push(item);
      continue;
    }
    if (where === 'after' && !freshAdded) {
      for (const added of fresh) out[count++] = added;
      freshAdded = true;
    }
    const next = move(item, where);
    if (next === undefined) return undefined;
    out[count++] = next;
  }
  if (!freshAdded) for (const added of fresh) out[count++] = added;
  out.length = count;
  return out;
}

function referencePlace(reference: NginxReference, rebase: TreeRebase): Place {
  return reference.id < rebase.start ? 'before' : reference.id >= rebase.oldEnd ? 'after' : 'inside';
}

/** The re-read block, or the `upstream` or `split_clients` around it: a pool is lowered whole. */
function loweredUnit(tree: NginxTree, block: number): number {
  let unit = block;
  for (let d = block; d !== NONE && d >= 0; d = tree.parent(d)) {
    const name = tree.name(d);
    if ((name === 'upstream' || name === 'split_clients') && tree.hasBlock(d)) unit = d;
  }
  return unit;
}

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

