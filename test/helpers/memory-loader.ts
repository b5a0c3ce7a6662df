/**
 * An in-memory SourceLoader for multi-file fixtures: paths are keys of one object, includes are
 * resolved relative to the root file's folder, globs with picomatch.
 */
import picomatch from 'picomatch';
import { posix } from 'node:path';
import type { SourceFile, SourceLoader } from '../../server/src/core/dialect';

export function memoryLoader(files: Record<string, string>): SourceLoader {
  return {
    include(pattern, _from, root) {
      const absolute = pattern.startsWith('/') ? pattern : posix.join(posix.dirname(root), pattern);
      if (/[*?[]/.test(pattern)) {
        const match = picomatch(absolute);
        const found: SourceFile[] = Object.keys(files)
          .filter((p) => match(p))
          .sort()
          .map((p) => ({ path: p, text: files[p]! }));
        return { ok: true, files: found };
      }
      const text = files[absolute];
      return text === undefined ? { ok: false, message: `include "${pattern}" names no file` } : { ok: true, files: [{ path: absolute, text }] };
    },
  };
}
