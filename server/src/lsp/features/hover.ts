/**
 * Hover: on a member, its weight, share, fair share and why; on a pool name or a reference to a
 * pool, the pool's share table.
 */
import { MarkupKind, type Hover } from 'vscode-languageserver/node';
import type { DocumentAnalysis } from '../document-analysis';
import { contains, Ranges } from '../ranges';
import { describeMember, describePool } from './describe';

export function hoverAt(analysis: DocumentAnalysis, offset: number): Hover | null {
  const { report, path } = analysis;
  const model = report.model;
  if (!model) return null;
  const ranges = new Ranges(analysis);
  for (const pool of model.pools) {
    if (contains(pool.nameLoc, path, offset)) {
      return markdown(describePool(pool, report.shares(pool)), ranges.range(pool.nameLoc));
    }
    if (pool.loc.file !== path && !pool.members.some((m) => m.loc.file === path)) continue;
    const index = pool.members.findIndex((m) => contains(m.loc, path, offset));
    if (index >= 0) return markdown(describeMember(pool, index, report.shares(pool)), ranges.range(pool.members[index]!.loc));
  }
  for (const reference of model.references) {
    if (!reference.pool || !contains(reference.nameLoc, path, offset)) continue;
    const pool = model.pools.find((p) => p.key === reference.pool);
    if (pool) return markdown(describePool(pool, report.shares(pool)), ranges.range(reference.nameLoc));
  }
  return null;
}

function markdown(value: string, range: Hover['range']): Hover {
  return { contents: { kind: MarkupKind.Markdown, value }, ...(range ? { range } : {}) };
}
