/**
 * Small text helpers shared by dialects and rules.
 */

/**
 * Levenshtein distance between two short strings, capped: anything above 2 is reported as 3,
 * which is all "did you mean" suggestions need and keeps long unrelated names cheap.
 */
export function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 2) return 3;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return Math.min(previous[b.length]!, 3);
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
