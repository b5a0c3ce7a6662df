/**
 * Folding ranges from the dialect's blocks. A block that ends at a closing brace (nginx) keeps the
 * brace's line visible, as editors expect; one that ends after its last line (a HAProxy section,
 * a YAML block) has no closing line, so its last line folds too.
 */
import type { FoldingRange } from 'vscode-languageserver/node';
import { foldingOfFile } from '../../dialects/kubernetes/folding';
import type { DocumentAnalysis } from '../document-analysis';

const CLOSING_BRACE = '}'.charCodeAt(0);

/**
 * No answer (null) for a document lb-drift read no dialect in (too large, say): an empty list would
 * replace the editor's own indentation folding with nothing.
 */
export function foldingRanges(analysis: DocumentAnalysis): FoldingRange[] | null {
  const { report, document } = analysis;
  if (!report.dialect) return null;
  const ranges: FoldingRange[] = [];
  const text = document.getText();
  // A manifest keeps its regions per `---` document, so an edit re-reads one document (a YAML parse is slow).
  const spans = report.dialect.id === 'kubernetes' ? foldingOfFile(analysis.path, text) : report.dialect.folding(text);
  for (const span of spans) {
    const startLine = document.positionAt(span.start).line;
    const endLine = document.positionAt(span.end).line - (text.charCodeAt(span.end) === CLOSING_BRACE ? 1 : 0);
    // Nested YAML blocks can start and end on the same lines (a document and its top mapping): one range each.
    const previous = ranges[ranges.length - 1];
    if (endLine > startLine && !(previous && previous.startLine === startLine && previous.endLine === endLine)) ranges.push({ startLine, endLine });
  }
  return ranges;
}
