/**
 * Folding ranges from the dialect's blocks. The closing line stays visible, as editors expect.
 */
import type { FoldingRange } from 'vscode-languageserver/node';
import type { DocumentAnalysis } from '../document-analysis';

export function foldingRanges(analysis: DocumentAnalysis): FoldingRange[] {
  const { report, document } = analysis;
  if (!report.dialect) return [];
  const ranges: FoldingRange[] = [];
  for (const span of report.dialect.folding(document.getText())) {
    const startLine = document.positionAt(span.start).line;
    const endLine = document.positionAt(span.end).line - 1;
    if (endLine > startLine) ranges.push({ startLine, endLine });
  }
  return ranges;
}
