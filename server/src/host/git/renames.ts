/**
 * Finds where a file was before it was renamed: git's rename detection between a revision and
 * the working tree, so committed renames, staged ones (`git mv`) and renames followed by edits
 * are all found. A file moved without telling git (plain `mv`, not added) is untracked and
 * cannot be paired with its old path.
 */
import { runGit } from './run-git';

export type RenameLookup = { readonly kind: 'renamed'; readonly from: string } | { readonly kind: 'none' } | { readonly kind: 'error'; readonly message: string };

/** The tree path at `sha` of the file now at `treePath`. */
export async function renamedFrom(root: string, sha: string, treePath: string): Promise<RenameLookup> {
  const result = await runGit(
    ['diff', '--find-renames', '--diff-filter=R', '--name-status', '-z', '--no-ext-diff', '--no-relative', '--ignore-submodules=all', '--end-of-options', sha, '--'],
    root,
  );
  if (!result.ok) return { kind: 'error', message: result.message };
  const fields = result.stdout.toString('utf8').split('\0');
  // Each rename is three fields: the status with its similarity (R087), the old path, the new one.
  for (let i = 0; i + 2 < fields.length; i += 3) {
    if (fields[i]!.startsWith('R') && fields[i + 2] === treePath) return { kind: 'renamed', from: fields[i + 1]! };
  }
  return { kind: 'none' };
}
