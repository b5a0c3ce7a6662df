/**
 * HAProxy's map-based lookup (lb_map.c): a table of `tot_weight` slots filled by a smooth
 * weighted pass in declaration order (weights divided by their greatest common divisor), read
 * at `hash % tot_weight` by the hashing algorithms and walked slot by slot by `static-rr` and by
 * the round-robin fallback of a hash whose key is missing.
 */
import type { HaServer, ServingGroup } from './servers';
import { weightGcd } from './servers';

export class ServerMap {
  /** Server per slot (indices into `group.servers`). */
  readonly slots: Int32Array;
  private rrIndex = 0;

  constructor(
    readonly group: ServingGroup,
    all: readonly HaServer[],
  ) {
    const gcd = weightGcd(all);
    // With a single backup serving alone, the table is as large as that backup's weight, but it
    // is still filled from every usable backup (recalc_server_map), as HAProxy does.
    this.slots = mapSlots(group.servers, gcd, group.only ? group.only.weight / gcd : undefined);
  }

  get total(): number {
    return this.slots.length;
  }

  byHash(hash: number): HaServer {
    return this.group.servers[this.slots[hash % this.slots.length]!]!;
  }

  /** The next slot of the static round-robin walk (map_get_server_rr at low load). */
  next(): HaServer {
    if (this.rrIndex >= this.slots.length) this.rrIndex = 0;
    return this.group.servers[this.slots[this.rrIndex++]!]!;
  }

  /** Per server of the group: how many slots it holds. */
  slotCounts(): number[] {
    const counts = new Array<number>(this.group.servers.length).fill(0);
    for (const slot of this.slots) counts[slot]!++;
    return counts;
  }
}

/**
 * Per server of the group, how many slots its full table would hold, and the table's size,
 * without building the table: a full table's smooth pass ends where it started, so each server
 * holds exactly its weight over the divisor (test/traffic/haproxy-lean-map-counts.test.ts checks
 * this against `slotCounts` on random weights). Not for a backup serving alone, whose table is cut.
 */
export function fullTableCounts(group: ServingGroup, all: readonly HaServer[]): { readonly counts: Float64Array; readonly total: number } {
  const gcd = weightGcd(all);
  const counts = new Float64Array(group.servers.length);
  let total = 0;
  for (let i = 0; i < counts.length; i++) total += counts[i] = group.servers[i]!.weight / gcd;
  return { counts, total };
}

/**
 * The slots of a map-based table over `servers` (indices into it): a smooth weighted pass over
 * the weights divided by `weightDivisor`, `size` slots (by default the sum of those weights).
 */
export function mapSlots(servers: readonly HaServer[], weightDivisor: number, size?: number): Int32Array {
  const count = servers.length;
  const eweight = new Float64Array(count);
  let sum = 0;
  for (let i = 0; i < count; i++) sum += eweight[i] = servers[i]!.weight / weightDivisor;
  const total = size ?? sum;
  const slots = new Int32Array(total);
  const score = new Float64Array(count);
  for (let o = 0; o < total; o++) {
    let best = -1;
    let max = 0;
    for (let i = 0; i < count; i++) {
      if (total === 1) {
        best = i;
        break;
      }
      score[i]! += eweight[i]!;
      const v = Math.trunc((score[i]! + total) / total);
      if (best < 0 || v > max) {
        max = v;
        best = i;
      }
    }
    slots[o] = best;
    if (best >= 0 && total !== 1) score[best]! -= total;
  }
  return slots;
}
