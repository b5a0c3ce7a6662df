/**
 * The whole tree of a revision, as `git ls-tree -r -l` lists it, for the loaders that read a stable
 * revision's files. One place for the command, so that every reader asks git the same question
 * (the full tree whatever the working folder, `--end-of-options` before the revision) with the same
 * fences on output size and time.
 */
import { LONG_TIMEOUT_MS, runGit, runGitSync } from './run-git';
import { parseLsTree, type TreeEntry } from './tree';

/** A tree listing is one line per file; a very large repository may need more than a file's cap. */
export const MAX_LISTING_BYTES = 256 * 1024 * 1024;

const listTreeArguments = (sha: string): string[] => ['ls-tree', '-r', '-z', '-l', '--full-tree', '--end-of-options', sha];

const failure = (sha: string, message: string): string => `cannot list the files of ${sha.slice(0, 12)}: ${message}`;

/** Every entry of the tree at `sha` (callers validate `sha` first), or why git could not list it. */
export async function listFullTree(root: string, sha: string): Promise<TreeEntry[] | string> {
  const result = await runGit(listTreeArguments(sha), root, { maxBytes: MAX_LISTING_BYTES, timeoutMs: LONG_TIMEOUT_MS });
  return result.ok ? parseLsTree(result.stdout) : failure(sha, result.message);
}

/** `listFullTree` for the synchronous loaders the CLI and the stable model use. */
export function listFullTreeSync(root: string, sha: string): TreeEntry[] | string {
  const result = runGitSync(listTreeArguments(sha), root, { maxBytes: MAX_LISTING_BYTES, timeoutMs: LONG_TIMEOUT_MS });
  return result.ok ? parseLsTree(result.stdout) : failure(sha, result.message);
}
