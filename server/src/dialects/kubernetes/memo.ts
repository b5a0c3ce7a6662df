/**
 * Results per file that editor requests (navigation, the outline) and related-manifest reads ask
 * for again and again. A YAML parse costs about 0.5 ms per KB, so a file is read per `---` chunk
 * (documents.ts, `memoByChunk`) and each
 * chunk's result is kept while its text stays the same: after an edit only the edited chunk is
 * read again, and the others' results are moved to where their chunks now start. One version per
 * file is kept (at most `limit` files, the oldest dropped first), so old texts are not held.
 */
import { chunkStarts } from './documents';

/** A result per file while its text stays the same (at most `limit` files; the oldest goes first). */
export function memoByText<T>(limit: number, compute: (path: string, text: string) => T): (path: string, text: string) => T {
  const kept = new Map<string, { text: string; value: T }>();
  return (path, text) => {
    const known = kept.get(path);
    if (known && known.text === text) return known.value;
    const value = compute(path, text);
    if (!known && kept.size >= limit) kept.delete(kept.keys().next().value!);
    kept.set(path, { text, value });
    return value;
  };
}

export interface ChunkPart<R> {
  readonly value: R;
  /** Where the chunk starts in the file: `value`'s positions count from there. */
  readonly start: number;
}

export function memoByChunk<R, T>(limit: number, read: (path: string, chunk: string) => R, join: (parts: readonly ChunkPart<R>[]) => T): (path: string, text: string) => T {
  const files = new Map<string, { text: string; chunks: Map<string, R>; value: T }>();
  return (path, text) => {
    const known = files.get(path);
    if (known && known.text === text) return known.value;
    const starts = chunkStarts(text);
    const chunks = new Map<string, R>();
    const parts = starts.map((start, i): ChunkPart<R> => {
      const chunk = text.slice(start, starts[i + 1] ?? text.length);
      let value = chunks.get(chunk) ?? known?.chunks.get(chunk);
      if (value === undefined) value = read(path, chunk);
      chunks.set(chunk, value);
      return { value, start };
    });
    const value = join(parts);
    if (!known && files.size >= limit) files.delete(files.keys().next().value!);
    files.set(path, { text, chunks, value });
    return value;
  };
}

/** A span moved by `by` characters. */
export function shifted<S extends { readonly start: number; readonly end: number }>(span: S, by: number): S {
  return by === 0 ? span : { ...span, start: span.start + by, end: span.end + by };
}
