/**
 * URIs <-> file paths. Only `file:` documents have a path on disk that includes can be resolved
 * from; other schemes (untitled, git) are analysed without following includes.
 */
import { fileURLToPath, pathToFileURL } from 'node:url';

/**
 * Paths of the URIs asked last: an edit asks for its document's path a dozen times (refresh,
 * settings, project config, dependents), and `fileURLToPath` parses the URI each time.
 */
const paths = new Map<string, string | undefined>();
const MAX_PATHS = 256;

export function uriToPath(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  if (paths.has(uri)) return paths.get(uri);
  let path: string | undefined;
  try {
    path = fileURLToPath(uri);
  } catch {
    path = undefined;
  }
  if (paths.size >= MAX_PATHS) paths.clear();
  paths.set(uri, path);
  return path;
}

export function pathToUri(path: string): string {
  return path.includes(':') && !path.startsWith('/') && !/^[a-zA-Z]:[\\/]/.test(path) ? path : pathToFileURL(path).href;
}
