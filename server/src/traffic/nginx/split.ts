/**
 * nginx `split_clients "KEY" $var { 10% a; 0.5% b; * c; }` (ngx_http_split_clients_module): the
 * key's MurmurHash2 is compared with cumulative thresholds; part i matches when hash < threshold_i,
 * and `*` matches anything that reaches it. Each listed part adds percent * 0xffffffff / 10000
 * (percent in hundredths, the division truncating) to the running threshold. Without `*`, hashes
 * at or above the last threshold give the empty value.
 *
 * The lowered pool has one member per part, in order, with the percentage in hundredths as its
 * weight; the `*` part is the member whose address is `*` or whose weight is not explicit.
 */
import type { Member, Pool } from '../../core/model';
import { murmurHash2 } from './murmur';

export const SPLIT_TOTAL = 10000;
const HASH_SPACE = 2 ** 32;

export function isWildcardPart(member: Member): boolean {
  return member.address === '*' || !member.weightExplicit;
}

export interface SplitPart {
  readonly member: number;
  /** Exclusive upper bound of the hashes this part takes; `HASH_SPACE` for `*`. */
  readonly threshold: number;
  /** Inclusive lower bound. */
  readonly from: number;
  readonly wildcard: boolean;
}

/** The parts in nginx's order with their thresholds. Parts after a `*` can never match. */
export function splitParts(pool: Pool): SplitPart[] {
  const parts: SplitPart[] = [];
  let last = 0;
  for (let index = 0; index < pool.members.length; index++) {
    const member = pool.members[index]!;
    if (isWildcardPart(member)) {
      parts.push({ member: index, from: last, threshold: HASH_SPACE, wildcard: true });
      break;
    }
    const hundredths = Math.round(member.weight);
    if (hundredths <= 0) continue;
    // Exact in doubles: at most 10000 * 0xffffffff < 2^53.
    const next = last + Math.floor((hundredths * 0xffffffff) / SPLIT_TOTAL);
    parts.push({ member: index, from: last, threshold: Math.min(next, HASH_SPACE), wildcard: false });
    last = next;
  }
  return parts;
}

/** Fraction of the 2^32 key hashes each member gets; members past a `*` get 0. */
export function splitShares(pool: Pool): { shares: Float64Array; unassigned: number } {
  const shares = new Float64Array(pool.members.length);
  let covered = 0;
  for (const part of splitParts(pool)) {
    shares[part.member] = (part.threshold - part.from) / HASH_SPACE;
    covered = part.threshold;
  }
  return { shares, unassigned: (HASH_SPACE - covered) / HASH_SPACE };
}

/** The member index the key selects, or -1 when it falls past the listed percentages. */
export function splitPick(parts: readonly SplitPart[], key: Uint8Array): number {
  const hash = murmurHash2(key);
  for (const part of parts) if (part.wildcard || hash < part.threshold) return part.member;
  return -1;
}
