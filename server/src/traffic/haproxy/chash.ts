/**
 * HAProxy's consistent-hash tree (lb_chash.c): every usable server of the serving group has
 * 16 nodes per unit of weight, node j keyed full_hash(id * 4096 + j) where id is the server id;
 * a hash goes to the nearer of the node at or after it and the node before it (the earlier one
 * on a tie), wrapping around. `random` draws its hash from the same tree, and a hashing pool
 * whose key is missing walks the nodes in key order (chash_get_next_server).
 */
import { fullHash } from './hash';
import type { HaServer, ServingGroup } from './servers';

/** Nodes per unit of weight (BE_WEIGHT_SCALE). */
export const NODES_PER_WEIGHT = 16;
/** Node keys of consecutive server ids are this far apart (SRV_EWGHT_RANGE). */
const ID_STRIDE = 4096;
const SPACE = 2 ** 32;
const ORDER_SPAN = 2 ** 21;

export class ChashTree {
  /** Node keys in ascending order (ties in insertion order). */
  readonly keys: Uint32Array;
  /** Per node: index into `group.servers`. */
  readonly owners: Int32Array;
  private last = -1;

  constructor(readonly group: ServingGroup) {
    let count = 0;
    for (const server of group.servers) count += server.weight * NODES_PER_WEIGHT;
    // Each node is packed as key * 2^21 + insertion order (exact in a double for fewer than 2^21
    // nodes: 256 servers of weight 256 make 2^20), so a numeric sort orders by key, then order.
    const packed = new Float64Array(count);
    const ownerByOrder = new Int32Array(count);
    let order = 0;
    group.servers.forEach((server, owner) => {
      const nodes = server.weight * NODES_PER_WEIGHT;
      for (let j = 0; j < nodes; j++, order++) {
        packed[order] = fullHash((Math.imul(server.id, ID_STRIDE) + j) >>> 0) * ORDER_SPAN + order;
        ownerByOrder[order] = owner;
      }
    });
    packed.sort();
    this.keys = new Uint32Array(count);
    this.owners = new Int32Array(count);
    for (let i = 0; i < count; i++) {
      const value = packed[i]!;
      const nodeOrder = value % ORDER_SPAN;
      this.keys[i] = (value - nodeOrder) / ORDER_SPAN;
      this.owners[i] = ownerByOrder[nodeOrder]!;
    }
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
    const counts = new Array<number>(this.group.servers.length).fill(0);
    if (this.group.only) {
      counts[this.group.servers.indexOf(this.group.only)] = 1;
      return counts;
    }
    const { keys, owners } = this;
    const n = keys.length;
    if (n === 1) {
      counts[owners[0]!] = 1;
      return counts;
    }
    for (let i = 0; i < n; i++) {
      const next = (i + 1) % n;
      // The gap between node i and the next; hashes up to half of it go back to node i.
      let gap = keys[next]! - keys[i]!;
      if (gap <= 0 && next === 0) gap += SPACE;
      const half = Math.floor(gap / 2);
      counts[owners[i]!]! += half;
      counts[owners[next]!]! += gap - half;
    }
    return counts.map((c) => c / SPACE);
  }
}
