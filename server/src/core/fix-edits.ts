/**
 * What every dialect's fixer shares: turning fix intents into text edits, where only setting a
 * member's parameter depends on the dialect's syntax (nginx `name=value`, HAProxy `name value`).
 * Removing a member or a parameter works on text spans alone.
 */
import type { FixIntent, TextEdit } from './fix';
import type { Loc } from './span';
import { nextLineStart } from './text';

/** Edits that set (or add) parameter `name` to `value` on the member at `member`; undefined when it cannot. */
export type SetParam = (text: string, member: Loc, name: string, value: string) => TextEdit[] | undefined;

/** All intents as edits, or undefined when one of them cannot be expressed. */
export function editsForIntents(intents: readonly FixIntent[], sources: ReadonlyMap<string, string>, setParam: SetParam): TextEdit[] | undefined {
  const edits: TextEdit[] = [];
  for (const intent of intents) {
    const produced = editsFor(intent, sources, setParam);
    if (!produced) return undefined;
    edits.push(...produced);
  }
  return edits;
}

function editsFor(intent: FixIntent, sources: ReadonlyMap<string, string>, setParam: SetParam): readonly TextEdit[] | undefined {
  switch (intent.kind) {
    case 'edit':
      return intent.edits;
    case 'remove-member':
      return withText(sources, intent.member, (text) => [{ loc: wholeLines(text, intent.member), newText: '' }]);
    case 'remove-param':
      return withText(sources, intent.param, (text) => [{ loc: withLeadingSpace(text, intent.param), newText: '' }]);
    case 'set-weight':
      return withText(sources, intent.member, (text) => setParam(text, intent.member, 'weight', String(intent.weight)));
    case 'set-param':
      return withText(sources, intent.member, (text) => setParam(text, intent.member, intent.name, intent.value));
  }
}

function withText(sources: ReadonlyMap<string, string>, at: Loc, make: (text: string) => TextEdit[] | undefined): TextEdit[] | undefined {
  const text = sources.get(at.file);
  if (text === undefined || at.end > text.length) return undefined;
  return make(text);
}

/**
 * Widens a span over the whole lines it covers when nothing else shares them (the last line of a
 * file may have no line break). Lines end at LF, CRLF or a bare CR, as the editor shows them.
 */
export function wholeLines(text: string, at: Loc): Loc {
  let start = at.start;
  while (start > 0 && (text[start - 1] === ' ' || text[start - 1] === '\t')) start--;
  let end = at.end;
  while (end < text.length && (text[end] === ' ' || text[end] === '\t')) end++;
  const startsLine = start === 0 || text[start - 1] === '\n' || text[start - 1] === '\r';
  if (startsLine && (end === text.length || text[end] === '\n' || text[end] === '\r')) return { ...at, start, end: nextLineStart(text, end) };
  return at;
}

/** Includes the blanks before a parameter, so `a backup` becomes `a`. */
function withLeadingSpace(text: string, at: Loc): Loc {
  let start = at.start;
  while (start > 0 && (text[start - 1] === ' ' || text[start - 1] === '\t')) start--;
  return { ...at, start };
}
