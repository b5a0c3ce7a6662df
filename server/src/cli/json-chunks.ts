/**
 * `JSON.stringify(value, null, 2)` in pieces. A 10 MB config yields tens of thousands of pools,
 * and its JSON report as one string (plus the string's copy on its way to the stream) costs
 * tens of megabytes at the peak; written in pieces, only one piece lives at a time. The text is
 * exactly what `JSON.stringify` prints (a test compares them on random values).
 */

/**
 * Containers this deep are stringified whole: a pool or a finding (report, files, file, pools) or a
 * SARIF result (log, runs, run, results). Everything above is written piece by piece.
 */
const SPLIT_DEPTH = 4;

export function* jsonChunks(value: unknown): Generator<string> {
  yield* chunks(value, '', 0);
  yield '\n';
}

function* chunks(value: unknown, indent: string, depth: number): Generator<string> {
  if (depth >= SPLIT_DEPTH || !isContainer(value)) {
    yield stringify(value, indent);
    return;
  }
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.length === 0) {
      yield '[]';
      return;
    }
    yield '[';
    for (let i = 0; i < value.length; i++) {
      yield `${i === 0 ? '' : ','}\n${inner}`;
      // As in JSON.stringify, array holes and values JSON has no text for become null.
      const item: unknown = value[i];
      if (hasText(item)) yield* chunks(item, inner, depth + 1);
      else yield 'null';
    }
    yield `\n${indent}]`;
    return;
  }
  const entries = Object.entries(value as Record<string, unknown>).filter(([, item]) => hasText(item));
  if (entries.length === 0) {
    yield '{}';
    return;
  }
  yield '{';
  for (let i = 0; i < entries.length; i++) {
    const [key, item] = entries[i]!;
    yield `${i === 0 ? '' : ','}\n${inner}${JSON.stringify(key)}: `;
    yield* chunks(item, inner, depth + 1);
  }
  yield `\n${indent}}`;
}

/** A plain array or object that JSON.stringify would descend into itself (no toJSON). */
function isContainer(value: unknown): value is object {
  return typeof value === 'object' && value !== null && typeof (value as { toJSON?: unknown }).toJSON !== 'function';
}

/** Whether JSON.stringify prints something for this value (it skips undefined, functions, symbols). */
function hasText(value: unknown): boolean {
  return value !== undefined && typeof value !== 'function' && typeof value !== 'symbol';
}

function stringify(value: unknown, indent: string): string {
  const text = JSON.stringify(value, null, 2);
  return indent === '' ? text : text.replace(/\n/g, `\n${indent}`);
}
