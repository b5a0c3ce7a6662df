/**
 * The source excerpt printed under a finding. It quotes one line of a file that is part of the
 * configuration being checked (the root file, or an include that looked like an nginx config
 * and was parsed; see host/include-content.ts), and at most `MAX_SNIPPET_CHARS` characters of
 * it: a longer line (a minified config, a 5 MB line) is cut around the finding, and each cut end
 * is marked with "…", so no output ever copies a whole long line.
 */

export const MAX_SNIPPET_CHARS = 240;
/** How much of the line before the finding a cut excerpt keeps, for context. */
const CONTEXT_BEFORE = 80;
const ELLIPSIS = '…';

export interface Snippet {
  /** The excerpt, with "…" where the line was cut. */
  readonly text: string;
  /** Subtract from a 0-based column of the line to get the index in `text` (0 when the start was kept). */
  readonly offset: number;
}

/** The excerpt of `line` for a finding starting at 0-based `column`. */
export function snippetOf(line: string, column: number): Snippet {
  if (line.length <= MAX_SNIPPET_CHARS) return { text: line, offset: 0 };
  let start = Math.max(0, Math.min(column - CONTEXT_BEFORE, line.length - MAX_SNIPPET_CHARS));
  // Never split a surrogate pair: an excerpt must stay valid text.
  if (isLowSurrogate(line.charCodeAt(start))) start++;
  let end = Math.min(line.length, start + MAX_SNIPPET_CHARS);
  if (isLowSurrogate(line.charCodeAt(end))) end--;
  const head = start > 0 ? ELLIPSIS : '';
  const tail = end < line.length ? ELLIPSIS : '';
  return { text: `${head}${line.slice(start, end)}${tail}`, offset: start - head.length };
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}
