/**
 * Which dialect a file is written in. An explicit choice (the editor's language id, a configured
 * glob) wins; otherwise each dialect sniffs the path and the start of the text.
 */
import picomatch from 'picomatch';
import type { Dialect } from '../core/dialect';
import type { DialectId } from '../core/model';
import { DIALECTS, dialectById } from '../dialects';

export type FileGlobs = Readonly<Partial<Record<DialectId, readonly string[]>>>;

const matchers = new Map<string, (path: string) => boolean>();

function matcher(glob: string): (path: string) => boolean {
  let match = matchers.get(glob);
  if (!match) {
    match = picomatch(glob, { dot: true, windows: false });
    matchers.set(glob, match);
  }
  return match;
}

export function dialectForGlobs(path: string, globs: FileGlobs): Dialect | undefined {
  const normalised = path.replace(/\\/g, '/');
  for (const [id, patterns] of Object.entries(globs)) {
    if (patterns?.some((glob) => matcher(glob)(normalised) || matcher(`**/${glob}`)(normalised))) {
      return dialectById(id as DialectId);
    }
  }
  return undefined;
}

export function detectDialect(path: string, text: string, globs: FileGlobs = {}, forced?: DialectId): Dialect | undefined {
  if (forced) return dialectById(forced);
  return dialectForGlobs(path, globs) ?? DIALECTS.find((dialect) => dialect.sniff(path, text));
}
