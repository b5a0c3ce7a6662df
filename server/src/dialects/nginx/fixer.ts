/**
 * Turns fix intents into nginx text edits. Member-level intents re-read the member's own
 * declaration (a single `server ...;` directive) so edits land exactly on its parameters.
 */
import type { FixIntent, TextEdit } from '../../core/fix';
import { loc, type Loc } from '../../core/span';
import { nextLineStart } from '../../core/text';
import { parseNginx } from './parser';
import type { NginxDirective } from './syntax';

export function fixNginx(intents: readonly FixIntent[], sources: ReadonlyMap<string, string>): TextEdit[] | undefined {
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

function withText(
  sources: ReadonlyMap<string, string>,
  at: Loc,
  make: (text: string) => TextEdit[] | undefined,
): TextEdit[] | undefined {
  const text = sources.get(at.file);
  if (text === undefined || at.end > text.length) return undefined;
  return make(text);
}

/**
 * Replaces `name=...` on the member, or appends ` name=value` after its last argument. When the
 * parameter is written more than once, nginx reads the last (`max_fails=3 max_fails=0` is 0), so
 * that is the one replaced.
 */
function setParam(sources: ReadonlyMap<string, string>, member: Loc, name: string, value: string): TextEdit[] | undefined {
  return withText(sources, member, (text) => {
    const directive = memberDirective(text, member);
    if (!directive || directive.args.length === 0) return undefined;
    const existing = lastParam(directive, name);
    if (existing) {
      return [{ loc: loc(member.file, shift(existing.span, member.start)), newText: `${name}=${value}` }];
    }
    const last = directive.args[directive.args.length - 1]!;
    const at = member.start + last.span.end;
    return [{ loc: loc(member.file, { start: at, end: at }), newText: ` ${name}=${value}` }];
  });
}

function lastParam(directive: NginxDirective, name: string): NginxDirective['args'][number] | undefined {
  for (let i = directive.args.length - 1; i >= 1; i--) {
    if (directive.args[i]!.value.startsWith(`${name}=`)) return directive.args[i];
  }
  return undefined;
}

function memberDirective(text: string, member: Loc): NginxDirective | undefined {
  const { syntax, errors } = parseNginx(text.slice(member.start, member.end));
  return errors.length === 0 && syntax.directives.length === 1 ? syntax.directives[0] : undefined;
}

function shift(span: { start: number; end: number }, by: number): { start: number; end: number } {
  return { start: span.start + by, end: span.end + by };
}

/** Widens a span over the whole lines it covers when nothing else shares them. */
function wholeLines(text: string, at: Loc): Loc {
  let start = at.start;
  while (start > 0 && (text[start - 1] === ' ' || text[start - 1] === '\t')) start--;
  let end = at.end;
  while (end < text.length && (text[end] === ' ' || text[end] === '\t')) end++;
  // Lines end at LF, CRLF or a bare CR, as the editor shows them.
  const startsLine = start === 0 || text[start - 1] === '\n' || text[start - 1] === '\r';
  if (startsLine && (text[end] === '\n' || text[end] === '\r')) return { ...at, start, end: nextLineStart(text, end) };
  return at;
}

/** Includes the whitespace before a parameter, so `a backup;` becomes `a;`. */
function withLeadingSpace(text: string, at: Loc): Loc {
  let start = at.start;
  while (start > 0 && (text[start - 1] === ' ' || text[start - 1] === '\t')) start--;
  return { ...at, start };
}
