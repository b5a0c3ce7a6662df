/**
 * Which fraction of a HAProxy backend's hash space reaches another server after a change: for
 * two map-based tables, exactly over the residues of the least common multiple of their sizes;
 * for two consistent trees, exactly over the arcs where the nearest node's server differs;
 * otherwise (a table against a tree, or tables too large to pair) measured on 2^20 evenly spaced
 * hash values. Servers are the same backend when their addresses are (repeats paired in order).
 * Both versions must hash the same key with the same function, or nothing is comparable.
 */
import type { Member, Pool } from '../../core/model';
import { memberIdentity } from '../address-key';
import { balancerOf, HASHING } from './balancer';
import { ChashTree } from './chash';
import { ServerMap } from './map';
import type { HaServer } from './servers';
import { GRID, mapRemovalRemap, tableRemap } from './table-remap';

const SPACE = 2 ** 32;

export interface HaproxyRemap {
  readonly fraction: number;
  readonly exact: boolean;
}

export function haproxyRemapComparable(a: Pool, b: Pool): boolean {
  return (
    a.dialect === 'haproxy' &&
    b.dialect === 'haproxy' &&
    HASHING.has(a.algorithm) &&
    HASHING.has(b.algorithm) &&
    a.hash !== undefined &&
    a.hash.key === b.hash?.key &&
    a.hash.function === b.hash.function
  );
}

type Lookup = {
  readonly owner: (hash: number) => number;
  /** Per slot of a map-based table: the identity number of its server. */
  readonly slotIds?: Int32Array;
  readonly tree?: ChashTree;
};

/** Numbers each member by identity; the k-th repeat of an address is the same backend in both. */
function identityNumbers(pool: Pool, members: readonly Member[], ids: Map<string, number>): Int32Array {
  const seen = new Map<string, number>();
  const numbers = new Int32Array(members.length);
  members.forEach((member, index) => {
    const base = memberIdentity(member, pool);
    const repeat = seen.get(base) ?? 0;
    seen.set(base, repeat + 1);
    const identity = `${base}#${repeat}`;
    let id = ids.get(identity);
    if (id === undefined) {
      id = ids.size;
      ids.set(identity, id);
    }
    numbers[index] = id;
  });
  return numbers;
}

function lookupOf(pool: Pool, members: readonly Member[], identity: Int32Array): Lookup {
  const balancer = balancerOf(pool, members);
  const { group } = balancer;
  if (!group) return { owner: () => -1 };
  const id = (server: HaServer): number => identity[server.member]!;
  if (balancer.used === 1) {
    // HAProxy does not hash with one usable server: every key goes there.
    const only = group.only ?? group.servers[0]!;
    return { owner: () => id(only) };
  }
  if (pool.hash?.consistent) {
    const tree = new ChashTree(group);
    return { owner: (h) => id(tree.byHash(h)), tree };
  }
  const map = new ServerMap(group, balancer.servers);
  // A loop rather than Int32Array.from with a mapping function, which goes through the iterator protocol.
  const slotIds = new Int32Array(map.slots.length);
  for (let i = 0; i < slotIds.length; i++) slotIds[i] = id(group.servers[map.slots[i]!]!);
  return { owner: (h) => slotIds[h % slotIds.length]!, slotIds };
}

/** Ownership of a tree as arcs: [start of arc, owner] in ascending order, covering 2^32. */
function arcs(tree: ChashTree, owner: (h: number) => number): { starts: number[]; owners: number[] } {
  const { keys } = tree;
  const n = keys.length;
  const starts: number[] = [];
  const owners: number[] = [];
  // Between nodes i and i+1 the boundary is after half the gap; compute each boundary exactly.
  for (let i = 0; i < n; i++) {
    const next = (i + 1) % n;
    let gap = keys[next]! - keys[i]!;
    if (next === 0) gap += SPACE;
    const boundary = (keys[i]! + Math.floor(gap / 2) + 1) % SPACE;
    starts.push(boundary);
  }
  const order = starts.map((s, i) => [s, i] as const).sort((x, y) => x[0] - y[0]);
  for (const [start] of order) owners.push(owner(start));
  return { starts: order.map(([s]) => s), owners };
}

function treeRemap(a: ChashTree, ownerA: Lookup['owner'], b: ChashTree, ownerB: Lookup['owner']): number {
  const x = arcs(a, ownerA);
  const y = arcs(b, ownerB);
  const cuts = [...new Set([0, ...x.starts, ...y.starts])].sort((p, q) => p - q);
  let moved = 0;
  for (let i = 0; i < cuts.length; i++) {
    const start = cuts[i]!;
    const end = i + 1 < cuts.length ? cuts[i + 1]! : SPACE;
    if (ownerA(start) !== ownerB(start)) moved += end - start;
  }
  return moved / SPACE;
}

function gridRemap(ownerA: Lookup['owner'], ownerB: Lookup['owner']): number {
  let moved = 0;
  const step = SPACE / GRID;
  for (let i = 0; i < GRID; i++) {
    const h = Math.floor(i * step + step / 2);
    if (ownerA(h) !== ownerB(h)) moved++;
  }
  return moved / GRID;
}

export function haproxyKeyRemap(a: Pool, b: Pool): HaproxyRemap {
  return remapBetween(a, a.members, b, b.members);
}

/**
 * The remap of removing one member from a pool (hash-not-consistent asks it of every map-based
 * pool), without copying the pool.
 */
export function haproxyRemovalRemap(pool: Pool, removed: Member): HaproxyRemap {
  const members = pool.members;
  const at = members.indexOf(removed);
  if (at < 0 || repeatedLater(pool, members, at)) return remapBetween(pool, members, pool, members.filter((m) => m !== removed));
  // Every server keeps its identity: the repeats of an address are paired in order, and only a
  // repeat of the removed server's address written after it would pair with another server. So
  // the position in the pool identifies a server, without reading any address.
  const fromTables = mapRemovalRemap(pool, at);
  if (fromTables) return fromTables;
  const rest = members.filter((m) => m !== removed);
  const identityA = new Int32Array(members.length);
  for (let i = 0; i < identityA.length; i++) identityA[i] = i;
  const identityB = new Int32Array(rest.length);
  for (let j = 0; j < identityB.length; j++) identityB[j] = j < at ? j : j + 1;
  return remapOf(lookupOf(pool, members, identityA), lookupOf(pool, rest, identityB));
}

/** Whether a server after position `at` has the same address as the one there. */
function repeatedLater(pool: Pool, members: readonly Member[], at: number): boolean {
  if (at === members.length - 1) return false;
  const identity = memberIdentity(members[at]!, pool);
  for (let i = at + 1; i < members.length; i++) if (memberIdentity(members[i]!, pool) === identity) return true;
  return false;
}

function remapBetween(a: Pool, membersA: readonly Member[], b: Pool, membersB: readonly Member[]): HaproxyRemap {
  const ids = new Map<string, number>();
  return remapOf(lookupOf(a, membersA, identityNumbers(a, membersA, ids)), lookupOf(b, membersB, identityNumbers(b, membersB, ids)));
}

function remapOf(x: Lookup, y: Lookup): HaproxyRemap {
  if (x.slotIds && y.slotIds) {
    const exact = tableRemap(x.slotIds, y.slotIds);
    if (exact !== undefined) return { fraction: exact, exact: true };
  }
  if (x.tree && y.tree) return { fraction: treeRemap(x.tree, x.owner, y.tree, y.owner), exact: true };
  if (!x.slotIds && !x.tree && !y.slotIds && !y.tree) return { fraction: x.owner(0) === y.owner(0) ? 0 : 1, exact: true };
  return { fraction: gridRemap(x.owner, y.owner), exact: false };
}
