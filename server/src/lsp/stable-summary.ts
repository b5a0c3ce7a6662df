/**
 * The stable state of an analysed document as the client shows it: the revision and how many
 * drift findings the document has against it.
 */
import type { StableSummary } from '../protocol/messages';
import type { DocumentAnalysis } from './document-analysis';

export function stableSummary(analysis: DocumentAnalysis): StableSummary | undefined {
  const side = analysis.stable;
  if (!side) return undefined;
  const drifts = analysis.report.findings.filter((f) => f.loc.file === analysis.path && f.rule.startsWith('drift-')).length;
  return { ...side.summary, drifts };
}
