/**
 * Writes a fixed config back (`lb-drift check --fix`) without losing anything the user has
 * (invariant 11). Before writing, the file is read again through a descriptor that does not
 * follow links, and it is written only when:
 *
 * - its bytes still decode to exactly the text the analysis read (a file changed since, say by a
 *   line appended during the run, is skipped), and they are valid UTF-8 (a byte-order mark is kept
 *   as it was; anything else would be re-encoded, so such a file is skipped);
 * - it is a regular file its owner may write (a read-only file is skipped, even for root).
 *
 * The new content goes to an exclusively created temporary file with the original owner, group
 * and mode, renamed over the file (write-text.ts). A file with several hard links is rewritten in
 * place instead, through the same inode, so every link sees the fix. A symbolic link stays a link:
 * the file it points to is the one fixed. Every refusal is a sentence saying why and what to do.
 */
import { closeSync, constants, fstatSync, ftruncateSync, fsyncSync, lstatSync, openSync, readSync, realpathSync, rmSync, type BigIntStats } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import { MAX_FILE_BYTES } from './read-text';
import { commitTemporary, describe, writeAll, writeTemporary } from './write-text';

export type FixWriteResult = { readonly written: true; readonly target: string } | { readonly written: false; readonly reason: string };

export interface FixWriteHooks {
  /**
   * Runs after the file has been read again and checked, right before the new content replaces
   * it. Tests use it to change the file at the worst moment; the write must then be skipped.
   */
  readonly beforeCommit?: (target: string) => void;
}

const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);
const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });
const READ_NO_FOLLOW = constants.O_RDONLY | constants.O_NOFOLLOW;
const WRITE_NO_FOLLOW = constants.O_WRONLY | constants.O_NOFOLLOW;

/**
 * Replaces the content of `path` (as the analysis read it: `expected`) with `next`. Returns what
 * was written, or why nothing was.
 */
export function writeFixedFile(path: string, expected: string, next: string, hooks: FixWriteHooks = {}): FixWriteResult {
  let target: string;
  try {
    // A symbolic link (the file itself or a folder on the way) is followed to the file it names,
    // which is what the analysis read and what gets fixed; the link itself is left alone.
    target = realpathSync(path);
  } catch (error) {
    return skip(`cannot find it any more (${describe(error)})`);
  }
  let fd: number;
  try {
    fd = openSync(target, READ_NO_FOLLOW);
  } catch (error) {
    return skip(`cannot open it again to write the fix (${describe(error)})`);
  }
  try {
    const before = fstatSync(fd, { bigint: true });
    if (!before.isFile()) return skip('it is not a regular file');
    if ((before.mode & 0o200n) === 0n) {
      return skip(`it is read-only (mode ${modeText(before)}); make it writable (chmod u+w) to let --fix change it`);
    }
    if (before.size > BigInt(MAX_FILE_BYTES)) return skip('it grew past the size lb-drift reads');
    const bytes = readAllBytes(fd, Number(before.size));
    const hasBom = bytes.subarray(0, 3).equals(UTF8_BOM);
    let current: string;
    try {
      current = strictUtf8.decode(bytes);
    } catch {
      return skip('it is not valid UTF-8, and writing the fix would re-encode bytes lb-drift cannot read; fix it by hand or convert it to UTF-8');
    }
    if (current !== expected) return skip('it changed after lb-drift read it; run lb-drift check --fix again');
    const content = hasBom ? [UTF8_BOM, next] : [next];

    if (before.nlink > 1n) return writeInPlace(target, fd, bytes, before, content, hooks);
    let temporary: string;
    try {
      temporary = writeTemporary(target, content, { mode: Number(before.mode), uid: Number(before.uid), gid: Number(before.gid) });
    } catch (error) {
      if (isPermission(error)) {
        // We may write the file but not create one beside it with its owner: write through it.
        return writeInPlace(target, fd, bytes, before, content, hooks);
      }
      return skip(`cannot create a temporary file beside it (${describe(error)})`);
    }
    hooks.beforeCommit?.(target);
    const changed = changedSince(target, fd, bytes, before);
    if (changed) {
      rmSync(temporary, { force: true });
      return skip(changed);
    }
    commitTemporary(temporary, target);
    return { written: true, target };
  } catch (error) {
    return skip(`writing it failed (${describe(error)})`);
  } finally {
    closeSync(fd);
  }
}

/**
 * Whether `file` lies inside one of `roots` (the paths named on the command line), after
 * following symbolic links on both sides. A root that names a file covers that file only.
 */
export function insideRoots(file: string, roots: readonly string[]): boolean {
  let real: string;
  try {
    real = realpathSync(file);
  } catch {
    return false;
  }
  for (const root of roots) {
    for (const base of [resolve(root), realOrSelf(root)]) {
      const rel = relative(base, real);
      if (rel === '' || (!rel.startsWith('..') && !isAbsolute(rel))) return true;
    }
  }
  return false;
}

/**
 * Rewrites a file with several hard links through its own inode, so that every name keeps
 * seeing the same (fixed) content. This cannot be atomic; the checks run right before it.
 */
function writeInPlace(
  target: string,
  readFd: number,
  bytes: Buffer,
  before: BigIntStats,
  content: readonly (string | Uint8Array)[],
  hooks: FixWriteHooks,
): FixWriteResult {
  hooks.beforeCommit?.(target);
  let fd: number;
  try {
    fd = openSync(target, WRITE_NO_FOLLOW);
  } catch (error) {
    return skip(`cannot open it for writing (${describe(error)})`);
  }
  try {
    const now = fstatSync(fd, { bigint: true });
    if (now.ino !== before.ino || now.dev !== before.dev) return skip('it was replaced after lb-drift read it; run lb-drift check --fix again');
    const changed = changedSince(target, readFd, bytes, before);
    if (changed) return skip(changed);
    let length = 0;
    for (const piece of content) {
      const data = typeof piece === 'string' ? Buffer.from(piece, 'utf8') : piece;
      writeAll(fd, data);
      length += data.length;
    }
    ftruncateSync(fd, length);
    fsyncSync(fd);
    return { written: true, target };
  } finally {
    closeSync(fd);
  }
}

/**
 * Why the file must not be replaced any more, or undefined: the name now points to another file,
 * or its size, modification time or bytes differ from what was read.
 */
function changedSince(target: string, fd: number, bytes: Buffer, before: BigIntStats): string | undefined {
  const again = 'run lb-drift check --fix again';
  let now: BigIntStats;
  try {
    now = lstatSync(target, { bigint: true });
  } catch {
    return `it was removed or renamed while lb-drift was fixing it; ${again}`;
  }
  if (now.ino !== before.ino || now.dev !== before.dev) return `it was replaced while lb-drift was fixing it; ${again}`;
  const unchanged = now.size === before.size && now.mtimeNs === before.mtimeNs && readAllBytes(fd, bytes.length + 1).equals(bytes);
  return unchanged ? undefined : `it changed while lb-drift was fixing it, so the fix was not written; ${again}`;
}

/** Reads from offset 0 up to `limit` bytes (fewer at the end of the file). */
function readAllBytes(fd: number, limit: number): Buffer {
  const buffer = Buffer.alloc(limit);
  let length = 0;
  while (length < limit) {
    const read = readSync(fd, buffer, length, limit - length, length);
    if (read === 0) break;
    length += read;
  }
  return buffer.subarray(0, length);
}

function realOrSelf(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return resolve(path);
  }
}

function isPermission(error: unknown): boolean {
  const code = (error as { code?: string }).code;
  return code === 'EPERM' || code === 'EACCES';
}

function modeText(stat: BigIntStats): string {
  return `0${(Number(stat.mode) & 0o777).toString(8)}`;
}

function skip(reason: string): FixWriteResult {
  return { written: false, reason };
}
