/**
 * Builds the object tree of syntax.ts from the flat tree, for tests, the fixer and other cold
 * paths. The objects have exactly the shape the parser always gave them (every field present, in
 * the same order, `undefined` where absent), so the two views compare equal.
 */
import type { FlatNginxTree } from './flat-tree';
import type { NginxArg, NginxBlock, NginxComment, NginxDirective } from './syntax';
import { NONE } from './tree';
import type { CommentStore } from './tree-store';

const NO_ARGS: readonly NginxArg[] = Object.freeze([]);
const NO_CHILDREN: readonly NginxDirective[] = Object.freeze([]);

export function materializeComments(text: string, store: CommentStore): NginxComment[] {
  const comments: NginxComment[] = new Array<NginxComment>(store.count);
  for (let i = 0; i < store.count; i++) {
    const start = store.spans[2 * i]!;
    const end = store.spans[2 * i + 1]!;
    comments[i] = { text: text.slice(start + 1, end), span: { start, end } };
  }
  return comments;
}

/**
 * The directives `from` to `to - 1` as objects, indexed by `id - from`; `to` must be the end of a
 * subtree (or of the file), so that every child of a directive in the range is in the range. The
 * range is built backwards, children before parents, so no recursion is needed.
 */
export function materializeRange(tree: FlatNginxTree, from: number, to: number): NginxDirective[] {
  const built = new Array<NginxDirective>(to - from);
  const trailing = trailingComments(tree, from, to);
  for (let d = to - 1; d >= from; d--) {
    let block: NginxBlock | undefined;
    if (tree.hasBlock(d)) {
      const open = tree.blockOpen(d);
      const close = tree.blockClose(d);
      const closeSpan = close === NONE ? undefined : { start: close, end: close + 1 };
      if (tree.isRawBlock(d)) {
        const raw = { start: open + 1, end: close === NONE ? tree.end(d) : close };
        block = { open: { start: open, end: open + 1 }, close: closeSpan, children: NO_CHILDREN, raw };
      } else {
        const children: NginxDirective[] = [];
        for (let c = tree.firstChild(d); c !== NONE; c = tree.nextSibling(c)) children.push(built[c - from]!);
        block = { open: { start: open, end: open + 1 }, close: closeSpan, children, raw: undefined };
      }
    }
    const semicolon = tree.semicolon(d);
    const start = tree.start(d);
    built[d - from] = {
      name: tree.name(d),
      nameSpan: { start, end: tree.nameEnd(d) },
      args: argsOf(tree, d),
      semicolon: semicolon === NONE ? undefined : { start: semicolon, end: semicolon + 1 },
      block,
      span: { start, end: tree.end(d) },
      trailingComment: trailing === undefined ? undefined : trailing[d - from],
    };
  }
  return built;
}

function argsOf(tree: FlatNginxTree, d: number): readonly NginxArg[] {
  const count = tree.argCount(d);
  if (count === 0) return NO_ARGS;
  const args = new Array<NginxArg>(count);
  for (let i = 0; i < count; i++) args[i] = tree.arg(d, i);
  return args;
}

/**
 * The trailing comments of the directives `from` to `to - 1`, indexed by `id - from`, or
 * undefined when none has one. When the range is one directive's subtree, the comments of its
 * descendants lie inside its span and its own trailing comment is the first one after it, so the
 * scan stops there.
 */
function trailingComments(tree: FlatNginxTree, from: number, to: number): (NginxComment | undefined)[] | undefined {
  const store = tree.commentStore;
  if (store.count === 0 || from >= to) return undefined;
  const start = tree.start(from);
  const stop = tree.subtreeEnd(from) === to ? tree.end(from) : Number.POSITIVE_INFINITY;
  let lo = 0;
  let hi = store.count;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (store.spans[2 * mid]! < start) lo = mid + 1;
    else hi = mid;
  }
  let found: (NginxComment | undefined)[] | undefined;
  for (let i = lo; i < store.count; i++) {
    const owner = store.owner[i]!;
    if (owner >= from && owner < to) {
      found ??= new Array<NginxComment | undefined>(to - from).fill(undefined);
      found[owner - from] = tree.comments()[i];
    }
    if (store.spans[2 * i]! >= stop) break;
  }
  return found;
}
