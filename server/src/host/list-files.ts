/**
 * Expands the CLI's path arguments into files. A file named on the command line is always taken;
 * a folder is walked, skipping version-control and dependency folders and whatever the
 * `.gitignore` files between the repository root and each file ignore (as git does: nested files
 * apply to their own folder, later rules win, `!` re-includes). Order is sorted and stable.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import ignore, { type Ignore } from 'ignore';
import { readRegularFile } from './safe-read';

/** Real .gitignore files are a few kilobytes; the cap only stops a hostile one. */
const MAX_GITIGNORE_BYTES = 4 * 1024 * 1024;

const SKIPPED_DIRS = new Set(['.git', '.hg', '.svn', 'node_modules']);

export type ListedPath = { readonly path: string; readonly explicit: boolean } | { readonly missing: string };

export interface ListOptions {
  /** Skip what .gitignore files ignore (default true). */
  readonly gitignore?: boolean;
}

interface Rules {
  readonly base: string;
  readonly matcher: Ignore;
}

export function listFiles(paths: readonly string[], options: ListOptions = {}): ListedPath[] {
  const useGitignore = options.gitignore !== false;
  const out: ListedPath[] = [];
  const cache = new Map<string, Rules | null>();
  const rulesOf = (dir: string): Rules | null => {
    let rules = cache.get(dir);
    if (rules === undefined) {
      rules = readGitignore(dir);
      cache.set(dir, rules);
    }
    return rules;
  };

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
    const root = resolve(path);
    // Rules from the folders above the walked one (up to the repository root) apply too.
    const inherited = useGitignore ? ancestorsUpToRepository(root).map(rulesOf).filter((r): r is Rules => r !== null) : [];
    const found: string[] = [];
    const stack: { dir: string; rules: readonly Rules[] }[] = [{ dir: root, rules: inherited }];
    while (stack.length > 0) {
      const { dir, rules: above } = stack.pop()!;
      const own = useGitignore ? rulesOf(dir) : null;
      const rules = own && !above.includes(own) ? [...above, own] : above;
      let entries;
      try {
        entries = readdirSync(dir, { withFileTypes: true });
      } catch {
        continue;
      }
      for (const entry of entries) {
        const full = join(dir, entry.name);
        if (entry.isDirectory()) {
          if (SKIPPED_DIRS.has(entry.name) || ignored(rules, full, true)) continue;
          stack.push({ dir: full, rules });
        } else if (entry.isFile() && !ignored(rules, full, false)) {
          found.push(full);
        }
      }
    }
    for (const file of found.sort()) out.push({ path: join(path, relative(root, file)), explicit: false });
  }
  return out;
}

/** A .gitignore is read like any file (safe-read.ts): one that is a named pipe or a link to /dev/zero is skipped, never waited on. */
function readGitignore(dir: string): Rules | null {
  const file = join(dir, '.gitignore');
  if (!existsSync(file)) return null;
  const read = readRegularFile(file, { maxBytes: MAX_GITIGNORE_BYTES });
  if (!read.ok) return null;
  try {
    return { base: dir, matcher: ignore().add(read.bytes.toString('utf8')) };
  } catch {
    return null;
  }
}

/** The walked folder's ancestors, nearest last, up to the one holding `.git` (none outside a repository). */
function ancestorsUpToRepository(dir: string): string[] {
  const chain: string[] = [];
  let current = dirname(dir);
  if (existsSync(join(dir, '.git'))) return chain;
  while (true) {
    chain.unshift(current);
    if (existsSync(join(current, '.git'))) return chain;
    const parent = dirname(current);
    if (parent === current) return [];
    current = parent;
  }
}

/** Whether the last rule set that has an opinion ignores the path (git's precedence). */
function ignored(rules: readonly Rules[], path: string, directory: boolean): boolean {
  let result = false;
  for (const { base, matcher } of rules) {
    const rel = relative(base, path).split(sep).join('/');
    if (rel === '' || rel.startsWith('..')) continue;
    const verdict = matcher.test(directory ? `${rel}/` : rel);
    if (verdict.ignored) result = true;
    else if (verdict.unignored) result = false;
  }
  return result;
}
