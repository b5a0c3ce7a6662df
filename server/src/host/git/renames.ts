/**
 * Finds where a file was before it was renamed, as git's rename detection between a revision and
 * the working tree would: committed renames, staged ones (`git mv`) and renames followed by edits
 * are all found. A file moved without telling git (plain `mv`, not added) is untracked and cannot
 * be paired with its old path.
 *
 * Git is not asked to diff the working tree (that would run the repository's filters on every
 * file it reads): the tree and the index come from git, the working-tree files are read here and
 * paired by git's own rules, exact renames first, then by similarity (similarity.ts).
 */
import { runGit } from './run-git';
import { baseName, pairRenames, type RenameCandidate } from './similarity';
import { MAX_BLOB_BYTES, parseBatch } from './tree';
import { blobId, comparableContent, listIndex, listTree, readWorkingFile } from './worktree';

export type RenameLookup = { readonly kind: 'renamed'; readonly from: string } | { readonly kind: 'none' } | { readonly kind: 'error'; readonly message: string };

/**
 * Git gives up on inexact renames when there are more than diff.renameLimit (1000) candidates on
 * either side; so does lb-drift, counting pairs.
 */
const MAX_INEXACT_PAIRS = 1000 * 1000;

/** The tree path at `sha` of the file now at `treePath`. */
export async function renamedFrom(root: string, sha: string, treePath: string): Promise<RenameLookup> {
  const [tree, index] = await Promise.all([listTree(root, sha), listIndex(root)]);
  if (typeof tree === 'string') return { kind: 'error', message: tree };
  if (typeof index === 'string') return { kind: 'error', message: index };
  if (tree.has(treePath) || !index.has(treePath)) return { kind: 'none' };

  const added: RenameCandidate[] = [];
  for (const path of index.keys()) {
    if (tree.has(path)) continue;
    const content = comparableContent(readWorkingFile(root, path));
    if (content) added.push({ path, content });
  }
  const deleted = [...tree.values()].filter((e) => !index.has(e.path) || readWorkingFile(root, e.path).kind === 'absent');
  if (!added.some((a) => a.path === treePath) || deleted.length === 0) return { kind: 'none' };

  // Exact renames first, a deleted file with the same name preferred; each deleted file used once.
  const used = new Set<string>();
  const exact = new Map<string, string>();
  for (const file of [...added].sort((a, b) => (a.path < b.path ? -1 : 1))) {
    const oid = blobId(file.content, deleted[0]!.oid.length);
    const same = deleted.filter((d) => d.oid === oid && !used.has(d.path));
    const from = same.find((d) => baseName(d.path) === baseName(file.path)) ?? same[0];
    if (from) {
      used.add(from.path);
      exact.set(file.path, from.path);
    }
  }
  const found = exact.get(treePath);
  if (found !== undefined) return { kind: 'renamed', from: found };

  const targets = added.filter((a) => !exact.has(a.path));
  const sources = deleted.filter((d) => !used.has(d.path) && d.size <= MAX_BLOB_BYTES);
  if (targets.length * sources.length > MAX_INEXACT_PAIRS) return { kind: 'none' };
  const contents = await readBlobs(root, sources.map((s) => s.oid));
  if (typeof contents === 'string') return { kind: 'error', message: contents };
  const candidates = sources.flatMap((s) => (contents.has(s.oid) ? [{ path: s.path, content: contents.get(s.oid)! }] : []));
  const from = pairRenames(targets, candidates).get(treePath);
  return from === undefined ? { kind: 'none' } : { kind: 'renamed', from };
}

/** Blobs by id, read with one `git cat-file --batch` (which applies no filter). */
async function readBlobs(root: string, oids: readonly string[]): Promise<Map<string, Buffer> | string> {
  if (oids.length === 0) return new Map();
  const result = await runGit(['cat-file', '--batch'], root, { input: `${oids.join('\n')}\n`, maxBytes: 256 * 1024 * 1024 });
  if (!result.ok) return `cannot read the files deleted since the revision: ${result.message}`;
  return parseBatch(result.stdout);
}
