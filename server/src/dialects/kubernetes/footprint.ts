/**
 * Where a lowered value's locations in one file lie: the first and the last start. Computed once
 * per value (it never changes: views of it keep the value, moves are counted beside it), so an
 * edit decides in constant time whether a value moves as a whole, stays, or lies on both sides.
 */
export interface Footprint {
  readonly first: number;
  readonly last: number;
}

/** One file per value: a manifest's values are moved within the file that was analysed. */
const KNOWN = new WeakMap<object, { readonly file: string; readonly at: Footprint | undefined }>();

/** The footprint of `value` in `file`; undefined when it holds no location there. */
export function footprint(value: object, file: string): Footprint | undefined {
  const known = KNOWN.get(value);
  if (known?.file === file) return known.at;
  let first = Infinity;
  let last = -Infinity;
  const walk = (part: unknown): void => {
    if (part === null || typeof part !== 'object') return;
    if (Array.isArray(part)) {
      for (const item of part) walk(item);
      return;
    }
    const record = part as Record<string, unknown>;
    if (typeof record.file === 'string' && typeof record.start === 'number' && typeof record.end === 'number') {
      if (record.file === file) {
        first = Math.min(first, record.start);
        last = Math.max(last, record.start);
      }
      return;
    }
    for (const key in record) walk(record[key]);
  };
  walk(value);
  const at = first <= last ? { first, last } : undefined;
  KNOWN.set(value, { file, at });
  return at;
}
