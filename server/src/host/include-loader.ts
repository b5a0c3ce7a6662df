/**
 * The file-system side of `include`: expands an include argument as nginx does (glob(3)-style
 * patterns, sorted), looking relative paths up from the nginx prefix first and then from the
 * including file's folder. Open editor buffers, when given, win over the disk.
 *
 * Every file is read through `readText` (regular files only, bounded, nothing from /proc, /sys or
 * /dev) and must look like an nginx config (`include-content.ts`) before the parser sees it: a
 * refused file becomes an include problem that names its path and quotes none of its content.
 */
import { statSync } from 'node:fs';
import { globSync } from 'tinyglobby';
import type { IncludeResult, SourceFile, SourceLoader } from '../core/dialect';
import { notConfigMessage, whyNotNginxConfig } from './include-content';
import { isStockInclude } from '../dialects/nginx/stock-includes';
import { includeBases, includeCandidates, isGlobPattern, missingIncludeMessage } from './include-paths';
import type { CachedReader } from './cached-read';
import { readText } from './read-text';

export interface IncludeLoaderOptions {
  /** The directory nginx resolves relative includes from; defaults to the root file's folder. */
  readonly prefix?: string;
  /** Text of files open in an editor, which may differ from the disk. */
  readonly overlay?: (path: string) => string | undefined;
  /** Called with a warning about a file that was read (e.g. invalid UTF-8). */
  readonly onWarning?: (message: string) => void;
  /** Reads through this cache instead of the disk each time (the language server keeps one). */
  readonly cache?: CachedReader;
}

/**
 * The language server's cache hands back the same result object while a file is unchanged on
 * disk, so its verdict is computed once, not on every keystroke (a 1 MB include costs ~8 ms).
 */
const verdicts = new WeakMap<object, string | undefined>();

function verdictOf(result: { readonly text: string }): string | undefined {
  if (verdicts.has(result)) return verdicts.get(result);
  const verdict = whyNotNginxConfig(result.text);
  verdicts.set(result, verdict);
  return verdict;
}

export function createIncludeLoader(options: IncludeLoaderOptions = {}): SourceLoader {
  const read = (path: string): SourceFile | string => {
    const open = options.overlay?.(path);
    const result = open !== undefined ? { ok: true as const, text: open } : options.cache ? options.cache.read(path) : readText(path);
    if (!result.ok) return result.message;
    const foreign = verdictOf(result);
    if (foreign) return notConfigMessage(path, foreign);
    if ('warning' in result && result.warning) options.onWarning?.(result.warning);
    return { path, text: result.text };
  };

  return {
    include(pattern: string, from: string, root: string): IncludeResult {
      const bases = includeBases(pattern, from, root, options.prefix);
      if (isGlobPattern(pattern)) {
        for (const base of bases) {
          const paths = globSync(pattern, { cwd: base || '/', absolute: true, onlyFiles: true, expandDirectories: false });
          if (paths.length === 0) continue;
          const files: SourceFile[] = [];
          for (const path of paths.sort()) {
            const file = read(path);
            if (typeof file === 'string') return { ok: false, message: file };
            files.push(file);
          }
          return { ok: true, files };
        }
        // nginx accepts a pattern that matches nothing.
        return { ok: true, files: [] };
      }
      const candidates = includeCandidates(pattern, bases);
      for (const path of candidates) {
        if (options.overlay?.(path) !== undefined || existsAndNotFolder(path)) {
          const file = read(path);
          return typeof file === 'string' ? { ok: false, message: file } : { ok: true, files: [file] };
        }
      }
      // A file nginx ships (mime.types, fastcgi_params) is on every server, if not on this machine.
      if (isStockInclude(pattern)) return { ok: true, files: [] };
      return { ok: false, message: missingIncludeMessage(pattern, candidates) };
    },
  };
}

/** A folder is skipped as nginx skips it; anything else that exists is read (and refused there if need be). */
function existsAndNotFolder(path: string): boolean {
  try {
    const stat = statSync(path, { throwIfNoEntry: false });
    return stat !== undefined && !stat.isDirectory();
  } catch {
    // A path we may not stat (EACCES, ELOOP) exists as far as we know; reading it says why it fails.
    return true;
  }
}
