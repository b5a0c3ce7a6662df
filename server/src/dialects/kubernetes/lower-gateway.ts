/**
 * Gateway API routes (HTTPRoute, GRPCRoute, TCPRoute, TLSRoute, UDPRoute; v1, v1beta1, v1alpha2):
 * each rule with backendRefs is a split pool whose members are its backends.
 *
 * Weights as the spec defines them (gateway-api apis/v1/shared_types.go, BackendRef.Weight, at
 * commit 4564255ac2c35d582249b3cdf261bdf51c8bca32): a backend gets weight/(sum of the rule's
 * weights); weight defaults to 1; weight 0 forwards no traffic; the sum need not be 100.
 */
import type { Pool, Reference } from '../../core/model';
import { loc } from '../../core/span';
import type { ManifestObject } from './documents';
import { namespaceOf } from './names';
import { fact, makePool, splitMember } from './pool';
import { get, items, number, spanOf, text, type At } from './yaml-nodes';

export const ROUTE_KINDS = new Set(['HTTPRoute', 'GRPCRoute', 'TCPRoute', 'TLSRoute', 'UDPRoute']);

export function lowerRoute(file: string, object: ManifestObject, pools: Pool[], references: Reference[]): void {
  const namespace = namespaceOf(object.namespace);
  items(get(get(object.at, 'spec'), 'rules')).forEach((rule, index) => {
    const refs = items(get(rule, 'backendRefs'));
    if (refs.length === 0) return;
    const ruleName = text(get(rule, 'name'));
    const label = `${object.name} rule ${ruleName ?? index + 1}`;
    const members = refs.flatMap((ref) => {
      const nameAt = get(ref, 'name');
      const name = text(nameAt);
      if (!name || !nameAt) return [];
      const kind = text(get(ref, 'kind')) ?? 'Service';
      const refNamespace = text(get(ref, 'namespace'));
      const port = text(get(ref, 'port'));
      const weightAt = get(ref, 'weight');
      const weight = number(weightAt);
      if (kind === 'Service') {
        references.push({
          kind: 'backendRef',
          name,
          context: namespaceOf(refNamespace ?? namespace),
          loc: loc(file, spanOf(ref)),
          nameLoc: loc(file, spanOf(nameAt)),
          scope: `${object.kind} ${namespace}/${object.name} > ${label}`,
        });
      }
      return [
        splitMember(file, {
          address: `${refNamespace ? `${refNamespace}/` : ''}${name}${port ? `:${port}` : ''}`,
          addressSpan: spanOf(nameAt),
          span: spanOf(ref),
          weight: weight ?? 1,
          ...(weight !== undefined && weightAt ? { weightSpan: spanOf(weightAt) } : {}),
          ...(kind !== 'Service' ? { name: kind } : {}),
        }),
      ];
    });
    if (members.length === 0) return;
    const facts: Record<string, ReturnType<typeof fact>> = {};
    const mirror = mirrorOf(rule);
    if (mirror) {
      facts.mirror = fact(file, mirror.name, mirror.span);
      if (mirror.percent !== undefined) facts.mirrorPercentage = fact(file, String(mirror.percent), mirror.span);
    }
    // The split applies to the requests the rule's matches select, on the Gateways the route attaches to.
    const matchesAt = get(rule, 'matches');
    const matches = items(matchesAt).map(gatewayMatchText).filter(Boolean);
    if (matches.length > 0 && matchesAt) facts.matches = fact(file, matches.join(' or '), spanOf(matchesAt));
    const parentsAt = get(get(object.at, 'spec'), 'parentRefs');
    const parents = items(parentsAt).flatMap((p) => text(get(p, 'name')) ?? []);
    if (parents.length > 0 && parentsAt) facts.parentRefs = fact(file, parents.join(', '), spanOf(parentsAt));
    pools.push(
      makePool(file, {
        key: `${object.kind} ${namespace}/${object.name} rule ${ruleName ?? index + 1}`,
        name: label,
        dialect: 'gateway-api',
        kind: 'split',
        context: object.kind,
        span: spanOf(rule),
        nameSpan: object.nameSpan,
        algorithm: 'weighted-split',
        algorithmText: 'backendRefs weights',
        members,
        facts,
      }),
    );
  });
}

/** A RequestMirror filter copies requests to another backend without taking any share. */
function mirrorOf(rule: At): { name: string; span: { start: number; end: number }; percent?: number } | undefined {
  for (const filter of items(get(rule, 'filters'))) {
    if (text(get(filter, 'type')) !== 'RequestMirror') continue;
    const mirror = get(filter, 'requestMirror');
    const nameAt = get(get(mirror, 'backendRef'), 'name');
    const name = text(nameAt);
    if (!name || !nameAt) continue;
    // Gateway API v1.2 adds `percent` or `fraction` (numerator / denominator, default 100); without them every request is copied.
    const percent = number(get(mirror, 'percent'));
    const numerator = number(get(get(mirror, 'fraction'), 'numerator'));
    const denominator = number(get(get(mirror, 'fraction'), 'denominator')) ?? 100;
    const share = percent ?? (numerator !== undefined && denominator > 0 ? Math.round((numerator / denominator) * 10000) / 100 : undefined);
    return { name, span: spanOf(nameAt), ...(share !== undefined ? { percent: share } : {}) };
  }
  return undefined;
}

/** One HTTPRoute/GRPCRoute match in words: `path PathPrefix /api, header x-canary`. */
function gatewayMatchText(match: At): string {
  const parts: string[] = [];
  const pathAt = get(match, 'path');
  const value = text(get(pathAt, 'value'));
  if (value) parts.push(`path ${text(get(pathAt, 'type')) ?? 'PathPrefix'} ${value}`);
  for (const header of items(get(match, 'headers'))) parts.push(`header ${text(get(header, 'name')) ?? '?'}`);
  for (const query of items(get(match, 'queryParams'))) parts.push(`query ${text(get(query, 'name')) ?? '?'}`);
  const method = get(match, 'method');
  const methodText = text(method) ?? text(get(method, 'method'));
  if (methodText) parts.push(`method ${methodText}`);
  return parts.join(', ');
}
