/**
 * The body of an OpenResty `*_by_lua_block { ... }` directive is Lua, not nginx syntax. OpenResty
 * reads it raw up to the `}` that balances the opening brace, skipping braces inside Lua strings
 * ('..', "..", [[..]], [=[..]=]) and comments (`-- ...`, `--[[ ... ]]`). This scanner does the same.
 */

const LF = 10;
const DOUBLE_QUOTE = 34;
const SINGLE_QUOTE = 39;
const MINUS = 45;
const EQUALS = 61;
const OPEN_BRACKET = 91;
const BACKSLASH = 92;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;

/** True when the text ends with `_by_lua_block`, the OpenResty raw-block directives. */
export function isLuaBlockDirective(name: string): boolean {
  return name.endsWith('_by_lua_block');
}

/**
 * Returns the offset of the `}` that closes a Lua body starting at `from` (just after the `{`),
 * or -1 when the body is never closed.
 */
export function skipLuaBody(text: string, from: number): number {
  const length = text.length;
  let depth = 1;
  let i = from;
  while (i < length) {
    const c = text.charCodeAt(i);
    if (c === OPEN_BRACE) {
      depth++;
      i++;
    } else if (c === CLOSE_BRACE) {
      depth--;
      if (depth === 0) return i;
      i++;
    } else if (c === DOUBLE_QUOTE || c === SINGLE_QUOTE) {
      i = skipShortString(text, i + 1, c);
    } else if (c === MINUS && text.charCodeAt(i + 1) === MINUS) {
      const level = longBracketLevel(text, i + 2);
      i = level >= 0 ? skipLongBracket(text, i + 2, level) : skipToLineEnd(text, i + 2);
    } else if (c === OPEN_BRACKET) {
      const level = longBracketLevel(text, i);
      i = level >= 0 ? skipLongBracket(text, i, level) : i + 1;
    } else i++;
  }
  return -1;
}

/** A Lua short string cannot span lines unescaped, so an unclosed one stops at the line end. */
function skipShortString(text: string, from: number, quote: number): number {
  const length = text.length;
  let i = from;
  while (i < length) {
    const c = text.charCodeAt(i);
    if (c === BACKSLASH) i += 2;
    else if (c === quote) return i + 1;
    else if (c === LF) return i;
    else i++;
  }
  return length;
}

function skipToLineEnd(text: string, from: number): number {
  const end = text.indexOf('\n', from);
  return end < 0 ? text.length : end;
}

/** The number of `=` in a long bracket `[==[` opening at `at`, or -1 when none opens there. */
function longBracketLevel(text: string, at: number): number {
  if (text.charCodeAt(at) !== OPEN_BRACKET) return -1;
  let i = at + 1;
  while (text.charCodeAt(i) === EQUALS) i++;
  return text.charCodeAt(i) === OPEN_BRACKET ? i - at - 1 : -1;
}

/** Skips a long string or comment opened at `at` and returns the offset after its `]==]`. */
function skipLongBracket(text: string, at: number, level: number): number {
  const close = ']' + '='.repeat(level) + ']';
  const end = text.indexOf(close, at + level + 2);
  return end < 0 ? text.length : end + close.length;
}
