/**
 * Reads config files from disk as text the way an editor would show them: UTF-8, a byte-order
 * mark dropped, invalid bytes replaced (and said so), and a size cap so a stray multi-gigabyte
 * file cannot exhaust memory.
 */
import { readFileSync, statSync } from 'node:fs';

/** Larger files are refused with a message rather than read. */
export const MAX_FILE_BYTES = 256 * 1024 * 1024;

export type ReadTextResult =
  | { readonly ok: true; readonly text: string; readonly warning?: string }
  | { readonly ok: false; readonly message: string };

const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });
const lenientUtf8 = new TextDecoder('utf-8', { fatal: false, ignoreBOM: false });

export function readText(path: string): ReadTextResult {
  let size: number;
  try {
    const stat = statSync(path);
    if (stat.isDirectory()) return { ok: false, message: `${path} is a directory, not a file` };
    size = stat.size;
  } catch (error) {
    return { ok: false, message: `cannot read ${path}: ${describe(error)}` };
  }
  if (size > MAX_FILE_BYTES) {
    return { ok: false, message: `${path} is ${Math.round(size / 1048576)} MB, over lb-drift's ${MAX_FILE_BYTES / 1048576} MB limit per file` };
  }
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    return { ok: false, message: `cannot read ${path}: ${describe(error)}` };
  }
  return decodeText(bytes, path);
}

export function decodeText(bytes: Uint8Array, path: string): ReadTextResult {
  try {
    return { ok: true, text: strictUtf8.decode(bytes) };
  } catch {
    const text = lenientUtf8.decode(bytes);
    return {
      ok: true,
      text,
      warning: `${path} is not valid UTF-8; invalid bytes were read as U+FFFD, so names containing them may not match`,
    };
  }
}

function describe(error: unknown): string {
  const code = (error as { code?: string }).code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EACCES') return 'permission denied';
  return error instanceof Error ? error.message : String(error);
}
