/**
 * A result per file, kept while the file's text stays the same: editor requests (navigation, the
 * outline) ask again and again about the same text, and a YAML parse costs about 0.5 ms per KB.
 * At most `limit` files are kept; the oldest goes first.
 */
export function memoByText<T>(limit: number, compute: (path: string, text: string) => T): (path: string, text: string) => T {
  const kept = new Map<string, { text: string; value: T }>();
  return (path, text) => {
    const known = kept.get(path);
    if (known && known.text === text) return known.value;
    const value = compute(path, text);
    if (kept.size >= limit) kept.delete(kept.keys().next().value!);
    kept.set(path, { text, value });
    return value;
  };
}
