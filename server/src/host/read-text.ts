/**
 * Reads config files from disk as text the way an editor would show them: UTF-8, a byte-order
 * mark dropped, invalid bytes replaced (and said so). The bytes come from `readRegularFile`
 * (`safe-read.ts`): regular files only, nothing from /proc, /sys or /dev, and a byte limit
 * enforced while reading, so a stray multi-gigabyte file, /dev/zero or a named pipe cannot
 * exhaust memory or hang the run.
 */
import { readRegularFile } from './safe-read';

/** Larger files are refused with a message rather than read (the CLI's and the server's limit per file). */
export const MAX_FILE_BYTES = 256 * 1024 * 1024;

export type ReadTextResult =
  | { readonly ok: true; readonly text: string; readonly warning?: string }
  | { readonly ok: false; readonly message: string };

const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });
const lenientUtf8 = new TextDecoder('utf-8', { fatal: false, ignoreBOM: false });

export function readText(path: string, maxBytes = MAX_FILE_BYTES): ReadTextResult {
  const read = readRegularFile(path, { maxBytes });
  return read.ok ? decodeText(read.bytes, path) : { ok: false, message: read.message };
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
