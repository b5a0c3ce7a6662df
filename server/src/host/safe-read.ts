/**
 * The one way lb-drift reads a file from disk. A config names other files (`include`, `--config`,
 * a `.lb-drift.yaml` found on the way up), and a hostile repository chooses those names, so every
 * read goes through the same checks:
 *
 * - nothing under /proc, /sys or /dev, judged on the real path (a symbolic link to
 *   /proc/self/environ is refused like the file itself): those files report a size of 0 and can
 *   be endless (/dev/zero), blocking (/dev/tty) or full of secrets (the process environment);
 * - only regular files: the path is stat'ed before it is opened, so a device node is never
 *   opened, it is opened with O_NONBLOCK so a named pipe cannot block the open, and the opened
 *   descriptor is stat'ed again and must be the very regular file that was checked;
 * - a byte limit enforced while reading, chunk by chunk, so a file that grows or lies about its
 *   size costs at most the limit plus one chunk.
 *
 * Symbolic links are followed on purpose: a config linked from a dotfiles folder is ordinary.
 */
import { closeSync, constants, fstatSync, openSync, readSync, realpathSync, statSync, type Stats } from 'node:fs';
import { sep } from 'node:path';

/** Folders whose files are not config files whatever their type says (procfs reports regular files). */
export const SYSTEM_FOLDERS = ['/proc', '/sys', '/dev'] as const;

export type SafeReadFailure = 'missing' | 'system' | 'not-regular' | 'too-large' | 'unreadable';

export type SafeReadResult =
  | { readonly ok: true; readonly bytes: Buffer }
  | { readonly ok: false; readonly kind: SafeReadFailure; readonly message: string; readonly size?: number };

export interface SafeReadOptions {
  /** Bytes read at most; one more byte than this makes the read fail as too large. */
  readonly maxBytes: number;
  /** Says what the limit is for, in the too-large message ("per file", "for a project config"). */
  readonly limitName?: string;
}

const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (constants.O_NOCTTY ?? 0);
const FIRST_CHUNK = 64 * 1024;
const LARGEST_CHUNK = 16 * 1024 * 1024;

export function readRegularFile(path: string, options: SafeReadOptions): SafeReadResult {
  let real: string;
  let before: Stats;
  try {
    real = realpathSync.native(path);
    before = statSync(real);
  } catch (error) {
    return failure(path, error);
  }
  const system = systemFolderOf(real);
  if (system) {
    const via = real === path ? '' : ` (it leads to ${real})`;
    return {
      ok: false,
      kind: 'system',
      message: `${path} is in ${system}${via}, which holds system and device files, not config files; lb-drift never reads from /proc, /sys or /dev`,
    };
  }
  if (!before.isFile()) return notRegular(path, before);
  if (before.size > options.maxBytes) return tooLarge(path, options, before.size);

  let fd: number;
  try {
    fd = openSync(real, OPEN_FLAGS);
  } catch (error) {
    return failure(path, error);
  }
  try {
    const opened = fstatSync(fd);
    if (!opened.isFile()) return notRegular(path, opened);
    if (opened.dev !== before.dev || opened.ino !== before.ino) {
      return { ok: false, kind: 'unreadable', message: `${path} was replaced while lb-drift opened it; run again` };
    }
    const bytes = readBounded(fd, options.maxBytes, opened.size);
    return bytes ? { ok: true, bytes } : tooLarge(path, options);
  } catch (error) {
    return failure(path, error);
  } finally {
    closeSync(fd);
  }
}

/**
 * Reads `fd` to its end, or returns undefined as soon as more than `maxBytes` arrived. The size
 * hint only picks the first chunk's size; it is never trusted as the file's length.
 */
export function readBounded(fd: number, maxBytes: number, sizeHint = 0): Buffer | undefined {
  const chunks: Buffer[] = [];
  let total = 0;
  let chunkSize = Math.min(Math.max(sizeHint + 1, FIRST_CHUNK), LARGEST_CHUNK);
  while (total <= maxBytes) {
    const buffer = Buffer.allocUnsafe(Math.min(chunkSize, maxBytes + 1 - total));
    const count = readSync(fd, buffer, 0, buffer.length, null);
    if (count === 0) break;
    chunks.push(count === buffer.length ? buffer : buffer.subarray(0, count));
    total += count;
    chunkSize = Math.min(chunkSize * 2, LARGEST_CHUNK);
  }
  if (total > maxBytes) return undefined;
  return chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, total);
}

/** `/proc`, `/sys` or `/dev` when the (real) path is inside one of them. */
export function systemFolderOf(realPath: string): string | undefined {
  if (sep !== '/') return undefined;
  return SYSTEM_FOLDERS.find((folder) => realPath === folder || realPath.startsWith(`${folder}/`));
}

/** What a non-regular file is, in words: "a folder", "a named pipe (FIFO)"... */
export function describeFileType(stat: Stats): string {
  if (stat.isDirectory()) return 'a folder';
  if (stat.isFIFO()) return 'a named pipe (FIFO)';
  if (stat.isCharacterDevice() || stat.isBlockDevice()) return 'a device';
  if (stat.isSocket()) return 'a socket';
  return 'not a regular file';
}

function notRegular(path: string, stat: Stats): SafeReadResult {
  const what = describeFileType(stat);
  const why = stat.isDirectory() ? '' : ': reading it could block or never end';
  return { ok: false, kind: 'not-regular', message: `${path} is ${what}, not a regular file${why}; lb-drift reads only regular files` };
}

function tooLarge(path: string, options: SafeReadOptions, size?: number): SafeReadResult {
  const limit = `${formatBytes(options.maxBytes)} limit ${options.limitName ?? 'per file'}`;
  const actual = size === undefined ? 'more than that' : formatBytes(size);
  const message = `${path} is over lb-drift's ${limit} (${actual}), so it is not read; check that this is the file you meant`;
  return size === undefined ? { ok: false, kind: 'too-large', message } : { ok: false, kind: 'too-large', message, size };
}

function failure(path: string, error: unknown): SafeReadResult {
  const code = (error as { code?: string }).code;
  if (code === 'ENOENT' || code === 'ENOTDIR') return { ok: false, kind: 'missing', message: `cannot read ${path}: no such file` };
  if (code === 'EACCES' || code === 'EPERM') return { ok: false, kind: 'unreadable', message: `cannot read ${path}: permission denied` };
  if (code === 'ELOOP') return { ok: false, kind: 'unreadable', message: `cannot read ${path}: too many levels of symbolic links` };
  return { ok: false, kind: 'unreadable', message: `cannot read ${path}: ${error instanceof Error ? error.message : String(error)}` };
}

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MB`;
  if (bytes >= 1024) return `${Math.round((bytes / 1024) * 10) / 10} KB`;
  return `${bytes} bytes`;
}
