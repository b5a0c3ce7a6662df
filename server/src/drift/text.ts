/**
 * Line arithmetic for revert edits: they delete or insert whole lines, keep the file's line
 * endings and carry a line's indentation and trailing comment with it.
 */
import type { Loc } from '../core/span';

function isSpace(code: number): boolean {
  return code === 32 || code === 9;
}

export function lineStart(text: string, offset: number): number {
  let i = offset;
  while (i > 0 && text.charCodeAt(i - 1) !== 10 && text.charCodeAt(i - 1) !== 13) i--;
  return i;
}

/** Where the line holding `offset` ends: at its `\r\n` or `\n`, or at the end of the text. */
export function lineEnd(text: string, offset: number): number {
  let i = offset;
  while (i < text.length && text.charCodeAt(i) !== 10 && text.charCodeAt(i) !== 13) i++;
  return i;
}

/** The line ending found at `end` (a `lineEnd`), or `\n` at the end of the text. */
export function eolAt(text: string, end: number): string {
  if (text.charCodeAt(end) === 13 && text.charCodeAt(end + 1) === 10) return '\r\n';
  return text.charCodeAt(end) === 13 ? '\r' : '\n';
}

/** Whether only spaces and tabs lie between the start of the line and `offset`. */
export function blankBefore(text: string, offset: number): boolean {
  for (let i = lineStart(text, offset); i < offset; i++) if (!isSpace(text.charCodeAt(i))) return false;
  return true;
}

/** Whether the rest of the line after `offset` is empty, spaces or a `#` comment. */
export function blankAfter(text: string, offset: number): boolean {
  const end = lineEnd(text, offset);
  for (let i = offset; i < end; i++) {
    const code = text.charCodeAt(i);
    if (code === 35 /* # */) return true;
    if (!isSpace(code)) return false;
  }
  return true;
}

/**
 * The lines `loc` occupies, line ending included, when nothing else shares them (a trailing
 * comment goes with them); otherwise `loc` itself.
 */
export function wholeLines(text: string, loc: Loc): Loc {
  if (!blankBefore(text, loc.start) || !blankAfter(text, loc.end)) return loc;
  const end = lineEnd(text, loc.end);
  return { file: loc.file, start: lineStart(text, loc.start), end: end + (end < text.length ? eolAt(text, end).length : 0) };
}

/**
 * The text of `loc` as a line of its own: with its indentation and trailing comment when it has
 * its lines to itself, else just its text. No line ending.
 */
export function lineText(text: string, loc: Loc): string {
  const lines = wholeLines(text, loc);
  if (lines === loc) return text.slice(loc.start, loc.end);
  return text.slice(lines.start, lineEnd(text, loc.end));
}

/** Whether a blank line separates two offsets. */
export function blankLineBetween(text: string, from: number, to: number): boolean {
  let newlines = 0;
  for (let i = from; i < to; i++) {
    const code = text.charCodeAt(i);
    if (code === 10) newlines++;
    else if (code !== 13 && !isSpace(code)) newlines = 0;
    if (newlines >= 2) return true;
  }
  return false;
}
