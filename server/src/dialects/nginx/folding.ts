/**
 * Foldable regions of an nginx file: every block, from its `{` to its `}`.
 */
import type { Span } from '../../core/span';
import { parseNginxTree } from './parser';
import { NONE } from './tree';

export function foldNginx(text: string): Span[] {
  const { tree } = parseNginxTree(text);
  const spans: Span[] = [];
  for (let d = 0; d < tree.count; d++) {
    const open = tree.blockOpen(d);
    const close = tree.blockClose(d);
    if (open !== NONE && close !== NONE) spans.push({ start: open, end: close });
  }
  return spans;
}
