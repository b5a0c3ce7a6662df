/**
 * Where something the stable revision had goes back: a removed pool next to the pools that
 * surround it in both revisions, a removed member after the member that preceded it.
 */
import type { Pool } from '../core/model';
import type { Loc } from '../core/span';
import type { PoolPair } from './match';
import { lineEnd } from './text';
import type { DriftView } from './view';

export type PoolPlace =
  /** Right after this current pool, which preceded the removed one at stable. */
  | { readonly kind: 'after'; readonly pool: Pool; readonly stableNeighbour: Pool }
  /** Right before this current pool, which followed it. */
  | { readonly kind: 'before'; readonly pool: Pool; readonly stableNeighbour: Pool }
  /** No pool of its context survives: the line it started on, in the analysed file. */
  | { readonly kind: 'line'; readonly file: string; readonly line: number };

const currentOfMemo = new WeakMap<readonly PoolPair[], Map<Pool, Pool>>();

function currentOf(view: DriftView): Map<Pool, Pool> {
  let map = currentOfMemo.get(view.pairs);
  if (!map) {
    map = new Map();
    for (const pair of view.pairs) if (pair.stable && pair.current) map.set(pair.stable, pair.current);
    currentOfMemo.set(view.pairs, map);
  }
  return map;
}

/** Where a pool that only the stable revision has would be put back. */
export function removedPoolPlace(view: DriftView, removed: Pool): PoolPlace {
  const pools = view.stable.model.pools;
  const survivors = currentOf(view);
  const index = pools.indexOf(removed);
  const fits = (p: Pool): boolean => p.context === removed.context && survivors.has(p);
  for (let i = index - 1; i >= 0; i--) {
    if (fits(pools[i]!)) return { kind: 'after', pool: survivors.get(pools[i]!)!, stableNeighbour: pools[i]! };
  }
  for (let i = index + 1; i < pools.length; i++) {
    if (fits(pools[i]!)) return { kind: 'before', pool: survivors.get(pools[i]!)!, stableNeighbour: pools[i]! };
  }
  const stableText = view.stable.sources.get(removed.loc.file) ?? '';
  let line = 0;
  for (let i = 0; i < removed.loc.start && i < stableText.length; i++) if (stableText.charCodeAt(i) === 10) line++;
  // A pool that lived in an include at stable has no better home than the analysed file.
  return { kind: 'line', file: view.root, line };
}

/** A small range for a finding about a removed pool: a neighbour's brace or name, else line 1. */
export function removedPoolRange(view: DriftView, place: PoolPlace): Loc {
  if (place.kind === 'after') return { file: place.pool.loc.file, start: place.pool.loc.end - 1, end: place.pool.loc.end };
  if (place.kind === 'before') return { file: place.pool.loc.file, start: place.pool.loc.start, end: place.pool.nameLoc.end };
  const text = view.sources.get(place.file) ?? '';
  return { file: place.file, start: 0, end: Math.max(lineEnd(text, 0), Math.min(1, text.length)) };
}
