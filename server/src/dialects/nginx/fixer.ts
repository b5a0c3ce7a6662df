/**
 * Turns fix intents into nginx text edits. Member-level intents re-read the member's own
 * declaration (a single `server ...;` directive) so edits land exactly on its parameters.
 */
import { editsForIntents } from '../../core/fix-edits';
import type { FixIntent, TextEdit } from '../../core/fix';
import { loc, type Loc } from '../../core/span';
import { parseNginx } from './parser';
import type { NginxDirective } from './syntax';

export function fixNginx(intents: readonly FixIntent[], sources: ReadonlyMap<string, string>): TextEdit[] | undefined {
  return editsForIntents(intents, sources, setParam);
}

/**
 * Replaces `name=...` on the member, or appends ` name=value` after its last argument. When the
 * parameter is written more than once, nginx reads the last (`max_fails=3 max_fails=0` is 0), so
 * that is the one replaced.
 */
function setParam(text: string, member: Loc, name: string, value: string): TextEdit[] | undefined {
  const directive = memberDirective(text, member);
  if (!directive || directive.args.length === 0) return undefined;
  const existing = lastParam(directive, name);
  if (existing) {
    return [{ loc: loc(member.file, shift(existing.span, member.start)), newText: `${name}=${value}` }];
  }
  const last = directive.args[directive.args.length - 1]!;
  const at = member.start + last.span.end;
  return [{ loc: loc(member.file, { start: at, end: at }), newText: ` ${name}=${value}` }];
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
