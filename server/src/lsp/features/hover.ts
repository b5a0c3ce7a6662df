/**
 * Hover: on a member, its weight, share, fair share and why; on a pool name or a reference to a
 * pool, the pool's share table.
 */
import { MarkupKind, type Hover } from 'vscode-languageserver/node';
import { contains, Ranges } from '../ranges';
import { describeMember, describePool } from './describe';
import { describeKubernetesMember, isKubernetesSplit } from './kubernetes-hover';
import { matchPools } from '../../drift/match';
import { percent } from '../../core/format';
import type { Pool } from '../../core/model';
import type { DocumentAnalysis } from '../document-analysis';

export function hoverAt(analysis: DocumentAnalysis, offset: number): Hover | null {
  const { report, path } = analysis;
  const model = report.model;
  if (!model) return null;
  const ranges = new Ranges(analysis);
  // A HAProxy `track BACKEND/SERVER` sits inside its server line; its backend name means that backend.
  const tracked = model.references.find((r) => r.kind === 'track' && r.pool && contains(r.nameLoc, path, offset));
  const trackedPool = tracked && model.pools.find((p) => p.key === tracked.pool);
  if (trackedPool) return markdown(describePool(trackedPool, report.shares(trackedPool)), ranges.range(tracked.nameLoc));
  for (const pool of model.pools) {
    if (contains(pool.nameLoc, path, offset)) {
      return markdown(describePool(pool, report.shares(pool)), ranges.range(pool.nameLoc));
    }
    if (pool.loc.file !== path && !pool.members.some((m) => m.loc.file === path)) continue;
    const index = pool.members.findIndex((m) => contains(m.loc, path, offset));
    // A canary's weight annotations explain the canary's share.
    const canaryAt = index < 0 && pool.dialect === 'ingress-nginx' && pool.kind === 'split' ? canaryAnnotationAt(pool, path, offset) : undefined;
    if (canaryAt) return markdown(describeKubernetesMember(pool, pool.members.length - 1, report.shares(pool), model), ranges.range(canaryAt));
    if (index >= 0) {
      const shares = report.shares(pool);
      const described = isKubernetesSplit(pool) ? describeKubernetesMember(pool, index, shares, model) : describeMember(pool, index, shares);
      const text = described + stableNote(analysis, pool, index);
      return markdown(text, ranges.range(pool.members[index]!.loc));
    }
  }
  for (const reference of model.references) {
    if (!reference.pool || !contains(reference.nameLoc, path, offset)) continue;
    const pool = model.pools.find((p) => p.key === reference.pool);
    if (pool) return markdown(describePool(pool, report.shares(pool)), ranges.range(reference.nameLoc));
  }
  return null;
}

function canaryAnnotationAt(pool: Pool, path: string, offset: number): Pool['loc'] | undefined {
  return [pool.algorithmLoc, pool.facts.canaryWeightTotal?.loc].find((at) => at !== undefined && contains(at, path, offset));
}

/** For a member that drifted, what it was at the stable revision. */
function stableNote(analysis: DocumentAnalysis, pool: Pool, index: number): string {
  const stable = analysis.report.stable;
  const model = analysis.report.model;
  if (!stable || !model) return '';
  const pair = matchPools(stable.model, model).find((p) => p.current === pool);
  if (!pair) return '';
  const member = pair.members.find((m) => m.currentIndex === index);
  if (!member) return '';
  if (member.stable === undefined || member.stableIndex === undefined || !pair.stable) {
    return `\n\n**Since ${stable.ref}:** added (it was not in this pool).`;
  }
  const before = stable.shares(pair.stable).members[member.stableIndex]?.share ?? 0;
  const now = analysis.report.shares(pool).members[index]?.share ?? 0;
  const was = member.stable;
  const changes: string[] = [];
  if (was.weight !== pool.members[index]!.weight) changes.push(`weight ${was.weight} -> ${pool.members[index]!.weight}`);
  if (was.role !== pool.members[index]!.role) changes.push(`${was.role} -> ${pool.members[index]!.role}`);
  if (was.state !== pool.members[index]!.state) changes.push(`${was.state} -> ${pool.members[index]!.state}`);
  if (changes.length === 0 && Math.abs(before - now) < 0.0005) return `\n\n**Since ${stable.ref}:** unchanged (${percent(before)}).`;
  return `\n\n**Since ${stable.ref}:** share ${percent(before)} -> ${percent(now)}${changes.length > 0 ? ` (${changes.join(', ')})` : ' (other members changed)'}.`;
}

function markdown(value: string, range: Hover['range']): Hover {
  return { contents: { kind: MarkupKind.Markdown, value }, ...(range ? { range } : {}) };
}
