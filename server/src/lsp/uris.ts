/**
 * URIs <-> file paths. Only `file:` documents have a path on disk that includes can be resolved
 * from; other schemes (untitled, git) are analysed without following includes.
 */
import { fileURLToPath, pathToFileURL } from 'node:url';
import { BoundedCache } from '../traffic/lru';

/**
 * Paths of the URIs asked last: an edit asks for its document's path a dozen times (refresh,
 * settings, project config, dependents), and `fileURLToPath` parses the URI each time. The
 * project's least-recently-used cache, so a workspace of more files than it holds keeps the open
 * documents' paths instead of forgetting all of them at once; a URI that is no path (null here)
 * is remembered too. Like every such cache it empties with the traffic caches (the benchmark's
 * `clearTrafficCaches`), which only costs a parse again.
 */
const paths = new BoundedCache<string | null>(256);

export function uriToPath(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  return paths.get(uri, () => pathOf(uri)) ?? undefined;
}

function pathOf(uri: string): string | null {
  try {
    return fileURLToPath(uri);
  } catch {
    return null;
  }
}

export function pathToUri(path: string): string {
  return path.includes(':') && !path.startsWith('/') && !/^[a-zA-Z]:[\\/]/.test(path) ? path : pathToFileURL(path).href;
}
