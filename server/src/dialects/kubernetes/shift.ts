/**
 * Moving what an analysis made when an edit before it changed the text's length: model data
 * (pools, references, definitions, problems: plain objects whose locations are `Loc`s) and
 * manifest objects (whose yaml nodes count from their document's start, so moving one is a new
 * base, not a walk of its nodes).
 */
import type { Span } from '../../core/span';
import type { ManifestObject } from './documents';

/**
 * A copy of plain model data with every location in `file` that starts at or after `from` moved
 * by `delta`. Locations before `from` stay (a canary's main Ingress may be earlier in the file);
 * a part that holds no moved location is shared, not copied.
 */
export function shiftAfter<T>(value: T, file: string, from: number, delta: number): T {
  if (delta === 0) return value;
  const shift = (part: unknown): unknown => {
    if (Array.isArray(part)) {
      let copy: unknown[] | undefined;
      for (let i = 0; i < part.length; i++) {
        const moved = shift(part[i]);
        if (moved !== part[i]) (copy ??= part.slice())[i] = moved;
      }
      return copy ?? part;
    }
    if (part === null || typeof part !== 'object') return part;
    const record = part as Record<string, unknown>;
    if (typeof record.file === 'string' && typeof record.start === 'number' && typeof record.end === 'number') {
      return record.file === file && record.start >= from ? { ...record, start: record.start + delta, end: record.end + delta } : part;
    }
    let copy: Record<string, unknown> | undefined;
    for (const key of Object.keys(record)) {
      const moved = shift(record[key]);
      if (moved !== record[key]) (copy ??= { ...record })[key] = moved;
    }
    return copy ?? part;
  };
  return shift(value) as T;
}

/** A manifest object written `delta` further on. */
export function shiftObject(object: ManifestObject, delta: number): ManifestObject {
  const move = (span: Span): Span => ({ start: span.start + delta, end: span.end + delta });
  return {
    ...object,
    at: { ...object.at, base: (object.at.base ?? 0) + delta },
    span: move(object.span),
    nameSpan: move(object.nameSpan),
    document: move(object.document),
  };
}
