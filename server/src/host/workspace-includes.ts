/**
 * Resolves include patterns for the workspace view exactly as the analysis does: through the
 * include loader (nginx prefix rules, sorted globs, open editor buffers before the disk, the
 * same content checks), so the view never disagrees with the engine about which file a pattern
 * names. Reads go through the caller's cache, which keeps texts until they change on disk.
 */
import type { IncludeResolver } from '../workspace';
import type { CachedReader } from './cached-read';
import { createIncludeLoader } from './include-loader';

export interface WorkspaceIncludeOptions {
  /** The nginx prefix setting, asked at each resolution (it may change). */
  readonly prefix: () => string | undefined;
  readonly overlay: (path: string) => string | undefined;
  readonly cache: CachedReader;
}

export function workspaceIncludeResolver(options: WorkspaceIncludeOptions): IncludeResolver {
  return (pattern, from, root, dialect) => {
    if (dialect !== 'nginx') return [];
    const prefix = options.prefix();
    const loader = createIncludeLoader({ ...(prefix ? { prefix } : {}), overlay: options.overlay, cache: options.cache });
    const result = loader.include(pattern, from, root);
    return result.ok ? result.files.map((f) => f.path) : [];
  };
}
