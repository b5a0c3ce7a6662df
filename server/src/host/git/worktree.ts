/**
 * The working tree compared with a revision, without letting git read the working tree: git
 * would pass every file it reads there through the repository's filters (`filter.<driver>.clean`
 * and `.process`, chosen by `.gitattributes`), which are programs the repository names. So git
 * only lists a tree, the index and the untracked files; lb-drift reads working-tree files itself
 * and hashes them as git does (a blob id is the hash of "blob <length>\0" and the bytes).
 *
 * A file whose bytes differ from the revision only in CRLF line endings counts as unchanged, as
 * git's own end-of-line conversion would make it; other filters are not imitated, so a file a
 * filter would have changed counts as changed (reported once too often, never missed).
 */
import { createHash } from 'node:crypto';
import { closeSync, constants, fstatSync, lstatSync, openSync, readlinkSync } from 'node:fs';
import { readBounded } from '../safe-read';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { LONG_TIMEOUT_MS, runGit } from './run-git';
import { listFullTree, MAX_LISTING_BYTES } from './list-tree';
import { fromTreePath, MAX_BLOB_BYTES, SYMLINK_MODE, type TreeEntry } from './tree';

export interface IndexEntry {
  readonly path: string;
  readonly mode: string;
  readonly oid: string;
  /** 0 for a merged entry, 1-3 for the sides of a conflict. */
  readonly stage: number;
}

const SUBMODULE_MODE = '160000';

/** Every blob and symbolic link of the tree at `sha`, by path (submodules are left out). */
export async function listTree(root: string, sha: string): Promise<Map<string, TreeEntry> | string> {
  const listed = await listFullTree(root, sha);
  if (typeof listed === 'string') return listed;
  return new Map(listed.filter((e) => e.type === 'blob').map((e) => [e.path, e] as const));
}

/** The index (what `git add` staged), by path; a conflicted path keeps its first stage. */
export async function listIndex(root: string): Promise<Map<string, IndexEntry> | string> {
  // `ls-files --stage` prints the index as stored: it never refreshes it, so it reads no file.
  const listed = await runGit(['ls-files', '--stage', '-z', '--full-name'], root, { maxBytes: MAX_LISTING_BYTES, timeoutMs: LONG_TIMEOUT_MS });
  if (!listed.ok) return `cannot list the files git tracks: ${listed.message}`;
  const entries = new Map<string, IndexEntry>();
  for (const record of listed.stdout.toString('utf8').split('\0')) {
    const tab = record.indexOf('\t');
    if (tab < 0) continue;
    const [mode, oid, stage] = record.slice(0, tab).split(' ');
    const path = record.slice(tab + 1);
    if (!mode || !oid || mode === SUBMODULE_MODE || entries.has(path)) continue;
    entries.set(path, { path, mode, oid, stage: Number(stage) });
  }
  return entries;
}

/**
 * Untracked files that are not ignored, as tree paths. The ignore files are git's usual ones
 * (`.gitignore` in every folder, `$GIT_DIR/info/exclude`, `core.excludesFile`), except that an
 * exclude file which is not a regular file (a FIFO, a device) is skipped rather than read, as
 * reading a FIFO waits for a writer that never comes.
 */
export async function listUntracked(root: string): Promise<string[] | string> {
  const excludes = await excludeFiles(root);
  const listed = await runGit(
    ['ls-files', '--others', '-z', '--full-name', '--exclude-per-directory=.gitignore', ...excludes.map((file) => `--exclude-from=${file}`)],
    root,
    { maxBytes: MAX_LISTING_BYTES, timeoutMs: LONG_TIMEOUT_MS },
  );
  if (!listed.ok) return `cannot list the untracked files: ${listed.message}`;
  // A nested repository that is not a submodule is listed as its folder ("name/"); it is not a file.
  return listed.stdout
    .toString('utf8')
    .split('\0')
    .filter((name) => name !== '' && !name.endsWith('/'));
}

/** `core.excludesFile` (or its default) and `info/exclude`, in git's order, when they are regular files. */
async function excludeFiles(root: string): Promise<string[]> {
  const configured = await runGit(['config', '--path', '--get', 'core.excludesFile'], root, { keepExcludesFile: true });
  const global = configured.ok ? configured.stdout.toString('utf8').trim() : defaultExcludesFile();
  const local = await runGit(['rev-parse', '--git-path', 'info/exclude'], root);
  const info = local.ok ? resolve(root, local.stdout.toString('utf8').trim()) : undefined;
  return [global, info].filter((file): file is string => file !== undefined && file !== '' && isRegularFile(resolve(root, file)));
}

function defaultExcludesFile(): string {
  const xdg = process.env.XDG_CONFIG_HOME;
  return xdg ? join(xdg, 'git', 'ignore') : join(homedir(), '.config', 'git', 'ignore');
}

function isRegularFile(path: string): boolean {
  try {
    return lstatSync(path).isFile();
  } catch {
    return false;
  }
}

/** What is at a tree path in the working tree: a file's bytes, a link's target, or nothing git could track. */
export type WorkingFile =
  | { readonly kind: 'file' | 'link'; readonly bytes: Buffer }
  | { readonly kind: 'too-large'; readonly size: number }
  | { readonly kind: 'absent' | 'other' };

/**
 * Reads a working-tree file the way git would hash it, without ever opening anything but a
 * regular file (a FIFO planted in the tree would block the read) and without following links.
 */
export function readWorkingFile(root: string, treePath: string): WorkingFile {
  const path = fromTreePath(root, treePath);
  let stat;
  try {
    stat = lstatSync(path);
  } catch {
    return { kind: 'absent' };
  }
  if (stat.isSymbolicLink()) {
    try {
      return { kind: 'link', bytes: readlinkSync(path, { encoding: 'buffer' }) };
    } catch {
      return { kind: 'other' };
    }
  }
  if (!stat.isFile()) return { kind: stat.isDirectory() ? 'absent' : 'other' };
  if (stat.size > MAX_BLOB_BYTES) return { kind: 'too-large', size: stat.size };
  const bytes = readRegularFile(path);
  return bytes === undefined ? { kind: 'other' } : { kind: 'file', bytes };
}

/** The bytes of a regular file, opened without blocking or following a link, at most MAX_BLOB_BYTES. */
function readRegularFile(path: string): Buffer | undefined {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK | (constants.O_NOFOLLOW ?? 0));
  } catch {
    return undefined;
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) return undefined;
    return readBounded(fd, MAX_BLOB_BYTES, stat.size);
  } catch {
    return undefined;
  } finally {
    closeSync(fd);
  }
}

/** Git's object id of a blob with these bytes; `oidLength` 64 for a SHA-256 repository. */
export function blobId(bytes: Buffer, oidLength = 40): string {
  const hash = createHash(oidLength === 64 ? 'sha256' : 'sha1');
  hash.update(`blob ${bytes.length}\0`);
  hash.update(bytes);
  return hash.digest('hex');
}

/** CRLF line endings as LF, which git's end-of-line conversion would store. */
export function withoutCarriageReturns(bytes: Buffer): Buffer {
  if (!bytes.includes(13)) return bytes;
  return Buffer.from(bytes.toString('latin1').replace(/\r\n/g, '\n'), 'latin1');
}

/** Whether the working-tree file holds what the tree entry holds. */
export function sameAsEntry(file: WorkingFile, entry: TreeEntry): boolean {
  if (file.kind === 'link') return entry.mode === SYMLINK_MODE && blobId(file.bytes, entry.oid.length) === entry.oid;
  if (file.kind !== 'file' || entry.mode === SYMLINK_MODE) return false;
  if (file.bytes.length === entry.size && blobId(file.bytes, entry.oid.length) === entry.oid) return true;
  const normalised = withoutCarriageReturns(file.bytes);
  return normalised !== file.bytes && normalised.length === entry.size && blobId(normalised, entry.oid.length) === entry.oid;
}

/**
 * The content git would compare for renames: a file's bytes with CRLF as LF, or a link's target.
 * Undefined for anything git would not track.
 */
export function comparableContent(file: WorkingFile): Buffer | undefined {
  if (file.kind === 'link') return file.bytes;
  if (file.kind === 'file') return withoutCarriageReturns(file.bytes);
  return undefined;
}
