/**
 * Where nginx would resolve a relative `include` from when lb-drift is not told (--nginx-prefix,
 * lbDrift.nginx.prefix). nginx resolves every relative include from its conf prefix, the folder
 * of the main nginx.conf (checked with nginx 1.22: `nginx -t -c /x/sub/main.conf` reads
 * `include inc.conf;` as /x/sub/inc.conf whatever `-p` says, even from an included file in a
 * subfolder). A file checked on its own (`sites-enabled/default`, `conf.d/app.conf`) lives below
 * that folder, so the folder is found by walking up from the file to one that holds nginx.conf
 * and mime.types, as every nginx install does. The walk is bounded: 8 levels, and it stops at the
 * repository root (a folder with .git) and at the file-system root.
 */
import { statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/** How many folders above the file's own are looked at. */
export const MAX_PREFIX_LEVELS = 8;

/** Answers are kept briefly: one analysis asks once per include, and a folder rarely gains an nginx.conf. */
const CACHE_MS = 2000;
const CACHE_LIMIT = 256;

function isFile(path: string): boolean {
  try {
    return statSync(path, { throwIfNoEntry: false })?.isFile() === true;
  } catch {
    return false;
  }
}

function exists(path: string): boolean {
  try {
    return statSync(path, { throwIfNoEntry: false }) !== undefined;
  } catch {
    return false;
  }
}

interface Prefixes {
  /** The nearest folder holding nginx.conf and mime.types: an nginx install, so nginx's prefix. */
  readonly prefix: string | undefined;
  /** The nearest folder holding an nginx.conf only (a repository rarely keeps mime.types): a last resort. */
  readonly mainFolder: string | undefined;
}

const cache = new Map<string, { readonly at: number; readonly found: Prefixes }>();

function findPrefixes(file: string): Prefixes {
  const start = dirname(resolve(file));
  const now = Date.now();
  const cached = cache.get(start);
  if (cached && now - cached.at < CACHE_MS) return cached.found;
  let prefix: string | undefined;
  let mainFolder: string | undefined;
  let folder = start;
  for (let level = 0; level <= MAX_PREFIX_LEVELS; level++) {
    if (isFile(join(folder, 'nginx.conf'))) {
      mainFolder ??= folder;
      if (isFile(join(folder, 'mime.types'))) {
        prefix = folder;
        break;
      }
    }
    const parent = dirname(folder);
    if (parent === folder || exists(join(folder, '.git'))) break;
    folder = parent;
  }
  if (cache.size >= CACHE_LIMIT) cache.clear();
  const found = { prefix, mainFolder };
  cache.set(start, { at: now, found });
  return found;
}

/** The nearest folder at or above `file`'s own that holds nginx.conf and mime.types, or undefined. */
export function findNginxPrefix(file: string): string | undefined {
  return findPrefixes(file).prefix;
}

/**
 * The folders a relative include is looked up from, best first: the configured prefix, or else
 * the nginx prefix the root file lives under and the root file's own folder; then the including
 * file's folder; then, without a configured prefix, the nearest folder above the root that holds
 * an nginx.conf (a repository's copy of /etc/nginx without mime.types). Looking in more places
 * only finds files that would otherwise be reported missing: the first that exists wins.
 */
export function relativeIncludeBases(from: string, root: string, configured: string | undefined): string[] {
  const own = dirname(resolve(root));
  const found = configured ? undefined : findPrefixes(root);
  const bases = configured ? [resolve(configured)] : found?.prefix ? [found.prefix, own] : [own];
  bases.push(dirname(resolve(from)));
  if (found?.mainFolder) bases.push(found.mainFolder);
  return [...new Set(bases)];
}
