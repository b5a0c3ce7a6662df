/**
 * Matching two revisions of a configuration by identity, never by line: pools by their key
 * (`http:upstream backend`), members by the backend their address names (`memberIdentity`), and
 * repeats of one identity by occurrence order. The pairs come in the current order, with what
 * the stable revision had and the current one lacks placed after the item that preceded it there,
 * so a table or a diff reads in the file's order.
 *
 * Everything is linear: one map per list. Members of a pool whose addresses are written exactly
 * as before, in the same order (most pools, on most edits), are paired by position without
 * normalising a single address.
 */
import type { Member, Model, Pool } from '../core/model';
import { memberIdentity } from '../traffic';

export interface MemberPair {
  readonly stable?: Member;
  readonly current?: Member;
  /** Index into the stable pool's members. */
  readonly stableIndex?: number;
  /** Index into the current pool's members. */
  readonly currentIndex?: number;
}

export interface PoolPair {
  readonly stable?: Pool;
  readonly current?: Pool;
  readonly members: readonly MemberPair[];
}

/** A pairing of two lists: indices, -1 where one side has no item. */
export interface Alignment {
  readonly stable: number;
  readonly current: number;
}

/**
 * Pairs items with equal keys, the n-th stable occurrence of a key with the n-th current one.
 * Unpaired stable items follow the pair of the nearest paired stable item before them.
 */
export function align<T>(stable: readonly T[], current: readonly T[], keyOf: (item: T, side: 'stable' | 'current') => string): Alignment[] {
  // Most edits keep every key in place: then the pairing is by position.
  if (stable.length === current.length) {
    let same = true;
    for (let i = 0; i < stable.length && same; i++) same = keyOf(stable[i]!, 'stable') === keyOf(current[i]!, 'current');
    if (same) return current.map((_, i) => ({ stable: i, current: i }));
  }
  const queues = new Map<string, number[]>();
  for (let s = 0; s < stable.length; s++) {
    const key = keyOf(stable[s]!, 'stable');
    const queue = queues.get(key);
    if (queue) queue.push(s);
    else queues.set(key, [s]);
  }
  const stableOf = new Int32Array(current.length).fill(-1);
  const currentOf = new Int32Array(stable.length).fill(-1);
  const taken = new Map<string, number>();
  for (let c = 0; c < current.length; c++) {
    const key = keyOf(current[c]!, 'current');
    const queue = queues.get(key);
    const next = taken.get(key) ?? 0;
    if (!queue || next >= queue.length) continue;
    taken.set(key, next + 1);
    stableOf[c] = queue[next]!;
    currentOf[queue[next]!] = c;
  }
  // Unpaired stable items, grouped by the current index of the paired item before them.
  const after = new Map<number, number[]>();
  let anchor = -1;
  for (let s = 0; s < stable.length; s++) {
    if (currentOf[s]! >= 0) anchor = currentOf[s]!;
    else {
      const group = after.get(anchor);
      if (group) group.push(s);
      else after.set(anchor, [s]);
    }
  }
  const out: Alignment[] = [];
  for (const s of after.get(-1) ?? []) out.push({ stable: s, current: -1 });
  for (let c = 0; c < current.length; c++) {
    out.push({ stable: stableOf[c]!, current: c });
    for (const s of after.get(c) ?? []) out.push({ stable: s, current: -1 });
  }
  return out;
}

function sameAddresses(stable: Pool, current: Pool): boolean {
  if (stable.members.length !== current.members.length || stable.context !== current.context || stable.kind !== current.kind) return false;
  for (let i = 0; i < stable.members.length; i++) if (stable.members[i]!.address !== current.members[i]!.address) return false;
  return true;
}

/** The members of two revisions of a pool (either may be missing), paired by identity. */
export function matchMembers(stable: Pool | undefined, current: Pool | undefined): MemberPair[] {
  if (stable && current && sameAddresses(stable, current)) {
    return current.members.map((member, i) => ({ stable: stable.members[i]!, current: member, stableIndex: i, currentIndex: i }));
  }
  const stableMembers = stable?.members ?? [];
  const currentMembers = current?.members ?? [];
  const alignment = align(stableMembers, currentMembers, (member, side) => memberIdentity(member, (side === 'stable' ? stable : current)!));
  return alignment.map(({ stable: s, current: c }) => {
    if (s < 0) return { current: currentMembers[c]!, currentIndex: c };
    if (c < 0) return { stable: stableMembers[s]!, stableIndex: s };
    return { stable: stableMembers[s]!, current: currentMembers[c]!, stableIndex: s, currentIndex: c };
  });
}

/** The pools of two revisions paired by key, each with its members paired. */
export function matchPools(stable: Model | undefined, current: Model): PoolPair[] {
  const stablePools = stable?.pools ?? [];
  return align(stablePools, current.pools, (pool) => pool.key).map(({ stable: s, current: c }): PoolPair => {
    if (s < 0) return { current: current.pools[c]!, members: matchMembers(undefined, current.pools[c]) };
    if (c < 0) return { stable: stablePools[s]!, members: matchMembers(stablePools[s], undefined) };
    const stablePool = stablePools[s]!;
    const currentPool = current.pools[c]!;
    return { stable: stablePool, current: currentPool, members: matchMembers(stablePool, currentPool) };
  });
}
