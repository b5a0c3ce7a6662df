/**
 * A cheap look at how deeply a YAML text nests, before the `yaml` package parses it. Its composer
 * recurses once per level: a few hundred thousand `[` or `- ` take seconds to fail with a stack
 * overflow, and a long run of `- - - ...` exhausted the heap (a crashed language server). A project
 * config nests four levels deep, so a text past these limits is refused unparsed.
 *
 * The scan is approximate in the safe direction: brackets inside quoted strings and comments do
 * not count (so they cannot be used to hide real nesting), while brackets in block scalars (`|`)
 * do, which could only refuse a config with dozens of unbalanced brackets in one.
 */

/** Flow collections (`[`, `{`) open at once. */
export const MAX_FLOW_DEPTH = 64;
/** Columns of indentation and block indicators (`- `, `? `, `: `) before a line's content. */
export const MAX_BLOCK_INDENT = 128;

export interface TooDeep {
  readonly offset: number;
  readonly message: string;
}

const BLOCK_PREFIX = /[ \t]*(?:[-?:][ \t]+)*/y;

export function checkNesting(text: string): TooDeep | undefined {
  let depth = 0;
  let quote: '"' | "'" | undefined;
  let lineStart = true;
  for (let i = 0; i < text.length; i++) {
    if (lineStart) {
      lineStart = false;
      BLOCK_PREFIX.lastIndex = i;
      BLOCK_PREFIX.exec(text);
      if (quote === undefined && BLOCK_PREFIX.lastIndex - i > MAX_BLOCK_INDENT) {
        return { offset: i + MAX_BLOCK_INDENT, message: `a line is indented or nested more than ${MAX_BLOCK_INDENT} columns deep` };
      }
    }
    const c = text[i]!;
    if (c === '\n') {
      lineStart = true;
      continue;
    }
    if (quote !== undefined) {
      if (quote === '"' && c === '\\') i++;
      else if (c === quote) {
        // '' inside a single-quoted string is an escaped quote, not its end.
        if (quote === "'" && text[i + 1] === "'") i++;
        else quote = undefined;
      }
      continue;
    }
    const before = i === 0 ? '\n' : text[i - 1]!;
    if (c === '#' && /\s/.test(before)) {
      const end = text.indexOf('\n', i);
      if (end === -1) break;
      i = end - 1;
    } else if ((c === '"' || c === "'") && /[\s[{,:]/.test(before)) {
      quote = c;
    } else if (c === '[' || c === '{') {
      if (++depth > MAX_FLOW_DEPTH) return { offset: i, message: `more than ${MAX_FLOW_DEPTH} [ ] or { } collections are open here` };
    } else if ((c === ']' || c === '}') && depth > 0) {
      depth--;
    }
  }
  return undefined;
}
