/**
 * HAProxy's consistent-hash tree (lb_chash.c): every usable server of the serving group has
 * 16 nodes per unit of weight, node j keyed full_hash(id * 4096 + j) where id is the server id;
 * a hash goes to the nearer of the node at or after it and the node before it (the earlier one
 * on a tie), wrapping around. `random` draws its hash from the same tree, and a hashing pool
 * whose key is missing walks the nodes in key order (chash_get_next_server).
 */
import { fullHash } from './hash';
import { BoundedCache } from '../lru';
import type { Member } from '../../core/model';
import { serverId, serverWeight, type HaServer, type ServingGroup } from './servers';

/** What a tree reads of a server: its id, which keys its nodes, and its weight, their number. */
type TreeServer = Pick<HaServer, 'id' | 'weight'>;

/** Nodes per unit of weight (BE_WEIGHT_SCALE). */
export const NODES_PER_WEIGHT = 16;
/** Node keys of consecutive server ids are this far apart (SRV_EWGHT_RANGE). */
const ID_STRIDE = 4096;
const SPACE = 2 ** 32;

export class ChashTree {
  /** Node keys in ascending order (ties in insertion order). */
  readonly keys: Uint32Array;
  /** Per node: index into `group.servers`. */
  readonly owners: Int32Array;
  private last = -1;

  constructor(readonly group: ServingGroup) {
    const count = sortNodes(group.servers);
    this.keys = sortedKeys.slice(0, count);
    this.owners = sortedOwners.slice(0, count);
  }

  /** The node nearest to `hash` (chash_get_server_hash with nothing to avoid). */
  nodeFor(hash: number): number {
    const { keys } = this;
    let low = 0;
    let high = keys.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (keys[mid]! < hash) low = mid + 1;
      else high = mid;
    }
    const next = low === keys.length ? 0 : low;
    const prev = next === 0 ? keys.length - 1 : next - 1;
    const dp = (hash - keys[prev]!) >>> 0;
    const dn = (keys[next]! - hash) >>> 0;
    return dp <= dn ? prev : next;
  }

  byHash(hash: number): HaServer {
    if (this.group.only) return this.group.only;
    return this.group.servers[this.owners[this.nodeFor(hash)]!]!;
  }

  /** The round-robin walk over the nodes in key order. */
  next(): HaServer {
    if (this.group.only) return this.group.only;
    this.last = this.last + 1 >= this.keys.length ? 0 : this.last + 1;
    return this.group.servers[this.owners[this.last]!]!;
  }

  /** Per server of the group: the fraction of the 2^32 hash values that reach it. */
  shares(): number[] {
    return Array.from(chashShares(this.group));
  }
}

/**
 * Per server of the group: the fraction of the 2^32 hash values its nodes attract, computed once
 * per distinct list of (id, weight) and reused by shares, hash-not-consistent and unbalanced-ring
 * (which ask for the same tree several times per analysis, and again after every edit).
 */
export function chashShares(group: ServingGroup): Float64Array {
  if (group.only) {
    const only = new Float64Array(group.servers.length);
    only[group.servers.indexOf(group.only)] = 1;
    return only;
  }
  let key = '';
  for (const server of group.servers) key += `${server.id}:${server.weight},`;
  return sharesCache.get(key, () => computeShares(group.servers));
}

/**
 * `chashShares` of a group that is not one backup serving alone, given by member index
 * (`ServingMembers.members`): the same cached tree shares, per index of `serving`, with the
 * server of each node made only when the tree is not cached yet.
 */
export function chashSharesOfMembers(members: readonly Member[], serving: readonly number[]): Float64Array {
  let key = '';
  for (const index of serving) key += `${serverId(members[index]!, index)}:${serverWeight(members[index]!)},`;
  return sharesCache.get(key, () => computeShares(serving.map((index) => ({ id: serverId(members[index]!, index), weight: serverWeight(members[index]!) }))));
}

/** Entries hold a few numbers per server: 8192 of them stay well under a few MB. */
const sharesCache = new BoundedCache<Float64Array>(8192);

function computeShares(servers: readonly TreeServer[]): Float64Array {
  const out = new Float64Array(servers.length);
  const n = sortNodes(servers);
  if (n === 1) {
    out[sortedOwners[0]!] = 1;
    return out;
  }
  const keys = sortedKeys;
  const owners = sortedOwners;
  for (let i = 0; i < n; i++) {
    const next = i + 1 === n ? 0 : i + 1;
    // The gap between node i and the next; hashes up to half of it go back to node i.
    let gap = keys[next]! - keys[i]!;
    if (gap <= 0 && next === 0) gap += SPACE;
    const half = Math.floor(gap / 2);
    out[owners[i]!]! += half;
    out[owners[next]!]! += gap - half;
  }
  for (let i = 0; i < out.length; i++) out[i]! /= SPACE;
  return out;
}

/*
 * The nodes of a tree sorted by key, ties in insertion order, in scratch arrays reused by every
 * build (a tree is read right after it is sorted, never kept in them): a stable least significant
 * digit radix sort over three digits of 11 bits, linear in the nodes, with no allocation once
 * the scratch arrays are large enough.
 */
let sortedKeys = new Uint32Array(1024);
let sortedOwners = new Int32Array(1024);
let spareKeys = new Uint32Array(1024);
let spareOwners = new Int32Array(1024);
const DIGIT_BITS = 11;
const BUCKETS = 1 << DIGIT_BITS;
const histogram = new Int32Array(3 * BUCKETS);

/** Sorts the nodes of `servers` into `sortedKeys` and `sortedOwners`; returns how many there are. */
function sortNodes(servers: readonly TreeServer[]): number {
  let count = 0;
  for (const server of servers) count += server.weight * NODES_PER_WEIGHT;
  if (sortedKeys.length < count) {
    const size = Math.max(count, sortedKeys.length * 2);
    sortedKeys = new Uint32Array(size);
    sortedOwners = new Int32Array(size);
    spareKeys = new Uint32Array(size);
    spareOwners = new Int32Array(size);
  }
  histogram.fill(0);
  let keys = spareKeys;
  let owners = spareOwners;
  let order = 0;
  for (let owner = 0; owner < servers.length; owner++) {
    const server = servers[owner]!;
    const nodes = server.weight * NODES_PER_WEIGHT;
    const base = Math.imul(server.id, ID_STRIDE);
    for (let j = 0; j < nodes; j++, order++) {
      const key = fullHash((base + j) >>> 0);
      keys[order] = key;
      owners[order] = owner;
      histogram[key & (BUCKETS - 1)]!++;
      histogram[BUCKETS + ((key >>> DIGIT_BITS) & (BUCKETS - 1))]!++;
      histogram[2 * BUCKETS + (key >>> (2 * DIGIT_BITS))]!++;
    }
  }
  let outKeys = sortedKeys;
  let outOwners = sortedOwners;
  for (let pass = 0; pass < 3; pass++) {
    const shift = pass * DIGIT_BITS;
    const offset = pass * BUCKETS;
    // Bucket starts from the counts (an exclusive prefix sum).
    let sum = 0;
    for (let b = offset; b < offset + BUCKETS; b++) {
      const c = histogram[b]!;
      histogram[b] = sum;
      sum += c;
    }
    for (let i = 0; i < count; i++) {
      const key = keys[i]!;
      const at = histogram[offset + ((key >>> shift) & (BUCKETS - 1))]!++;
      outKeys[at] = key;
      outOwners[at] = owners[i]!;
    }
    [keys, outKeys] = [outKeys, keys];
    [owners, outOwners] = [outOwners, owners];
  }
  // After the last swap `keys` and `owners` hold the sorted nodes.
  [sortedKeys, spareKeys] = [keys, outKeys];
  [sortedOwners, spareOwners] = [owners, outOwners];
  return count;
}
