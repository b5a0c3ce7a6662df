/**
 * Files changed since a revision, for `--changed-since`: committed, staged and unstaged changes
 * to tracked files, plus untracked files that are not ignored. Renames count as the old path
 * deleted and the new one added. Changes inside submodules belong to the submodules.
 */
import { validateRevision } from './revision';
import { commitOf } from './resolve-stable';
import { runGit } from './run-git';
import { fromTreePath } from './tree';

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

  const [tracked, untracked] = await Promise.all([
    runGit(['diff', '--name-status', '-z', '--no-renames', '--no-ext-diff', '--no-relative', '--ignore-submodules=all', '--end-of-options', commit.sha, '--'], root),
    runGit(['ls-files', '--others', '--exclude-standard', '-z', '--full-name'], root),
  ]);
  if (!tracked.ok) return { ok: false, message: tracked.message };
  if (!untracked.ok) return { ok: false, message: untracked.message };

  const paths = new Set<string>();
  const deleted: string[] = [];
  const fields = tracked.stdout.toString('utf8').split('\0');
  // Without renames every change is two fields: the status letter and the path.
  for (let i = 0; i + 1 < fields.length; i += 2) {
    const path = fromTreePath(root, fields[i + 1]!);
    if (fields[i] === 'D') deleted.push(path);
    else paths.add(path);
  }
  for (const name of untracked.stdout.toString('utf8').split('\0')) {
    // A nested repository that is not a submodule is listed as its folder ("name/"); it is not a file.
    if (name !== '' && !name.endsWith('/')) paths.add(fromTreePath(root, name));
  }
  return { ok: true, paths: [...paths].sort(), deleted: deleted.sort() };
}
