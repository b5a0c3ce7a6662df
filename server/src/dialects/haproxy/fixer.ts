/**
 * Turns fix intents into HAProxy text edits. Server parameters are `keyword value` pairs
 * (`weight 5`) or flags (`check`), so a member-level intent re-reads the member's `server` line
 * and edits the pair, or appends it after the last word.
 */
import { editsForIntents } from '../../core/fix-edits';
import type { FixIntent, TextEdit } from '../../core/fix';
import type { Loc } from '../../core/span';
import { lexLine } from './lexer';
import { readServerParams, valueSpan } from './server-params';

export function fixHaproxy(intents: readonly FixIntent[], sources: ReadonlyMap<string, string>): TextEdit[] | undefined {
  return editsForIntents(intents, sources, setParam);
}

/** Replaces the value of `name` on the server line, or appends ` name value` (a flag: ` name`). */
function setParam(text: string, member: Loc, name: string, value: string): TextEdit[] | undefined {
  const words = lexLine(text, member.start, member.end, []);
  const keyword = words[0]?.value;
  if (keyword !== 'server' && keyword !== 'server-template') return undefined;
  const { params, missing } = readServerParams(words, keyword === 'server' ? 3 : 4);
  // A keyword missing its value would swallow whatever is appended after it.
  if (missing >= 0) return undefined;
  // HAProxy keeps the last setting of a keyword, so that is the one to change.
  const existing = params.filter((p) => p.name === name).pop();
  if (existing) {
    const written = valueSpan(existing);
    if (written) return [{ loc: { file: member.file, start: written.start, end: written.end }, newText: value }];
    if (value === '') return [];
  }
  const at = words[words.length - 1]!.end;
  return [{ loc: { file: member.file, start: at, end: at }, newText: value === '' ? ` ${name}` : ` ${name} ${value}` }];
}
