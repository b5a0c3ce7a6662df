/**
 * Shares of an nginx `split_clients` pool: exact fractions of the 2^32 MurmurHash2 values.
 */
import type { Pool } from '../../core/model';
import type { MemberShare, PoolShares } from '../../core/shares';
import { joinCaveats } from '../format';
import { isWildcardPart, splitParts, splitShares } from './split';
import { sharesWordedLater, WORDS_NOW, type Wording } from './share-words';

/** Two decimals, as split_clients percentages are written; tiny slivers keep two digits. */
function pct(fraction: number): string {
  const value = fraction * 100;
  if (value > 0 && value < 0.005) return `${Number(value.toPrecision(2))}%`;
  return `${value.toFixed(2)}%`;
}

export function splitPoolShares(pool: Pool, wording: Wording): PoolShares {
  const { shares, unassigned } = splitShares(pool);
  const members = wording === WORDS_NOW ? wordedMembers(pool, shares) : sharesWordedLater(shares, wording);
  const caveats: string[] = [];
  if (unassigned > 0) {
    const variable = pool.name ? (pool.name.startsWith('$') ? pool.name : `$${pool.name}`) : 'the variable';
    caveats.push(
      `No "*" part: ${pct(unassigned)} of key hashes match no part and leave ${variable} empty; the shares cover the listed parts only.`,
    );
  }
  const caveat = joinCaveats(caveats);
  return caveat ? { members, caveat } : { members };
}

function wordedMembers(pool: Pool, shares: Float64Array): MemberShare[] {
  const parts = new Map(splitParts(pool).map((part) => [part.member, part]));
  return pool.members.map((member, index) => {
    const part = parts.get(index);
    const share = shares[index]!;
    if (!part) {
      const why = isWildcardPart(member) || member.weight > 0
        ? 'split_clients: listed after "*", which takes every remaining client, so it never matches'
        : 'split_clients: a part with 0% never matches';
      return { share, why };
    }
    if (part.wildcard) return { share, why: `split_clients "*": the remaining ${pct(share)} of key hashes` };
    return {
      share,
      why: `split_clients: ${pct(share)} of key hashes (MurmurHash2 from ${part.from} up to ${part.threshold})`,
    };
  });
}
