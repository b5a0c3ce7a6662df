/**
 * How an incremental re-parse moved a root file's directives (tree-splice.ts): the directives
 * before the re-read block keep their ids and offsets; the block `[start, oldEnd)` (ids of the
 * previous tree) was lowered again; every directive after it has its id moved by `idDelta` and
 * its text by `delta`. Views over the previous tree (pools, members, references) are remade over
 * the new one with `movedId` instead of being lowered again (incremental-lower.ts).
 */
import { NONE, type NginxTree } from './tree';

export interface TreeRebase {
  /** The previous root tree: views over any other tree are not moved. */
  readonly from: NginxTree;
  readonly to: NginxTree;
  /** The first id of the block lowered again, and the id just past its subtree, in `from`. */
  readonly start: number;
  readonly oldEnd: number;
  readonly idDelta: number;
  /** How far text after the block moved. */
  readonly delta: number;
}

/** The id of `from`'s directive `id` in the new tree, or NONE when it lies in the block lowered again. */
export function movedId(rebase: TreeRebase, id: number): number {
  if (id < rebase.start) return id;
  if (id >= rebase.oldEnd) return id + rebase.idDelta;
  return NONE;
}

/** How far an offset of the previous root text moved (0 before the block lowered again). */
export function movedBy(rebase: TreeRebase, id: number): number {
  return id >= rebase.oldEnd ? rebase.delta : 0;
}
