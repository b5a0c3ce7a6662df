/**
 * Foldable regions of a HAProxy file: every section, from its header to its last line, and
 * every `.if` block from `.if` to `.endif`.
 */
import type { Span } from '../../core/span';
import { parseHaproxy } from './parser';

export function foldHaproxy(text: string): Span[] {
  const spans: Span[] = [];
  for (const section of parseHaproxy(text).syntax.sections) {
    if (section.end > section.header.end) spans.push({ start: section.start, end: section.end });
  }
  const open: number[] = [];
  const conditional = /^[ \t]*(\.if|\.endif)\b.*$/gm;
  for (let match = conditional.exec(text); match; match = conditional.exec(text)) {
    if (match[1] === '.if') open.push(match.index + match[0].indexOf('.if'));
    else if (open.length > 0) spans.push({ start: open.pop()!, end: match.index + match[0].length });
  }
  return spans.sort((a, b) => a.start - b.start);
}
