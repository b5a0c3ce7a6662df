/**
 * URIs <-> file paths. Only `file:` documents have a path on disk that includes can be resolved
 * from; other schemes (untitled, git) are analysed without following includes.
 */
import { fileURLToPath, pathToFileURL } from 'node:url';

export function uriToPath(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}

export function pathToUri(path: string): string {
  return path.includes(':') && !path.startsWith('/') && !/^[a-zA-Z]:[\\/]/.test(path) ? path : pathToFileURL(path).href;
}
