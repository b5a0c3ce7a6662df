/**
 * Turns fix intents into HAProxy text edits. Server parameters are `keyword value` pairs
 * (`weight 5`) or flags (`check`), so a member-level intent re-reads the member's `server` line
 * and edits the pair, or appends it after the last word.
 */
import type { FixIntent, TextEdit } from '../../core/fix';
import type { Loc } from '../../core/span';
import { nextLineStart } from '../../core/text';
import { lexLine } from './lexer';
import { readServerParams } from './server-params';

export function fixHaproxy(intents: readonly FixIntent[], sources: ReadonlyMap<string, string>): TextEdit[] | undefined {
  const edits: TextEdit[] = [];
  for (const intent of intents) {
    const produced = editsFor(intent, sources);
    if (!produced) return undefined;
    edits.push(...produced);
  }
  return edits;
}

function editsFor(intent: FixIntent, sources: ReadonlyMap<string, string>): readonly TextEdit[] | undefined {
  switch (intent.kind) {
    case 'edit':
      return intent.edits;
    case 'remove-member':
      return withText(sources, intent.member, (text) => [{ loc: wholeLines(text, intent.member), newText: '' }]);
    case 'remove-param':
      return withText(sources, intent.param, (text) => [{ loc: withLeadingSpace(text, intent.param), newText: '' }]);
    case 'set-weight':
      return setParam(sources, intent.member, 'weight', String(intent.weight));
    case 'set-param':
      return setParam(sources, intent.member, intent.name, intent.value);
  }
}

function withText(sources: ReadonlyMap<string, string>, at: Loc, make: (text: string) => TextEdit[] | undefined): TextEdit[] | undefined {
  const text = sources.get(at.file);
  if (text === undefined || at.end > text.length) return undefined;
  return make(text);
}

/** Replaces the value of `name` on the server line, or appends ` name value` (a flag: ` name`). */
function setParam(sources: ReadonlyMap<string, string>, member: Loc, name: string, value: string): TextEdit[] | undefined {
  return withText(sources, member, (text) => {
    const words = lexLine(text, member.start, member.end, []);
    const keyword = words[0]?.value;
    if (keyword !== 'server' && keyword !== 'server-template') return undefined;
    const { params, missing } = readServerParams(words.slice(keyword === 'server' ? 3 : 4));
    // A keyword missing its value would swallow whatever is appended after it.
    if (missing.length > 0) return undefined;
    // HAProxy keeps the last setting of a keyword, so that is the one to change.
    const existing = params.filter((p) => p.name === name).pop();
    if (existing) {
      if (existing.value) return [{ loc: { file: member.file, start: existing.value.start, end: existing.value.end }, newText: value }];
      if (value === '') return [];
    }
    const at = words[words.length - 1]!.end;
    return [{ loc: { file: member.file, start: at, end: at }, newText: value === '' ? ` ${name}` : ` ${name} ${value}` }];
  });
}

/** Widens a span over the whole lines it covers when nothing else shares them. */
function wholeLines(text: string, at: Loc): Loc {
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
