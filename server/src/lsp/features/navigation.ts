/**
 * Go to definition from a reference (`proxy_pass http://app`, a split_clients value) to the pool,
 * and find every reference of a pool. Kubernetes manifests navigate between objects instead.
 */
import type { Location } from 'vscode-languageserver/node';
import type { Pool } from '../../core/model';
import type { DocumentAnalysis } from '../document-analysis';
import { contains, Ranges } from '../ranges';
import type { ManifestReader } from './kubernetes-files';
import { kubernetesDefinition, kubernetesReferences } from './kubernetes-navigation';

export function definitionAt(analysis: DocumentAnalysis, offset: number, manifests?: ManifestReader): Location | Location[] | null {
  const model = analysis.report.model;
  if (!model) return null;
  // Kubernetes objects name each other across the repository's files (kubernetes-navigation.ts).
  if (model.dialect === 'kubernetes' && manifests) return kubernetesDefinition(analysis, offset, manifests);
  const reference = model.references.find((r) => r.pool && contains(r.nameLoc, analysis.path, offset));
  const pool = reference && model.pools.find((p) => p.key === reference.pool);
  if (pool) return new Ranges(analysis).location(pool.nameLoc);
  // A rule naming a member of its own pool (HAProxy `use-server`) leads to the member's name.
  for (const candidate of model.pools) {
    const rule = candidate.memberReferences?.find((r) => r.member !== undefined && contains(r.nameLoc, analysis.path, offset));
    const nameLoc = rule && candidate.members[rule.member!]!.nameLoc;
    if (nameLoc) return new Ranges(analysis).location(nameLoc);
  }
  return null;
}

export function referencesAt(analysis: DocumentAnalysis, offset: number, includeDeclaration: boolean, manifests?: ManifestReader): Location[] {
  if (analysis.report.model?.dialect === 'kubernetes' && manifests) return kubernetesReferences(analysis, offset, includeDeclaration, manifests);
  const member = memberReferencesAt(analysis, offset, includeDeclaration);
  if (member) return member;
  const pool = poolAt(analysis, offset);
  const model = analysis.report.model;
  if (!pool || !model) return [];
  const ranges = new Ranges(analysis);
  const locations = model.references.filter((r) => r.pool === pool.key).map((r) => ranges.location(r.nameLoc));
  return includeDeclaration ? [ranges.location(pool.nameLoc), ...locations] : locations;
}

/** The pool whose name, or a reference to which, is at the offset. */
function poolAt(analysis: DocumentAnalysis, offset: number): Pool | undefined {
  const model = analysis.report.model;
  if (!model) return undefined;
  const declared = model.pools.find((p) => contains(p.nameLoc, analysis.path, offset));
  if (declared) return declared;
  const reference = model.references.find((r) => r.pool && contains(r.nameLoc, analysis.path, offset));
  return reference && model.pools.find((p) => p.key === reference.pool);
}

/** The `use-server` rules naming the member whose name, or a rule naming which, is at the offset. */
function memberReferencesAt(analysis: DocumentAnalysis, offset: number, includeDeclaration: boolean): Location[] | undefined {
  const ranges = new Ranges(analysis);
  for (const pool of analysis.report.model?.pools ?? []) {
    const rules = pool.memberReferences ?? [];
    const at = rules.find((r) => r.member !== undefined && contains(r.nameLoc, analysis.path, offset))?.member ??
      pool.members.findIndex((m) => m.nameLoc !== undefined && contains(m.nameLoc, analysis.path, offset));
    if (at === undefined || at < 0) continue;
    const declared = pool.members[at]!.nameLoc;
    const uses = rules.filter((r) => r.member === at).map((r) => ranges.location(r.nameLoc));
    return includeDeclaration && declared ? [ranges.location(declared), ...uses] : uses;
  }
  return undefined;
}
