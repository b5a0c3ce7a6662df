/**
 * How deep a manifest nests flow collections (`{ }` and `[ ]`). The `yaml` package composes a
 * document thousands of `{` deep at about 10 ms per KB (four times what a flat manifest of the
 * same size costs), so a text past `MAX_FLOW_DEPTH` is refused before it is composed. Real
 * manifests, JSON ones included, nest a few dozen levels at most.
 */
import { Lexer } from 'yaml';

/** Flow collections one manifest may nest; far past any real one, far below the costly depths. */
export const MAX_FLOW_DEPTH = 256;

/** The lexer's markers (document start, flow end, scalar start), which stand for no text. */
const CONTROL_TOKENS = new Set(['\x02', '\x18', '\x1f']);

/**
 * The offset of the first `{` or `[` that opens a collection deeper than `limit`, or undefined.
 * Counting every bracket in the text is an upper bound on the depth, so only a text with more
 * than `limit` of them is lexed (which tells a bracket from one inside a quoted or plain scalar
 * or a comment).
 */
export function firstTooDeep(text: string, limit = MAX_FLOW_DEPTH): number | undefined {
  let brackets = 0;
  for (let i = 0; i < text.length && brackets <= limit; i++) {
    const c = text.charCodeAt(i);
    if (c === 123 || c === 91) brackets++;
  }
  if (brackets <= limit) return undefined;
  let depth = 0;
  let offset = 0;
  for (const token of new Lexer().lex(text)) {
    if (token === '{' || token === '[') {
      if (++depth > limit) return offset;
    } else if (token === '}' || token === ']') {
      depth = Math.max(0, depth - 1);
    }
    if (!CONTROL_TOKENS.has(token)) offset += token.length;
  }
  return undefined;
}
