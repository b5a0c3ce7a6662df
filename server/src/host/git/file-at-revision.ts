/**
 * Reads a file as it was at a revision: the text the compare-to-stable editor shows on the left
 * and the stable model is built from. A file that did not exist then is "new since stable", not
 * an error; a file renamed since is read at its old path.
 */
import { decodeText } from '../read-text';
import { renamedFrom } from './renames';
import { validateRevision } from './revision';
import { runGit } from './run-git';
import { fromTreePath, linkLoop, linkTarget, MAX_BLOB_BYTES, MAX_LINK_HOPS, parseLsTree, SYMLINK_MODE, toTreePath, tooLargeBlob, type TreeEntry } from './tree';

export type FileAtRevision =
  | {
      readonly kind: 'found';
      readonly text: string;
      /** The absolute path the file had at the revision (its old path when it was renamed since). */
      readonly path: string;
      /** The old path relative to the repository root, for messages, when the file was renamed since. */
      readonly renamedFrom?: string;
      /** Set when the bytes were not valid UTF-8 and were decoded with replacement characters. */
      readonly warning?: string;
    }
  | { readonly kind: 'new-file'; readonly message: string }
  | { readonly kind: 'error'; readonly message: string };

export async function fileAtRevision(root: string, sha: string, absolutePath: string): Promise<FileAtRevision> {
  const checked = validateRevision(sha);
  if (!checked.ok) return { kind: 'error', message: checked.message };
  const treePath = toTreePath(root, absolutePath);
  if (treePath === undefined) return { kind: 'error', message: `${absolutePath} is outside the repository at ${root}` };
  if (treePath === '') return { kind: 'error', message: `${absolutePath} is the repository's folder, not a file` };
  const short = sha.slice(0, 12);

  const here = await entryAt(root, sha, treePath);
  if (typeof here === 'string') return { kind: 'error', message: here };
  if (here !== undefined) return read(root, here, treePath, short);

  const rename = await renamedFrom(root, sha, treePath);
  if (rename.kind === 'error') return { kind: 'error', message: rename.message };
  if (rename.kind === 'renamed') {
    const before = await entryAt(root, sha, rename.from);
    if (typeof before === 'string') return { kind: 'error', message: before };
    if (before !== undefined) {
      const found = await read(root, before, rename.from, short);
      return found.kind === 'found' ? { ...found, renamedFrom: rename.from } : found;
    }
  }
  return { kind: 'new-file', message: `${treePath} did not exist at ${short}: the file is new since the stable revision` };
}

/** The file entry at `treePath` with symbolic links followed, undefined when there is none, or a reason. */
async function entryAt(root: string, sha: string, treePath: string): Promise<TreeEntry | string | undefined> {
  const short = sha.slice(0, 12);
  let path = treePath;
  for (let hops = 0; ; hops++) {
    const listed = await runGit(['ls-tree', '-z', '-l', '--full-tree', '--end-of-options', sha, '--', path], root);
    if (!listed.ok) return `cannot read the tree of ${short}: ${listed.message}`;
    const entry = parseLsTree(listed.stdout).find((e) => e.path === path);
    if (entry === undefined) return undefined;
    if (entry.type === 'tree') return `${treePath} is a folder at ${short}, not a file`;
    if (entry.type === 'commit') return `${treePath} is a submodule at ${short}; open the file from inside the submodule`;
    if (entry.mode !== SYMLINK_MODE) return entry;
    if (hops >= MAX_LINK_HOPS) return linkLoop(treePath);
    const target = await runGit(['cat-file', 'blob', '--end-of-options', entry.oid], root, { maxBytes: 4096 });
    const next = linkTarget(entry.path, target.ok ? target.stdout.toString('utf8') : undefined);
    if (typeof next !== 'string') return next.reason;
    path = next;
  }
}

async function read(root: string, entry: TreeEntry, treePath: string, short: string): Promise<FileAtRevision> {
  const path = fromTreePath(root, treePath);
  if (entry.size > MAX_BLOB_BYTES) return { kind: 'error', message: tooLargeBlob(path, entry.size) };
  const blob = await runGit(['cat-file', 'blob', '--end-of-options', entry.oid], root, { maxBytes: MAX_BLOB_BYTES });
  if (!blob.ok) return { kind: 'error', message: `cannot read ${treePath} at ${short}: ${blob.message}` };
  const decoded = decodeText(blob.stdout, `${path} at ${short}`);
  if (!decoded.ok) return { kind: 'error', message: decoded.message };
  return decoded.warning === undefined ? { kind: 'found', text: decoded.text, path } : { kind: 'found', text: decoded.text, path, warning: decoded.warning };
}
