/**
 * Routes of two revisions: each place that sends traffic somewhere (`proxy_pass` in a location),
 * paired by where it sits (its context, kind and enclosing blocks, repeats by order), never by
 * line, and what it sends the traffic to: a pool, or a host that is no pool.
 */
import type { Model, Pool, Reference } from '../core/model';
import { align } from './match';

export type RouteTarget = { readonly kind: 'pool'; readonly pool: Pool } | { readonly kind: 'host'; readonly name: string };

export interface RoutePair {
  readonly stable: Reference;
  readonly current: Reference;
}

/** References with a place to pair them by; split targets are members of a split, not routes. */
function routes(model: Model): Reference[] {
  return model.references.filter((r) => r.kind !== 'split-target' && r.scope !== undefined);
}

const placeOf = (reference: Reference): string => `${reference.context}\u0000${reference.kind}\u0000${reference.scope}`;

/** The references found at the same place in both revisions. */
export function matchRoutes(stable: Model, current: Model): RoutePair[] {
  const before = routes(stable);
  const after = routes(current);
  const pairs: RoutePair[] = [];
  for (const { stable: s, current: c } of align(before, after, placeOf)) {
    if (s >= 0 && c >= 0) pairs.push({ stable: before[s]!, current: after[c]! });
  }
  return pairs;
}

const poolsByKey = new WeakMap<Model, Map<string, Pool>>();

/** What a reference sends its traffic to, in its model. */
export function routeTarget(model: Model, reference: Reference): RouteTarget {
  let pools = poolsByKey.get(model);
  if (!pools) {
    pools = new Map();
    for (const pool of model.pools) if (!pools.has(pool.key)) pools.set(pool.key, pool);
    poolsByKey.set(model, pools);
  }
  const pool = reference.pool === undefined ? undefined : pools.get(reference.pool);
  return pool ? { kind: 'pool', pool } : { kind: 'host', name: reference.name };
}

/** Whether two targets are the same pool (by key) or the same host (names ignore case, as DNS does). */
export function sameTarget(a: RouteTarget, b: RouteTarget): boolean {
  if (a.kind === 'pool' && b.kind === 'pool') return a.pool.key === b.pool.key;
  if (a.kind === 'host' && b.kind === 'host') return a.name.toLowerCase() === b.name.toLowerCase();
  return false;
}

/** `server example.com > location /api` for a message: the scope without its top block or an unnamed server. */
export function placeLabel(reference: Reference): string {
  const parts = (reference.scope ?? '').split(' > ').filter((p) => p !== '' && p !== 'http' && p !== 'stream' && p !== 'server');
  return parts.length > 0 ? parts.join(' > ') : reference.context;
}
