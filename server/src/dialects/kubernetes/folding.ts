/**
 * Foldable regions of a manifest: every `---` document and every block mapping or sequence that
 * spans more than one line.
 */
import { isMap, isSeq, parseAllDocuments, visit } from 'yaml';
import type { Span } from '../../core/span';

export function foldKubernetes(text: string): Span[] {
  const out: Span[] = [];
  const multiLine = (start: number, end: number) => {
    const body = text.slice(start, end).replace(/\s+$/, '');
    if (body.includes('\n')) out.push({ start, end: start + body.length });
  };
  try {
    for (const doc of parseAllDocuments(text) as unknown as { range: [number, number, number]; contents: unknown }[]) {
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
