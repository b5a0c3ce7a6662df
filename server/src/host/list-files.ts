/**
 * Expands the CLI's path arguments into files: a file stays itself; a directory is walked for
 * files, skipping version-control and dependency folders. Order is sorted and stable.
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const SKIPPED_DIRS = new Set(['.git', '.hg', '.svn', 'node_modules']);

export type ListedPath = { readonly path: string; readonly explicit: boolean } | { readonly missing: string };

export function listFiles(paths: readonly string[]): ListedPath[] {
  const out: ListedPath[] = [];
  for (const path of paths) {
    let isDirectory: boolean;
    try {
      isDirectory = statSync(path).isDirectory();
    } catch {
      out.push({ missing: path });
      continue;
    }
    if (!isDirectory) {
      out.push({ path, explicit: true });
      continue;
    }
    const stack = [path];
    const found: string[] = [];
    while (stack.length > 0) {
      const dir = stack.pop()!;
      let entries;
      try {
        entries = readdirSync(dir, { withFileTypes: true });
      } catch {
        continue;
      }
      for (const entry of entries) {
        const full = join(dir, entry.name);
        if (entry.isDirectory()) {
          if (!SKIPPED_DIRS.has(entry.name)) stack.push(full);
        } else if (entry.isFile()) {
          found.push(full);
        }
      }
    }
    for (const file of found.sort()) out.push({ path: file, explicit: false });
  }
  return out;
}
