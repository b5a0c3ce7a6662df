/**
 * The document as one analysis read it: a `TextDocument` that never changes, whose line starts
 * are carried over from the previous snapshot of the same document when that one had them. A
 * 1 MB document has 30,000 lines; finding them again on every keystroke cost 2-5 ms per edit.
 * Moving the previous version's line starts by the edit cost a copy of the integer array (120 KB,
 * outside the JavaScript heap, on every keystroke): an edit that adds and removes no line break
 * now shares the previous snapshot's array, with the distance the lines after the edited one
 * moved (`LineStarts`); typing on in the same line adds to that distance, and an edit elsewhere
 * or one that adds or removes lines copies the array once. Positions are exactly those of
 * `TextDocument.create` (same line breaks: `\n`, `\r\n`, `\r`); `test/lsp/document-snapshot.test.ts`
 * compares them after random edits.
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
  private lineStarts: LineStarts | undefined;
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
    return this.starts().count;
  }

  getText(range?: Range): string {
    if (!range) return this.text;
    return this.text.substring(this.offsetAt(range.start), this.offsetAt(range.end));
  }

  positionAt(offset: number): Position {
    const at = Math.max(Math.min(offset, this.text.length), 0);
    const starts = this.starts();
    const line = this.lineAt(at, starts);
    const lineStart = starts.at(line);
    return { line, character: this.beforeLineBreak(at, lineStart) - lineStart };
  }

  /**
   * The line holding `at`. Positions are mostly asked in the order of the text (a publish converts
   * findings sorted by place, each with its related locations nearby), so the line of the last
   * answer and the one after it are tried before a search of all lines.
   */
  private lineAt(at: number, starts: LineStarts): number {
    const last = this.lastLine;
    const count = starts.count;
    if (last < count && starts.at(last) <= at) {
      if (last + 1 === count || starts.at(last + 1) > at) return last;
      if (last + 2 === count || starts.at(last + 2) > at) return (this.lastLine = last + 1);
    }
    return (this.lastLine = starts.lineOf(at));
  }

  offsetAt(position: Position): number {
    const starts = this.starts();
    if (position.line >= starts.count) return this.text.length;
    if (position.line < 0) return 0;
    const lineStart = starts.at(position.line);
    if (position.character <= 0) return lineStart;
    const next = position.line + 1 < starts.count ? starts.at(position.line + 1) : this.text.length;
    return this.beforeLineBreak(Math.min(lineStart + position.character, next), lineStart);
  }

  getLineRange(line: number): Range {
    const starts = this.starts();
    if (line >= starts.count) {
      const last = starts.count - 1;
      return { start: { line: last, character: 0 }, end: { line: last, character: this.text.length - starts.at(last) } };
    }
    if (line < 0) return { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    const lineStart = starts.at(line);
    const next = line + 1 < starts.count ? starts.at(line + 1) : this.text.length;
    return { start: { line, character: 0 }, end: { line, character: this.beforeLineBreak(next, lineStart) - lineStart } };
  }

  getEOLCharacters(line: number): string {
    const starts = this.starts();
    if (line >= starts.count || line < 0) return '';
    const next = line + 1 < starts.count ? starts.at(line + 1) : this.text.length;
    return this.text.substring(this.beforeLineBreak(next, starts.at(line)), next);
  }

  private starts(): LineStarts {
    return (this.lineStarts ??= new LineStarts(lineStartsOf(this.text, 0, this.text.length, true)));
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
 * Line starts, shared by the snapshots of a document while its edits add or remove no line break:
 * the starts are `base`'s, those of line `from` and later moved by `delta`. Never changed once
 * made (a snapshot's positions must stay those of its text).
 */
class LineStarts {
  readonly count: number;

  constructor(
    readonly base: Int32Array,
    /** The first line moved by `delta` (`count`: none). */
    readonly from: number = base.length,
    readonly delta: number = 0,
  ) {
    this.count = base.length;
  }

  /** Where line `line` starts (0 <= line < count). */
  at(line: number): number {
    return line >= this.from ? this.base[line]! + this.delta : this.base[line]!;
  }

  /** The line holding `offset`: the last line start at or before it. */
  lineOf(offset: number): number {
    let low = 0;
    let high = this.count;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (this.at(mid) > offset) high = mid;
      else low = mid + 1;
    }
    return low - 1;
  }

  /** The starts as one array of their own. */
  flat(): Int32Array {
    if (this.from >= this.count) return this.base;
    const out = this.base.slice();
    for (let i = this.from; i < out.length; i++) out[i] = out[i]! + this.delta;
    return out;
  }
}

/**
 * The line starts of `text` from those of the text before `change`: unchanged before the edit,
 * found again inside it, moved by its length change after it. An edit within one line that adds
 * no line break shares the previous array (with the lines after it moved); otherwise the starts
 * are copied. When the edit follows a `\r` or is followed by a `\n`, a `\r\n` pair may have joined
 * or split: the starts are found again. `keptAfter` is the first line start after the edit when
 * the edit left the number of lines as it was (every later line keeps its number and columns),
 * else undefined.
 */
function movedLineStarts(before: LineStarts, beforeText: string, text: string, change: TextChange): { starts: LineStarts; keptAfter: number | undefined } | undefined {
  const { start, oldEnd, newEnd } = change;
  // The text around the edit is the same in both versions.
  if (text.charCodeAt(start - 1) === CR) return undefined;
  if (text.charCodeAt(newEnd) === LF && (text.charCodeAt(newEnd - 1) === CR || beforeText.charCodeAt(oldEnd - 1) === CR)) return undefined;
  const startLine = before.lineOf(start);
  const endLine = before.lineOf(oldEnd);
  const added = lineStartsOf(text, start, newEnd, false);
  const delta = newEnd - oldEnd;
  const kept = before.count - (endLine + 1);
  // No line after the edit: nothing after it is kept (Infinity is never reached).
  const keptAfterIn = (starts: LineStarts, at: number) => (kept > 0 ? starts.at(at) : Infinity);
  if (startLine === endLine && added.length === 0) {
    // Typing within a line: the array is shared, the lines after this one move.
    const from = startLine + 1;
    let starts: LineStarts;
    if (before.from >= before.count) starts = new LineStarts(before.base, from, delta);
    else if (before.from === from) starts = new LineStarts(before.base, from, before.delta + delta);
    // The previous edit moved other lines: those moves are written into a copy first.
    else starts = new LineStarts(before.flat(), from, delta);
    return { starts, keptAfter: keptAfterIn(starts, from) };
  }
  const out = new Int32Array(startLine + 1 + added.length + kept);
  for (let i = 0; i <= startLine; i++) out[i] = before.at(i);
  out.set(added, startLine + 1);
  const at = startLine + 1 + added.length;
  for (let i = 0; i < kept; i++) out[at + i] = before.at(endLine + 1 + i) + delta;
  const starts = new LineStarts(out);
  return { starts, keptAfter: added.length !== endLine - startLine ? undefined : keptAfterIn(starts, at) };
}
