/**
 * Files changed since a revision, for `--changed-since`: committed, staged and unstaged changes
 * to tracked files, plus untracked files that are not ignored. Renames count as the old path
 * deleted and the new one added. Changes inside submodules belong to the submodules.
 *
 * Git lists the revision's tree, the index and the untracked files; the working-tree files are
 * compared with the tree here (worktree.ts), so no filter the repository names ever runs.
 */
import { validateRevision } from './revision';
import { commitOf } from './resolve-stable';
import { fromTreePath } from './tree';
import { listIndex, listTree, listUntracked, readWorkingFile, sameAsEntry } from './worktree';

export type ChangedFiles =
  | {
      readonly ok: true;
      /** Absolute paths of files that exist now and differ from the revision (or are new), sorted. */
      readonly paths: string[];
      /** Absolute paths of files that existed at the revision and are gone now, sorted. */
      readonly deleted: string[];
    }
  | { readonly ok: false; readonly message: string };

export async function changedFiles(root: string, since: string): Promise<ChangedFiles> {
  const checked = validateRevision(since);
  if (!checked.ok) return { ok: false, message: checked.message };
  const commit = await commitOf(root, since);
  if (commit.kind === 'missing') return { ok: false, message: `the revision "${since}" does not exist in the repository at ${root}; check the name, or fetch it (git fetch --tags)` };
  if (commit.kind === 'error') return { ok: false, message: commit.message };

  const [tree, index, untracked] = await Promise.all([listTree(root, commit.sha), listIndex(root), listUntracked(root)]);
  if (typeof tree === 'string') return { ok: false, message: tree };
  if (typeof index === 'string') return { ok: false, message: index };
  if (typeof untracked === 'string') return { ok: false, message: untracked };

  const paths = new Set<string>();
  const deleted: string[] = [];
  for (const [treePath, staged] of index) {
    const then = tree.get(treePath);
    const now = readWorkingFile(root, treePath);
    if (now.kind === 'absent') {
      if (then) deleted.push(fromTreePath(root, treePath));
    } else if (!then || staged.stage !== 0 || !sameAsEntry(now, then)) {
      paths.add(fromTreePath(root, treePath));
    }
  }
  for (const treePath of tree.keys()) if (!index.has(treePath)) deleted.push(fromTreePath(root, treePath));
  for (const treePath of untracked) paths.add(fromTreePath(root, treePath));
  return { ok: true, paths: [...paths].sort(), deleted: deleted.sort() };
}
