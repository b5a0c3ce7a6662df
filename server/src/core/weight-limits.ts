/**
 * Weights that nginx accepts one by one (each up to 2^63 - 1) but cannot run with together: a sum
 * past its 64-bit weight arithmetic, and a `hash ... consistent` ring (160 points of 16 bytes per
 * unit of weight, built at every start and reload) too large to build quickly or at all. Numbers
 * measured with nginx 1.22.1: a total weight of 1,000,001 took `nginx -t` 56 s and 2.5 GB; 2^32
 * failed with "malloc(10995116280328) failed"; a ring count past 2^64 crashed it.
 */
import type { Member, Pool } from './model';

/** nginx's largest integer, 2^63 - 1. */
const NGX_MAX_INT = 9223372036854775807n;
const POINTS_PER_WEIGHT = 160n;
/** sizeof(ngx_http_upstream_chash_point_t) on 64-bit: a 32-bit hash and a pointer. */
const BYTES_PER_POINT = 16n;
/** A ring from here on costs nginx noticeable memory and start-up time: 256 MB. */
const COSTLY_RING_BYTES = 1n << 28n;
/** Past this (128 GB) nginx's malloc fails on any ordinary machine. */
const IMPOSSIBLE_RING_BYTES = 1n << 37n;

/** A member's weight as nginx reads it, exactly (the model's double rounds past 2^53). */
function exactWeight(member: Member): bigint {
  if (!member.weightExplicit || member.weight < 2 ** 53) return BigInt(Math.max(0, Math.round(member.weight)));
  const text = member.params.find((p) => p.name === 'weight')?.value;
  return text && /^\d+$/.test(text) ? BigInt(text) : BigInt(member.weight);
}

/** nginx's total_weight of the primaries: every primary peer, down ones included. */
export function primaryWeight(pool: Pool): bigint {
  let total = 0n;
  for (const m of pool.members) if (m.role === 'primary') total += exactWeight(m) * BigInt(Math.max(1, m.peers));
  return total;
}

export type WeightProblem =
  | { readonly kind: 'overflow'; readonly total: bigint }
  | { readonly kind: 'ring'; readonly total: bigint; readonly points: bigint; readonly bytes: bigint; readonly severity: 'error' | 'warning'; readonly wraps: boolean };

export function weightProblem(pool: Pool): WeightProblem | undefined {
  // Cheap test first: ordinary weights never come near either limit.
  let rough = 0;
  for (const m of pool.members) if (m.role === 'primary') rough += m.weight * Math.max(1, m.peers);
  const consistent = pool.algorithm === 'consistent-hash';
  if (rough < 2 ** 62 && !(consistent && rough * 160 * 16 >= Number(COSTLY_RING_BYTES))) return undefined;
  const total = primaryWeight(pool);
  if (total > NGX_MAX_INT) return { kind: 'overflow', total };
  if (!consistent) return undefined;
  const points = total * POINTS_PER_WEIGHT;
  const bytes = points * BYTES_PER_POINT;
  if (bytes < COSTLY_RING_BYTES) return undefined;
  const wraps = points >= 1n << 64n;
  return { kind: 'ring', total, points, bytes, severity: wraps || bytes >= IMPOSSIBLE_RING_BYTES ? 'error' : 'warning', wraps };
}

/** `2.6 GB`, `10.0 TB`. */
export function bytesText(bytes: bigint): string {
  const units = ['bytes', 'KB', 'MB', 'GB', 'TB', 'PB', 'EB', 'ZB', 'YB'];
  let value = Number(bytes);
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${unit === 0 ? value : value.toFixed(1)} ${units[unit]}`;
}
