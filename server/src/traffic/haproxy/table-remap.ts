/**
 * Remaps between HAProxy map-based tables, read straight off the tables: hash h reads slot
 * h % size, so two tables place a key alike or not by its residue modulo the least common
 * multiple of their sizes. The removal of one active server (hash-not-consistent asks it of
 * every map-based backend) is answered here from the two tables alone, with no lookup objects
 * or per-server identities: the tables hold positions in the pool, which identify a server in
 * both versions when no later server repeats the removed one's address.
 */
import type { Pool } from '../../core/model';
import { gcd } from '../format';
import { balancerOf } from './balancer';
import { mapSlots } from './map';
import { weightGcd, type HaServer } from './servers';

const SPACE = 2 ** 32;
const LCM_LIMIT = 1 << 24;
/** The sampled remap measures 2^20 evenly spaced hash values, 4096 apart, from 2048. */
export const GRID = 1 << 20;
const GRID_STEP = 2 ** 32 / GRID;

/**
 * Two tables: residue r of lcm L stands for the hash values h = r (mod L) below 2^32, of which
 * there are floor(2^32 / L), plus one for the residues below 2^32 mod L. Undefined when L is
 * too large to walk.
 */
export function tableRemap(a: Int32Array, b: Int32Array): number | undefined {
  const lcm = (a.length / gcd(a.length, b.length)) * b.length;
  if (lcm > LCM_LIMIT) return undefined;
  const perResidue = Math.floor(SPACE / lcm);
  const withExtra = SPACE - perResidue * lcm;
  const differBelowExtra = differingResidues(a, b, 0, withExtra);
  const differ = differBelowExtra + differingResidues(a, b, withExtra, lcm);
  return (differ * perResidue + differBelowExtra) / SPACE;
}

/**
 * How many residues r in [from, to) read different servers in the two tables. Counted without a
 * branch on the comparison, whose outcome is as good as random: a mispredicted branch per
 * residue cost more than the rest of the loop.
 */
function differingResidues(a: Int32Array, b: Int32Array, from: number, to: number): number {
  let differ = 0;
  // r % a.length and r % b.length, kept as counters.
  let slotA = from % a.length;
  let slotB = from % b.length;
  for (let r = from; r < to; r++) {
    const x = a[slotA]! ^ b[slotB]!;
    // 1 when x is not 0: the sign bit of x | -x.
    differ += (x | -x) >>> 31;
    if (++slotA === a.length) slotA = 0;
    if (++slotB === b.length) slotB = 0;
  }
  return differ;
}

/**
 * A table against a single server (HAProxy does not hash with one usable server): the share of
 * the sampled hash values whose slot holds another server, as the sampled remap counts them.
 * Sample i reads slot (i * 4096 + 2048) % size, which repeats every size / gcd(size, 4096)
 * samples, so one period is counted and scaled.
 */
export function tableToOneRemap(table: Int32Array, only: number): number {
  const size = table.length;
  const period = size / gcd(size, GRID_STEP);
  const differIn = (count: number): number => {
    let differ = 0;
    let slot = (GRID_STEP / 2) % size;
    const advance = GRID_STEP % size;
    for (let i = 0; i < count; i++) {
      if (table[slot] !== only) differ++;
      slot += advance;
      if (slot >= size) slot -= size;
    }
    return differ;
  };
  const cycles = Math.floor(GRID / period);
  const perCycle = differIn(Math.min(period, GRID));
  const rest = GRID - cycles * period;
  return (cycles * perCycle + (rest > 0 ? differIn(rest) : 0)) / GRID;
}

/** The map-based table of `servers` as pool positions (`HaServer.member`) per slot. */
function positionTable(servers: readonly HaServer[], weightDivisor: number): Int32Array {
  const slots = mapSlots(servers, weightDivisor);
  for (let i = 0; i < slots.length; i++) slots[i] = servers[slots[i]!]!.member;
  return slots;
}

/**
 * The remap of removing the server at position `at` of a map-based backend, when it is a usable
 * active server, from the two tables; undefined for every other case (a consistent tree, a
 * backup or unusable server, a table too large), which the general remap answers. The caller
 * has checked that no later server repeats its address.
 */
export function mapRemovalRemap(pool: Pool, at: number): { fraction: number; exact: boolean } | undefined {
  if (pool.hash?.consistent) return undefined;
  const { servers, group } = balancerOf(pool);
  if (!group || group.only || group.backups) return undefined;
  const index = group.servers.findIndex((s) => s.member === at);
  if (index < 0 || group.servers.length < 2) return undefined;
  const before = positionTable(group.servers, weightGcd(servers));
  const remaining = group.servers.filter((_, i) => i !== index);
  if (remaining.length === 1) return { fraction: tableToOneRemap(before, remaining[0]!.member), exact: false };
  const after = positionTable(remaining, weightGcd(servers.filter((s) => s.member !== at)));
  const fraction = tableRemap(before, after);
  return fraction === undefined ? undefined : { fraction, exact: true };
}
