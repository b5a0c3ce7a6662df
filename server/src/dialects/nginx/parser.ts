/**
 * The nginx parser's entry points. `parseNginxTree` gives the flat tree of tree.ts, which is what
 * the analysis reads; `parseNginx` gives the object tree of syntax.ts, built from the flat tree,
 * for tests, the fixer and other cold paths. Both come from one parse (tree-parser.ts), so they
 * always agree, errors included.
 */
import type { NginxParseResult } from './syntax';
import { parseFlatNginxTree } from './tree-parser';

export { MAX_BLOCK_DEPTH, MAX_REPORTED_ERRORS, parseNginxTree } from './tree-parser';

export function parseNginx(text: string): NginxParseResult {
  const { tree, errors } = parseFlatNginxTree(text);
  return { syntax: { text, directives: tree.rootDirectives(), comments: tree.comments() }, errors };
}
