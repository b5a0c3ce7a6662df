/**
 * The stable state of an analysed document as the client shows it: the revision and how many
 * drift findings its configuration has against it. The count covers what the traffic view shows:
 * the document with everything it includes, not only the findings located in its own text.
 */
import type { StableSummary } from '../protocol/messages';
import type { DocumentAnalysis } from './document-analysis';

export function stableSummary(analysis: DocumentAnalysis): StableSummary | undefined {
  const side = analysis.stable;
  if (!side) return undefined;
  return { ...side.summary, drifts: driftCount(analysis) };
}

/** Drift findings of the document's configuration (the document and its includes). */
export function driftCount(analysis: DocumentAnalysis): number {
  let drifts = 0;
  for (const finding of analysis.report.findings) if (finding.rule.startsWith('drift-')) drifts++;
  return drifts;
}
