/**
 * Writes fixed config text back to disk: to a temporary file beside it and renamed over it, so
 * an interrupted write never leaves a half-written config. The original file mode is kept.
 */
import { chmodSync, existsSync, renameSync, statSync, writeFileSync } from 'node:fs';

export function writeText(path: string, text: string): void {
  const temporary = `${path}.lb-drift-${process.pid}.tmp`;
  const mode = existsSync(path) ? statSync(path).mode & 0o7777 : 0o644;
  writeFileSync(temporary, text, 'utf8');
  chmodSync(temporary, mode);
  renameSync(temporary, path);
}

/** Writes a report (`--output FILE`); the message says what went wrong, for a usage error. */
export function writeReport(path: string, text: string): string | undefined {
  try {
    writeText(path, text);
    return undefined;
  } catch (error) {
    return `cannot write ${path}: ${error instanceof Error ? error.message : String(error)}`;
  }
}
