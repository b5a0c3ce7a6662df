/**
 * Writes fixed config text back to disk: to a temporary file beside it and renamed over it, so
 * an interrupted write never leaves a half-written config. The original file mode is kept.
 */
import { renameSync, statSync, writeFileSync, chmodSync } from 'node:fs';

export function writeText(path: string, text: string): void {
  const temporary = `${path}.lb-drift-${process.pid}.tmp`;
  const mode = statSync(path).mode & 0o7777;
  writeFileSync(temporary, text, 'utf8');
  chmodSync(temporary, mode);
  renameSync(temporary, path);
}
