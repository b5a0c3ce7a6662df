/**
 * The outline: pools with their members, for the pools and members located in this document;
 * for HAProxy also the frontends, in the order of the file; for Kubernetes its objects.
 */
import { SymbolKind, type DocumentSymbol } from 'vscode-languageserver/node';
import { percent } from '../../core/format';
import type { DocumentAnalysis } from '../document-analysis';
import { Ranges } from '../ranges';
import { poolWord } from './describe';
import { haproxyFrontends } from './haproxy-outline';
import { kubernetesSymbols } from './kubernetes-outline';

/** No answer (null) without a model (a file too large, say), so the editor keeps its own outline. */
export function documentSymbols(analysis: DocumentAnalysis): DocumentSymbol[] | null {
  const { report, path } = analysis;
  if (!report.model) return null;
  // A manifest's outline is its objects, one per document (kubernetes-outline.ts).
  if (report.model.dialect === 'kubernetes') return kubernetesSymbols(analysis);
  const ranges = new Ranges(analysis);
  const symbols: DocumentSymbol[] = [];
  for (const pool of report.model.pools) {
    if (pool.loc.file !== path) continue;
    const shares = report.shares(pool);
    const children: DocumentSymbol[] = [];
    pool.members.forEach((member, i) => {
      if (member.loc.file !== path) return;
      children.push({
        name: member.name ?? (member.address || '""'),
        detail: `${member.name ? `${member.address} · ` : ''}weight ${member.weight} · ${percent(shares.members[i]?.share ?? 0)}${member.role === 'backup' ? ' · backup' : ''}${member.state !== 'up' ? ` · ${member.state}` : ''}`,
        kind: SymbolKind.Field,
        range: ranges.range(member.loc),
        selectionRange: ranges.range(member.addressLoc),
      });
    });
    symbols.push({
      name: `${pool.kind === 'split' ? 'split_clients' : poolWord(pool)} ${pool.name}`,
      detail: pool.algorithmText || pool.algorithm,
      kind: pool.kind === 'split' ? SymbolKind.Enum : SymbolKind.Class,
      range: ranges.range(pool.loc),
      selectionRange: ranges.range(pool.nameLoc),
      children,
    });
  }
  if (report.model.dialect !== 'haproxy') return symbols;
  const byPosition = (a: DocumentSymbol, b: DocumentSymbol) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character;
  return [...haproxyFrontends(analysis), ...symbols].sort(byPosition);
}
