/**
 * Foldable regions of a manifest: every `---` document and every block mapping or sequence that
 * spans more than one line. The editor asks again after every edit, so `foldingOfFile` keeps the
 * regions of each `---` chunk while its text stays the same (memo.ts).
 */
import { isMap, isSeq, parseAllDocuments, visit } from 'yaml';
import type { Span } from '../../core/span';
import { memoByChunk, shifted } from './memo';
import { firstTooDeep } from './nesting';

/** The same regions as `foldKubernetes`, re-reading only the chunks an edit changed. */
export const foldingOfFile = memoByChunk(
  16,
  (_path, chunk) => foldKubernetes(chunk),
  (parts) => parts.flatMap(({ value, start }) => value.map((span) => shifted(span, start))),
);

export function foldKubernetes(text: string): Span[] {
  const out: Span[] = [];
  // Scans only the node's first line and its trailing blanks, so nesting costs no re-reading.
  const multiLine = (start: number, end: number) => {
    let last = end;
    while (last > start && /\s/.test(text[last - 1]!)) last--;
    const lineBreak = text.indexOf('\n', start);
    if (lineBreak >= 0 && lineBreak < last) out.push({ start, end: last });
  };
  if (firstTooDeep(text) !== undefined) return out;
  try {
    for (const doc of parseAllDocuments(text, { prettyErrors: false, uniqueKeys: false }) as unknown as { range: [number, number, number]; contents: unknown }[]) {
      if (doc.range) multiLine(doc.range[0], doc.range[2]);
      visit(doc.contents as never, (_key, node) => {
        if ((isMap(node) || isSeq(node)) && node.range && !node.flow) multiLine(node.range[0], node.range[2]);
      });
    }
  } catch {
    return out;
  }
  return out;
}
