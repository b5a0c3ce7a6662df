/**
 * The document as one analysis read it: a `TextDocument` that never changes, whose line starts
 * are carried over from the previous snapshot of the same document when that one had them. A
 * 1 MB document has 30,000 lines; finding them again on every keystroke cost 2-5 ms per edit,
 * while moving the previous version's line starts by the edit costs a copy of an integer array.
 * Positions are exactly those of `TextDocument.create` (same line breaks: `\n`, `\r\n`, `\r`);
 * `test/lsp/document-snapshot.test.ts` compares them after random edits.
 */
import type { Position, Range, TextDocument } from 'vscode-languageserver-textdocument';
import type { TextChange } from '../core/dialect';
import { changeBetween } from '../engine/incremental';

const LF = 10;
const CR = 13;

/**
 * The positions a snapshot shares with the snapshot it was moved from: an offset at or before
 * `before` has the position it had there, and an offset at or after `after` has the position that
 * `offset - delta` had there (the edit added or removed no line break, and that offset lies on a
 * line after the edited one). A publish reads this instead of asking for positions again.
 */
export interface KeptPositions {
  /** The `serial` of the snapshot the positions are kept from. */
  readonly from: number;
  readonly before: number;
  readonly after: number;
  readonly delta: number;
}

let serials = 0;

export class DocumentSnapshot implements TextDocument {
  /** Tells snapshots apart without holding one (a publish remembers which one it read). */
  readonly serial = ++serials;
  /** What this snapshot keeps of the previous one's positions, when its line starts were moved from them. */
  readonly kept: KeptPositions | undefined;
  private lineStarts: Int32Array | undefined;
  /** The line `positionAt` found last. */
  private lastLine = 0;

  /**
   * `previous` is an earlier snapshot of the same document: its line starts are reused when it has
   * computed them (nothing of it is kept).
   */
  constructor(
    readonly uri: string,
    readonly languageId: string,
    readonly version: number,
    private readonly text: string,
    previous?: TextDocument,
    /** The edit from `previous`'s text to `text`, when the caller knows it (else the texts are compared). */
    change?: TextChange,
  ) {
    if (previous instanceof DocumentSnapshot && previous.lineStarts) {
      const edit = change ?? changeBetween(previous.text, text);
      const moved = movedLineStarts(previous.lineStarts, previous.text, text, edit);
      if (moved) {
        this.lineStarts = moved.starts;
        if (moved.keptAfter !== undefined) this.kept = { from: previous.serial, before: edit.start, after: moved.keptAfter, delta: edit.newEnd - edit.oldEnd };
      }
    }
  }

  get lineCount(): number {
    return this.starts().length;
  }

  getText(range?: Range): string {
    if (!range) return this.text;
    return this.text.substring(this.offsetAt(range.start), this.offsetAt(range.end));
  }

  positionAt(offset: number): Position {
    const at = Math.max(Math.min(offset, this.text.length), 0);
    const starts = this.starts();
    const line = this.lineAt(at, starts);
    return { line, character: this.beforeLineBreak(at, starts[line]!) - starts[line]! };
  }

  /**
   * The line holding `at`. Positions are mostly asked in the order of the text (a publish converts
   * findings sorted by place, each with its related locations nearby), so the line of the last
   * answer and the one after it are tried before a search of all lines.
   */
  private lineAt(at: number, starts: Int32Array): number {
    const last = this.lastLine;
    if (last < starts.length && starts[last]! <= at) {
      if (last + 1 === starts.length || starts[last + 1]! > at) return last;
      if (last + 2 === starts.length || starts[last + 2]! > at) return (this.lastLine = last + 1);
    }
    return (this.lastLine = lineOf(starts, at));
  }

  offsetAt(position: Position): number {
    const starts = this.starts();
    if (position.line >= starts.length) return this.text.length;
    if (position.line < 0) return 0;
    const lineStart = starts[position.line]!;
    if (position.character <= 0) return lineStart;
    const next = position.line + 1 < starts.length ? starts[position.line + 1]! : this.text.length;
    return this.beforeLineBreak(Math.min(lineStart + position.character, next), lineStart);
  }

  getLineRange(line: number): Range {
    const starts = this.starts();
    if (line >= starts.length) {
      const last = starts.length - 1;
      return { start: { line: last, character: 0 }, end: { line: last, character: this.text.length - starts[last]! } };
    }
    if (line < 0) return { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    const lineStart = starts[line]!;
    const next = line + 1 < starts.length ? starts[line + 1]! : this.text.length;
    return { start: { line, character: 0 }, end: { line, character: this.beforeLineBreak(next, lineStart) - lineStart } };
  }

  getEOLCharacters(line: number): string {
    const starts = this.starts();
    if (line >= starts.length || line < 0) return '';
    const next = line + 1 < starts.length ? starts[line + 1]! : this.text.length;
    return this.text.substring(this.beforeLineBreak(next, starts[line]!), next);
  }

  private starts(): Int32Array {
    return (this.lineStarts ??= lineStartsOf(this.text, 0, this.text.length, true));
  }

  /** An offset inside a line break belongs to the end of the line before it. */
  private beforeLineBreak(offset: number, lineStart: number): number {
    let at = offset;
    while (at > lineStart && isLineBreak(this.text.charCodeAt(at - 1))) at--;
    return at;
  }
}

function isLineBreak(code: number): boolean {
  return code === CR || code === LF;
}

/** The offsets where lines start in `text[from, to)` (with 0 first when `first`). */
function lineStartsOf(text: string, from: number, to: number, first: boolean): Int32Array {
  const found: number[] = first ? [0] : [];
  for (let i = from; i < to; i++) {
    const code = text.charCodeAt(i);
    if (code !== CR && code !== LF) continue;
    if (code === CR && i + 1 < to && text.charCodeAt(i + 1) === LF) i++;
    found.push(i + 1);
  }
  return Int32Array.from(found);
}

/**
 * The line starts of `text` from those of the text before `change`: unchanged before the edit,
 * found again inside it, moved by its length change after it. When the edit follows a `\r` or
 * is followed by a `\n`, a `\r\n` pair may have joined or split: the starts are found again.
 * `keptAfter` is the first line start after the edit when the edit left the number of lines as
 * it was (every later line keeps its number and columns), else undefined.
 */
function movedLineStarts(before: Int32Array, beforeText: string, text: string, change: TextChange): { starts: Int32Array; keptAfter: number | undefined } | undefined {
  const { start, oldEnd, newEnd } = change;
  // The text around the edit is the same in both versions.
  if (text.charCodeAt(start - 1) === CR) return undefined;
  if (text.charCodeAt(newEnd) === LF && (text.charCodeAt(newEnd - 1) === CR || beforeText.charCodeAt(oldEnd - 1) === CR)) return undefined;
  const startLine = lineOf(before, start);
  const endLine = lineOf(before, oldEnd);
  const added = lineStartsOf(text, start, newEnd, false);
  const delta = newEnd - oldEnd;
  const kept = before.length - (endLine + 1);
  const out = new Int32Array(startLine + 1 + added.length + kept);
  out.set(before.subarray(0, startLine + 1));
  out.set(added, startLine + 1);
  const at = startLine + 1 + added.length;
  for (let i = 0; i < kept; i++) out[at + i] = before[endLine + 1 + i]! + delta;
  // No line after the edit: nothing after it is kept (Infinity is never reached).
  const keptAfter = added.length !== endLine - startLine ? undefined : kept > 0 ? out[at]! : Infinity;
  return { starts: out, keptAfter };
}

/** The line holding `offset`: the last line start at or before it. */
function lineOf(starts: Int32Array, offset: number): number {
  let low = 0;
  let high = starts.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (starts[mid]! > offset) high = mid;
    else low = mid + 1;
  }
  return low - 1;
}
