/**
 * Writes fixed config text back to disk: to a temporary file beside it and renamed over it, so
 * an interrupted write never leaves a half-written config. The original file mode is kept.
 */
import { chmodSync, closeSync, existsSync, openSync, renameSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';

/** Writes `text` (one string, or pieces written in order) to `path` through a temporary file. */
export function writeText(path: string, text: string | Iterable<string>): void {
  const temporary = `${path}.lb-drift-${process.pid}.tmp`;
  const mode = existsSync(path) ? statSync(path).mode & 0o7777 : 0o644;
  if (typeof text === 'string') {
    writeFileSync(temporary, text, 'utf8');
  } else {
    const fd = openSync(temporary, 'w', mode);
    try {
      for (const piece of text) writeSync(fd, piece, null, 'utf8');
    } catch (error) {
      closeSync(fd);
      rmSync(temporary, { force: true });
      throw error;
    }
    closeSync(fd);
  }
  chmodSync(temporary, mode);
  renameSync(temporary, path);
}

/** Writes a report (`--output FILE`); the message says what went wrong, for a usage error. */
export function writeReport(path: string, text: string | Iterable<string>): string | undefined {
  try {
    writeText(path, text);
    return undefined;
  } catch (error) {
    return `cannot write ${path}: ${error instanceof Error ? error.message : String(error)}`;
  }
}
