/**
 * Small text helpers shared by dialects and rules.
 */

/**
 * Levenshtein distance between two short strings, capped: anything above 2 is reported as 3,
 * which is all "did you mean" suggestions need and keeps long unrelated names cheap. Two rows of
 * one scratch array are reused and the walk stops once a whole row is 3 or more (no later cell can
 * be less): a name missing from a thousand upstreams is compared with each of them on every edit.
 */
export function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 2) return 3;
  if (a.length > 0 && a.length <= MAX_BIT_PATTERN && ascii(a)) return Math.min(bitDistance(a, b), 3);
  const width = b.length + 1;
  if (rows.length < 2 * width) rows = new Int32Array(4 * width);
  let previous = 0;
  let current = width;
  for (let j = 0; j < width; j++) rows[j] = j;
  for (let i = 1; i <= a.length; i++) {
    rows[current] = i;
    let rowMin = i;
    const c = a.charCodeAt(i - 1);
    for (let j = 1; j < width; j++) {
      const replace = rows[previous + j - 1]! + (c === b.charCodeAt(j - 1) ? 0 : 1);
      const value = Math.min(rows[previous + j]! + 1, rows[current + j - 1]! + 1, replace);
      rows[current + j] = value;
      if (value < rowMin) rowMin = value;
    }
    if (rowMin >= 3) return 3;
    const done = previous;
    previous = current;
    current = done;
  }
  return Math.min(rows[previous + width - 1]!, 3);
}

/** The two rows `editDistance` works in, grown as longer names come. */
let rows = new Int32Array(64);

/** Patterns up to this long are compared a column at a time in the bits of one integer. */
const MAX_BIT_PATTERN = 30;

/** For each ASCII code, the positions of `a` that hold it, as bits (set and cleared by `bitDistance`). */
const positions = new Int32Array(128);

function ascii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 127) return false;
  return true;
}

/**
 * Levenshtein's distance of an ASCII `a` of 1 to 30 characters and any `b`, by Myers' bit-parallel
 * algorithm (Hyyro's form for the whole strings): a column of the table is kept as the bits of its
 * vertical steps, +1 and -1, and the next column is made from them in a dozen integer operations,
 * instead of a cell at a time. A character of `b` outside ASCII matches nothing in `a`.
 */
function bitDistance(a: string, b: string): number {
  const m = a.length;
  const mask = m === 31 ? 0x7fffffff : (1 << m) - 1;
  const high = 1 << (m - 1);
  for (let i = 0; i < m; i++) positions[a.charCodeAt(i)]! |= 1 << i;
  let plus = mask;
  let minus = 0;
  let score = m;
  for (let j = 0; j < b.length; j++) {
    const code = b.charCodeAt(j);
    const equal = code < 128 ? positions[code]! : 0;
    const vertical = equal | minus;
    const horizontal = ((((equal & plus) + plus) & mask) ^ plus) | equal;
    let up = minus | (~(horizontal | plus) & mask);
    let down = plus & horizontal;
    if ((up & high) !== 0) score++;
    else if ((down & high) !== 0) score--;
    up = ((up << 1) | 1) & mask;
    down = (down << 1) & mask;
    plus = down | (~(vertical | up) & mask);
    minus = up & vertical;
  }
  for (let i = 0; i < m; i++) positions[a.charCodeAt(i)] = 0;
  return score;
}

/*
 * Line ends, the same three the editor and `LineIndex` know: LF, CRLF and a bare CR (old Mac
 * files, and what a CR/LF mix leaves behind). A fix that removes "the line" must find its ends
 * this way, or a bare-CR file loses its neighbouring lines.
 */

/** The offset where the line holding `offset` starts. */
export function lineStartAt(text: string, offset: number): number {
  let i = offset;
  while (i > 0) {
    const c = text.charCodeAt(i - 1);
    if (c === 10 || c === 13) break;
    i--;
  }
  return i;
}

/** The offset just past the line break that ends the line holding `offset` (the text's end on the last line). */
export function nextLineStart(text: string, offset: number): number {
  for (let i = offset; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) return i + 1;
    if (c === 13) return text.charCodeAt(i + 1) === 10 ? i + 2 : i + 1;
  }
  return text.length;
}
