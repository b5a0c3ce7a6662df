/**
 * The language server analyses a config on every keystroke, and with it every file the config
 * includes. Those files rarely change between keystrokes, so their text is kept and read again
 * only when the file's identity on disk (inode, size, modification and change times) differs.
 * Only a stat per file per analysis remains.
 */
import { statSync } from 'node:fs';
import { readText, type ReadTextResult } from './read-text';

/** Texts kept at most; the oldest entry goes first. Enough for large include trees. */
const MAX_ENTRIES = 4096;

interface Entry {
  readonly stamp: string;
  readonly result: ReadTextResult;
}

export class CachedReader {
  private readonly entries = new Map<string, Entry>();

  read(path: string): ReadTextResult {
    const stamp = stampOf(path);
    // A file that cannot be stat'ed is read uncached, so the error message comes from readText.
    if (stamp === undefined) {
      this.entries.delete(path);
      return readText(path);
    }
    const cached = this.entries.get(path);
    if (cached?.stamp === stamp) return cached.result;
    const result = readText(path);
    this.entries.delete(path);
    if (result.ok) {
      this.entries.set(path, { stamp, result });
      if (this.entries.size > MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value!);
    }
    return result;
  }

  clear(): void {
    this.entries.clear();
  }
}

function stampOf(path: string): string | undefined {
  try {
    const stat = statSync(path, { bigint: true });
    return `${stat.ino}:${stat.size}:${stat.mtimeNs}:${stat.ctimeNs}`;
  } catch {
    return undefined;
  }
}
