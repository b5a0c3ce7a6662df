/**
 * Everything a flat nginx tree says, as plain data, for the tests that compare an incrementally
 * re-parsed tree with a full parse (tree-splice.test.ts, tree-spliced.test.ts).
 */
import type { FlatNginxTree } from '../../../server/src/dialects/nginx/flat-tree';

export function dumpTree(tree: FlatNginxTree): unknown {
  const directives: unknown[] = [];
  for (let d = 0; d < tree.count; d++) {
    const args: string[] = [];
    for (let i = 0; i < tree.argCount(d); i++) args.push(`${tree.argStart(d, i)}-${tree.argEnd(d, i)}:${tree.argQuote(d, i)}:${tree.argValue(d, i)}`);
    directives.push([
      tree.name(d),
      tree.start(d),
      tree.end(d),
      tree.parent(d),
      tree.subtreeEnd(d),
      tree.firstChild(d),
      tree.nextSibling(d),
      tree.hasBlock(d),
      tree.blockOpen(d),
      tree.blockClose(d),
      tree.semicolon(d),
      tree.isRawBlock(d),
      args,
    ]);
  }
  return { count: tree.count, directives, comments: tree.comments() };
}
