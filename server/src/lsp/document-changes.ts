/**
 * The edits each open document received, as offsets, so an analysis can tell the engine (and the
 * document snapshot) which part of the text changed since the version it builds on instead of
 * having both compare two 1 MB texts (`changeBetween`). `configuration` replaces the plain
 * `TextDocument` configuration of `TextDocuments`: it applies each content change as before and
 * records the span it replaced. Several changes in one `didChange`, and the versions an analysis
 * skipped, are joined into one change that covers them all; a whole-text replacement, or a
 * history that no longer reaches back to the asked version, gives no change (the engine compares
 * the texts then, as without this).
 */
import { TextDocument, type TextDocumentContentChangeEvent } from 'vscode-languageserver-textdocument';
import type { TextDocumentsConfiguration } from 'vscode-languageserver/node';
import type { TextChange } from '../core/dialect';

/** One `didChange`: the version it turned into which, and its changes joined (none: unknown). */
interface Step {
  readonly from: number;
  readonly to: number;
  readonly change: TextChange | undefined;
}

/** An analysis lagging further behind than this many versions compares the texts instead. */
const KEPT_STEPS = 64;

export class DocumentChanges {
  private readonly steps = new Map<string, Step[]>();

  readonly configuration: TextDocumentsConfiguration<TextDocument> = {
    create: (uri, languageId, version, content) => {
      this.steps.delete(uri);
      return TextDocument.create(uri, languageId, version, content);
    },
    update: (document, changes, version) => this.update(document, changes, version),
  };

  /** Forgets a closed document's edits. */
  forget(uri: string): void {
    this.steps.delete(uri);
  }

  /**
   * The change that turned version `from` of the document into version `to` (offsets in the text
   * of `from`; the inserted text ends at `newEnd` in the text of `to`), or undefined when unknown.
   */
  between(uri: string, from: number, to: number): TextChange | undefined {
    const steps = this.steps.get(uri);
    if (!steps || from >= to) return undefined;
    let last = steps.length - 1;
    while (last >= 0 && steps[last]!.to !== to) last--;
    if (last < 0) return undefined;
    let first = last;
    while (first >= 0 && steps[first]!.from !== from) first--;
    if (first < 0) return undefined;
    let joined: TextChange | undefined = steps[first]!.change;
    for (let i = first + 1; i <= last && joined; i++) {
      const next = steps[i]!.change;
      joined = next && joinChanges(joined, next);
    }
    return joined;
  }

  private update(document: TextDocument, changes: TextDocumentContentChangeEvent[], version: number): TextDocument {
    const from = document.version;
    let joined: TextChange | undefined;
    let known = true;
    // Applied one at a time: each change's range is in the text the changes before it left.
    for (const change of changes) {
      if ('range' in change && known) {
        const one = offsetsOf(document, change.range, change.text.length);
        joined = joined ? joinChanges(joined, one) : one;
      } else {
        known = false;
      }
      TextDocument.update(document, [change], version);
    }
    const steps = this.steps.get(document.uri) ?? [];
    if (steps.length >= KEPT_STEPS) steps.shift();
    steps.push({ from, to: version, change: known ? joined : undefined });
    this.steps.set(document.uri, steps);
    return document;
  }
}

/** The offsets a ranged content change replaces in `document` (as `TextDocument.update` reads them). */
function offsetsOf(document: TextDocument, range: { start: { line: number; character: number }; end: { line: number; character: number } }, inserted: number): TextChange {
  let a = document.offsetAt(range.start);
  let b = document.offsetAt(range.end);
  // A range whose end comes first is read the other way round, as TextDocument.update does.
  if (a > b) [a, b] = [b, a];
  return { start: a, oldEnd: b, newEnd: a + inserted };
}

/**
 * One change covering `first` (text 0 to text 1) then `second` (text 1 to text 2), in the offsets
 * of text 0 and text 2: from the earlier start to the later of the two ends, as seen in text 1.
 */
export function joinChanges(first: TextChange, second: TextChange): TextChange {
  const start = Math.min(first.start, second.start);
  const end = Math.max(first.newEnd, second.oldEnd);
  return { start, oldEnd: end - first.newEnd + first.oldEnd, newEnd: end - second.oldEnd + second.newEnd };
}
