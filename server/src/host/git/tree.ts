/**
 * Paths in a git tree: turning absolute paths into tree paths (and back), parsing `git ls-tree`
 * output, and following symbolic links stored in a tree, as the disk would.
 */
import { existsSync, realpathSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, posix, relative, sep } from 'node:path';

export interface TreeEntry {
  /** The path inside the tree, with `/` separators. */
  readonly path: string;
  /** `100644`, `100755`, `120000` (a symbolic link), `160000` (a submodule), `040000`. */
  readonly mode: string;
  readonly type: 'blob' | 'tree' | 'commit';
  readonly oid: string;
  /** Bytes, for blobs. */
  readonly size: number;
}

export const SYMLINK_MODE = '120000';

/** Parses `git ls-tree -z -l` output. */
export function parseLsTree(output: Buffer): TreeEntry[] {
  const entries: TreeEntry[] = [];
  for (const record of output.toString('utf8').split('\0')) {
    const tab = record.indexOf('\t');
    if (tab < 0) continue;
    const [mode, type, oid, size] = record.slice(0, tab).split(/ +/);
    if (!mode || !oid || (type !== 'blob' && type !== 'tree' && type !== 'commit')) continue;
    entries.push({ path: record.slice(tab + 1), mode, type, oid, size: size === '-' ? 0 : Number(size) });
  }
  return entries;
}

/** Parses `git cat-file --batch` output: `<oid> blob <size>\n<content>\n` per object. */
export function parseBatch(output: Buffer): Map<string, Buffer> {
  const blobs = new Map<string, Buffer>();
  let at = 0;
  while (at < output.length) {
    const newline = output.indexOf(0x0a, at);
    if (newline < 0) break;
    const [oid, type, size] = output.subarray(at, newline).toString('utf8').split(' ');
    at = newline + 1;
    // A missing object is reported as `<oid> missing` with no content.
    if (!oid || type === 'missing' || size === undefined) continue;
    const length = Number(size);
    if (!Number.isSafeInteger(length) || at + length > output.length) break;
    if (type === 'blob') blobs.set(oid, output.subarray(at, at + length));
    at += length + 1;
  }
  return blobs;
}

/**
 * The tree path of an absolute path (`''` for the root itself), or undefined when it lies outside
 * the repository. Git reports
 * the root with symbolic links resolved, so a path that goes through a link (a temporary folder
 * on macOS, a linked checkout) is compared through its real location as well.
 */
export function toTreePath(root: string, absolutePath: string): string | undefined {
  const direct = inside(root, absolutePath);
  if (direct !== undefined) return direct;
  const real = realLocation(absolutePath);
  return real === undefined ? undefined : inside(root, real);
}

export function fromTreePath(root: string, treePath: string): string {
  return join(root, ...treePath.split('/'));
}

/**
 * Follows symbolic links stored in the tree from `path` to a file entry. Returns the entry,
 * undefined when the path (or a link's target) is not in the tree, or a reason when a link leads
 * outside the repository or round in circles. The disk loader sees through links the same way.
 */
export function followLinks(
  path: string,
  lookup: (treePath: string) => TreeEntry | undefined,
  readLink: (entry: TreeEntry) => string | undefined,
): TreeEntry | string | undefined {
  let entry = lookup(path);
  for (let hops = 0; entry?.mode === SYMLINK_MODE; hops++) {
    if (hops >= MAX_LINK_HOPS) return linkLoop(path);
    const next = linkTarget(entry.path, readLink(entry));
    if (typeof next !== 'string') return next.reason;
    entry = lookup(next);
  }
  return entry;
}

/** The most links followed for one path, as a loop guard. */
export const MAX_LINK_HOPS = 16;

export function linkLoop(path: string): string {
  return `${path} is a loop of symbolic links`;
}

/** Where the link at `linkPath` with the text `target` points, as a tree path. */
export function linkTarget(linkPath: string, target: string | undefined): string | { readonly reason: string } {
  if (target === undefined) return { reason: `cannot read the symbolic link ${linkPath}` };
  const next = posix.normalize(posix.join(posix.dirname(linkPath), target));
  if (target.startsWith('/') || isAbsolute(target) || next === '..' || next.startsWith('../')) {
    return { reason: `${linkPath} is a symbolic link to ${target}, outside the repository` };
  }
  return next;
}

function inside(root: string, path: string): string | undefined {
  const rel = relative(root, path);
  if (rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel)) return undefined;
  return rel.split(sep).join('/');
}

/** The real path of `path`, resolving links in the part of it that exists. */
function realLocation(path: string): string | undefined {
  const missing: string[] = [];
  let current = path;
  while (!existsSync(current)) {
    const parent = dirname(current);
    if (parent === current) return undefined;
    missing.unshift(basename(current));
    current = parent;
  }
  try {
    return join(realpathSync(current), ...missing);
  } catch {
    return undefined;
  }
}

/** Files larger than this are not read from git (the disk reader has its own, larger limit). */
export const MAX_BLOB_BYTES = 64 * 1024 * 1024;

export function tooLargeBlob(path: string, size: number): string {
  return `${path} is ${Math.round(size / 1048576)} MB at the stable revision, over lb-drift's ${MAX_BLOB_BYTES / 1048576} MB limit per file`;
}
