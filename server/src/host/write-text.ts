/**
 * Writes files the safe way (invariant 11): new content goes into a temporary file beside the
 * target, created exclusively (`O_EXCL`), never through a symbolic link (`O_NOFOLLOW`), with an
 * unpredictable name, and is renamed over the target once complete and synced. A planted
 * symlink or a file at a guessed name therefore can neither receive the content nor be replaced.
 *
 * `writeReport` (`--output FILE`) uses it directly; `fix-writer.ts` adds the checks a rewrite of
 * a user's config needs (unchanged since read, owner, mode, links, encoding).
 */
import { randomBytes } from 'node:crypto';
import {
  closeSync,
  constants,
  fchmodSync,
  fchownSync,
  fsyncSync,
  lstatSync,
  openSync,
  renameSync,
  rmSync,
  writeSync,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';

/** What the temporary file should be given before it replaces the target. */
export interface Ownership {
  readonly mode: number;
  readonly uid?: number;
  readonly gid?: number;
}

/** A new report is readable by everyone, as a file written by a shell redirect would be. */
const NEW_REPORT_MODE = 0o644;

const EXCLUSIVE_CREATE = constants.O_CREAT | constants.O_EXCL | constants.O_WRONLY | constants.O_NOFOLLOW;

/**
 * Writes `content` to a new temporary file in `target`'s folder and returns its path. The file
 * gets `ownership` (owner and group only where they differ from ours: changing them needs root)
 * and is synced. Throws, leaving nothing behind, when any step fails.
 */
export function writeTemporary(target: string, content: Iterable<string | Uint8Array>, ownership: Ownership): string {
  const temporary = join(dirname(target), `.${basename(target)}.${randomBytes(12).toString('hex')}.lb-drift.tmp`);
  const fd = openSync(temporary, EXCLUSIVE_CREATE, 0o600);
  try {
    for (const piece of content) writeAll(fd, piece);
    const uid = ownership.uid ?? -1;
    const gid = ownership.gid ?? -1;
    if ((uid !== -1 && uid !== process.geteuid?.()) || (gid !== -1 && gid !== process.getegid?.())) fchownSync(fd, uid, gid);
    // After fchown, which clears set-id bits.
    fchmodSync(fd, ownership.mode & 0o7777);
    fsyncSync(fd);
  } catch (error) {
    closeSync(fd);
    rmSync(temporary, { force: true });
    throw error;
  }
  closeSync(fd);
  return temporary;
}

/** Replaces `target` with the finished temporary file (an atomic rename in one folder). */
export function commitTemporary(temporary: string, target: string): void {
  try {
    renameSync(temporary, target);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}

/** Writes a string or bytes completely at the current position of `fd`. */
export function writeAll(fd: number, piece: string | Uint8Array): void {
  const bytes = typeof piece === 'string' ? Buffer.from(piece, 'utf8') : piece;
  let offset = 0;
  while (offset < bytes.length) offset += writeSync(fd, bytes, offset, bytes.length - offset);
}

/**
 * Writes a report (`--output FILE`). An existing regular file is replaced and keeps its mode and
 * owner; a symbolic link, a device or anything else that is not a regular file is refused rather
 * than written through. Returns a message saying what went wrong, or undefined.
 */
export function writeReport(path: string, text: string | Iterable<string>): string | undefined {
  let ownership: Ownership = { mode: NEW_REPORT_MODE };
  try {
    const stat = lstatSync(path);
    if (stat.isSymbolicLink()) {
      return `cannot write ${path}: it is a symbolic link, and lb-drift does not write reports through links; name the file it points to`;
    }
    if (!stat.isFile()) {
      return `cannot write ${path}: it is not a regular file; leave out --output to print the report on standard output`;
    }
    ownership = { mode: stat.mode, uid: stat.uid, gid: stat.gid };
  } catch (error) {
    if ((error as { code?: string }).code !== 'ENOENT') return `cannot write ${path}: ${describe(error)}`;
  }
  try {
    commitTemporary(writeTemporary(path, typeof text === 'string' ? [text] : text, ownership), path);
    return undefined;
  } catch (error) {
    return `cannot write ${path}: ${describe(error)}`;
  }
}

export function describe(error: unknown): string {
  const code = (error as { code?: string }).code;
  if (code === 'ENOENT') return 'no such file or folder';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'ELOOP') return 'it is a symbolic link';
  return error instanceof Error ? error.message : String(error);
}
