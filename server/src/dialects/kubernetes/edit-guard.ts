/**
 * Span edits that keep the YAML what it was. A span edit is written for one line and knows
 * nothing of YAML: deleting a comment line can join a plain scalar with the lines after it (YAML
 * ends a multi-line plain scalar at a comment line), and a replacement name can carry a `:` or a
 * `#`. So each file's edits are checked on the `---` documents they touch, parsed before and
 * after: the edits may add no YAML error, and edits that only delete comment lines may change no
 * value. A comment line whose deletion would change one is kept as a bare `#` instead (the
 * suppression is gone, the scalar still ends there); edits that still fail are refused. In a
 * file nested past MAX_FLOW_DEPTH, which is not parsed at all, comment lines are always kept so.
 *
 * Two details keep a suppression's removal possible on broken text. A `#` line inside a quoted
 * scalar that never closes is that scalar's text, not a comment (YAML reads the rest of the
 * document into it, already an error); no edit can take the line out without changing the
 * scalar, and no one reads a value from an unclosed quote, so there only the errors are compared.
 * And errors are compared by code and message shape, not by code alone: yaml words one misplaced
 * token differently depending on what precedes it, and a changed message is a new error to the
 * reader (and to `check`).
 */
import { parseAllDocuments, Parser } from 'yaml';
import type { TextEdit } from '../../core/fix';
import type { Span } from '../../core/span';
import { lineStartAt } from '../../core/text';
import { MAX_ALIAS_COUNT } from './documents';
import { firstTooDeep } from './nesting';

/** A `---` or `...` line: where a document starts or ends. */
const MARKER_LINE = /^(?:---|\.\.\.)(?=[ \t\r\n]|$)/gm;
/** Whole lines holding only a comment, each with its line break (the last may lack one). */
const COMMENT_LINES = /^(?:[ \t]*#[^\r\n]*(?:\r\n|\r|\n|$))+$/;

export function guardEdits(edits: readonly TextEdit[], sources: ReadonlyMap<string, string>): TextEdit[] | undefined {
  const out: TextEdit[] = [];
  for (const file of new Set(edits.map((e) => e.loc.file))) {
    const mine = edits.filter((e) => e.loc.file === file);
    const text = sources.get(file);
    // A file nested too deep is not read (documents.ts), nor parsed here: yaml may overflow the stack on it.
    const unread = text !== undefined && firstTooDeep(text) !== undefined;
    if (text === undefined || (!unread && keepsYaml(text, mine))) {
      out.push(...mine);
      continue;
    }
    if (!mine.every((e) => onlyTouchesComments(text, e))) return undefined;
    const bare = mine.map((e) => ({ loc: e.loc, newText: text.slice(e.loc.start, e.loc.end).replace(/#[^\r\n]*/g, '#') }));
    if (!unread && !keepsYaml(text, bare)) return undefined;
    out.push(...bare);
  }
  return out;
}

/** The edit replaces whole comment lines with nothing, blanks or bare `#`s. */
function onlyTouchesComments(text: string, edit: TextEdit): boolean {
  const { start, end } = edit.loc;
  return end > start && lineStartAt(text, start) === start && COMMENT_LINES.test(text.slice(start, end)) && edit.newText.replaceAll('#', '').trim() === '';
}

/** Whether the edits add no YAML error to the documents they touch (and, deleting only comments, change no value). */
function keepsYaml(text: string, edits: readonly TextEdit[]): boolean {
  const region = documentsAround(text, Math.min(...edits.map((e) => e.loc.start)), Math.max(...edits.map((e) => e.loc.end)));
  let after = text.slice(region.start, region.end);
  for (const edit of [...edits].sort((a, b) => b.loc.start - a.loc.start)) {
    after = after.slice(0, edit.loc.start - region.start) + edit.newText + after.slice(edit.loc.end - region.start);
  }
  const before = text.slice(region.start, region.end);
  const was = yamlOf(before);
  const now = yamlOf(after);
  for (const [error, count] of now.errors) if (count > (was.errors.get(error) ?? 0)) return false;
  if (!edits.every((e) => onlyTouchesComments(text, e)) || now.values === was.values) return true;
  const unclosed = unclosedQuotes(before, was.unclosedAt);
  return edits.every((e) => unclosed.some((q) => q.start < e.loc.start - region.start && e.loc.end - region.start <= q.end));
}

/** Quoted scalars (as spans of `text`) that yaml found unclosed: each ends where a "Missing closing quote" error is. */
function unclosedQuotes(text: string, unclosedAt: readonly number[]): Span[] {
  if (unclosedAt.length === 0) return [];
  const out: Span[] = [];
  // The concrete syntax tree, walked without recursion: block nesting has no depth limit here.
  const stack: unknown[] = [...new Parser().parse(text)];
  while (stack.length > 0) {
    const node = stack.pop();
    if (!node || typeof node !== 'object') continue;
    if (Array.isArray(node)) {
      stack.push(...(node as unknown[]));
      continue;
    }
    const token = node as { type?: unknown; offset?: unknown; source?: unknown };
    if ((token.type === 'single-quoted-scalar' || token.type === 'double-quoted-scalar') && typeof token.offset === 'number' && typeof token.source === 'string') {
      const span = { file: '', start: token.offset, end: token.offset + token.source.length };
      if (unclosedAt.includes(span.end)) out.push(span);
      continue;
    }
    for (const value of Object.values(node)) if (value && typeof value === 'object') stack.push(value);
  }
  return out;
}

/** From the marker line before the line of `start` to the first marker line at or after `end`. */
function documentsAround(text: string, start: number, end: number): Span {
  const firstLine = lineStartAt(text, start);
  let from = 0;
  MARKER_LINE.lastIndex = 0;
  for (let m = MARKER_LINE.exec(text); m && m.index < firstLine; m = MARKER_LINE.exec(text)) {
    from = m.index;
    MARKER_LINE.lastIndex = Math.max(MARKER_LINE.lastIndex, m.index + 1);
  }
  MARKER_LINE.lastIndex = end;
  const next = MARKER_LINE.exec(text);
  return { start: from, end: next ? next.index : text.length };
}

/** A YAML error's code and message without its quoted tokens and numbers, as `check` compares them. */
const errorShape = (error: { code: string; message: string }): string => `${error.code} ${error.message.replace(/"[^"]*"/g, '"…"').replace(/\d+/g, '#')}`;

/**
 * Each YAML error (by shape) with how often it occurs, the documents' values as JSON, and where
 * unclosed quoted scalars end.
 */
function yamlOf(text: string): { errors: Map<string, number>; values: string; unclosedAt: number[] } {
  const errors = new Map<string, number>();
  const values: string[] = [];
  const unclosedAt: number[] = [];
  for (const doc of parseAllDocuments(text, { prettyErrors: false, uniqueKeys: false })) {
    for (const error of doc.errors) {
      errors.set(errorShape(error), (errors.get(errorShape(error)) ?? 0) + 1);
      if (error.code === 'MISSING_CHAR' && /closing .?quote/i.test(error.message)) unclosedAt.push(error.pos[0]);
    }
    try {
      // Maps as Maps: a flow-collection key would otherwise be stringified, with a process warning.
      const value: unknown = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT, mapAsMap: true });
      values.push(JSON.stringify(value, (_key, v: unknown) => (v instanceof Map ? [...v] : v)) ?? 'undefined');
    } catch {
      values.push('unreadable');
    }
  }
  return { errors, values: values.join('\n'), unclosedAt };
}
