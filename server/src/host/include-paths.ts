/**
 * How nginx turns an `include` argument into places to look, shared by the disk loader and the
 * loader that reads a git revision: an absolute pattern is looked up as is; a relative one from
 * the nginx prefix (by default the folder holding nginx.conf and mime.types that the root file
 * lives under, see nginx-prefix.ts, then the root file's folder) first, then from the including
 * file's folder. Patterns with `*`, `?` or `[` are globs.
 */
import { isAbsolute, resolve } from 'node:path';
import { stockIncludeHint } from '../dialects/nginx/stock-includes';
import { relativeIncludeBases } from './nginx-prefix';

const GLOB_CHARS = /[*?[]/;

export function isGlobPattern(pattern: string): boolean {
  return GLOB_CHARS.test(pattern);
}

/** The folders a pattern is resolved from, in order; `''` stands for "absolute, as written". */
export function includeBases(pattern: string, from: string, root: string, prefix: string | undefined): string[] {
  if (isAbsolute(pattern)) return [''];
  return relativeIncludeBases(from, root, prefix);
}

/** The paths a plain (non-glob) pattern may name, one per base. */
export function includeCandidates(pattern: string, bases: readonly string[]): string[] {
  return bases.map((base) => (base ? resolve(base, pattern) : pattern));
}

/** The message for a plain include that names no file; `where` says where else it was looked for. */
export function missingIncludeMessage(pattern: string, candidates: readonly string[], where = ''): string {
  return (
    `include "${pattern}" names no file: looked for ${candidates.join(' and ')}${where}. ` +
    'Fix the path, or set lbDrift.nginx.prefix (or --nginx-prefix) to the directory nginx reads its config from.' +
    stockIncludeHint(pattern)
  );
}
