/**
 * The outline of a Kubernetes manifest (dialects/kubernetes/outline.ts) as document symbols: one
 * per object, named by kind and name, with its routes, destinations, subsets, backendRefs and
 * Ingress paths; a destination, backendRef or path that is a member of a split shows its weight
 * and share (a main Ingress path also its canary's, when the canary is in another file).
 */
import { SymbolKind, type DocumentSymbol } from 'vscode-languageserver/node';
import type { Span } from '../../core/span';
import { outlineOfText, type OutlineItem, type OutlineRole } from '../../dialects/kubernetes/outline';
import type { DocumentAnalysis } from '../document-analysis';
import { poolPercents } from './share-labels';

const KINDS: Record<OutlineRole, SymbolKind> = {
  object: SymbolKind.Class,
  route: SymbolKind.Enum,
  destination: SymbolKind.Field,
  subset: SymbolKind.Struct,
  path: SymbolKind.Field,
};

export function kubernetesSymbols(analysis: DocumentAnalysis): DocumentSymbol[] {
  const { document, path, report } = analysis;
  const shares = memberShares(analysis);
  const range = (span: Span) => ({ start: document.positionAt(span.start), end: document.positionAt(span.end) });
  const symbol = (item: OutlineItem): DocumentSymbol => {
    const share = item.member ? shares.get(item.member.start) : undefined;
    const detail = [item.detail, share].filter(Boolean).join(' · ');
    return {
      name: item.name,
      ...(detail ? { detail } : {}),
      kind: KINDS[item.role],
      range: range(item.span),
      selectionRange: range(item.selection),
      children: item.children.map(symbol),
    };
  };
  if (!report.model) return [];
  return outlineOfText(path, document.getText()).map(symbol);
}

/** The share text of every split member of this file, by where the member starts. */
function memberShares(analysis: DocumentAnalysis): Map<number, string> {
  const { report, path } = analysis;
  const out = new Map<number, string>();
  for (const pool of report.model?.pools ?? []) {
    if (pool.kind !== 'split') continue;
    const labels = poolPercents(report.shares(pool).members.map((m) => m.share));
    pool.members.forEach((member, i) => {
      if (member.loc.file !== path) return;
      const weight = member.weightExplicit || pool.dialect !== 'istio' ? `weight ${member.weight}` : 'no weight';
      const text = `${member.name && member.name !== 'main' ? `${member.name} ` : ''}${weight} · ${labels[i] ?? '0%'}`;
      const before = out.get(member.loc.start);
      out.set(member.loc.start, before ? `${before} · ${text}` : text);
    });
  }
  return out;
}
