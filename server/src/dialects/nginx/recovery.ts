/**
 * Helpers for the parser's error recovery: where a directive that runs into the next one should
 * be split, and how to name a directive in a message.
 */
import { arityAccepts } from './directive-model';
import { lookupDirective } from './directives';
import { isLuaBlockDirective } from './lua';

/** Whether `name` with `count` arguments is a block directive somewhere in nginx. */
export function acceptsBlock(name: string, count: number): boolean {
  if (isLuaBlockDirective(name)) return true;
  const uses = lookupDirective(name);
  if (!uses) return false;
  for (const use of uses) if (use.block && arityAccepts(use.args, count)) return true;
  return false;
}

/**
 * A directive that reaches a `{` although it is not a block directive may be two directives with
 * the `;` of the first one missing:
 *
 *     proxy_pass http://a
 *     location /b {
 *
 * nginx reads `proxy_pass http://a location /b {`. Returns the index of the argument where the
 * block directive starts (`location`), or -1 when the words read as one directive. A split point
 * is an unquoted argument that starts a line, names a known block directive, and is followed by a
 * number of arguments that directive accepts. The last such point wins: it is the one closest to
 * the `{` it owns. `lineStarts` lists, in increasing order, the indexes of the arguments that
 * start a line (its first `lineStartCount` entries count); `unquotedArg(i)` is the value of
 * argument `i`, or null when that argument is quoted.
 */
export function findMissingSemicolonSplit(
  name: string,
  argCount: number,
  lineStarts: readonly number[],
  lineStartCount: number,
  unquotedArg: (index: number) => string | null,
): number {
  if (acceptsBlock(name, argCount)) return -1;
  for (let k = lineStartCount - 1; k >= 0; k--) {
    const index = lineStarts[k]!;
    const candidate = unquotedArg(index);
    if (candidate === null) continue;
    if (acceptsBlock(candidate, argCount - index - 1)) return index;
  }
  return -1;
}

const MAX_QUOTED_LENGTH = 60;

/**
 * The directive as the user wrote it, on one line, for messages: `proxy_pass http://a.example`.
 * Whitespace runs become single spaces and long text is cut with an ellipsis.
 */
export function quoteDirective(text: string, start: number, end: number): string {
  const limit = Math.min(end, start + MAX_QUOTED_LENGTH * 4);
  let flat = text.slice(start, limit).replace(/\s+/g, ' ').trim();
  if (flat.length > MAX_QUOTED_LENGTH || limit < end) flat = `${flat.slice(0, MAX_QUOTED_LENGTH - 1)}…`;
  return flat;
}
