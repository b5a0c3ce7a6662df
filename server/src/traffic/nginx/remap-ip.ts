/**
 * Key remapping between two revisions of an nginx `ip_hash` pool, exact over all 2^24 IPv4 /24
 * client networks. A network is fully described by c = (o1 * 113^2 + o2 * 113 + o3) % 6271 (see
 * ip-hash.ts): every attempt, rehashes past members that cannot serve included, is
 * h = (h * 113^3 + c) % 6271 from h = 89. So following the chain of each of the 6271 values of c
 * in both revisions, weighted by how many networks have that c, counts exactly the networks that
 * land on another member.
 */
import { BoundedCache } from '../lru';
import { IP_HASH_MODULUS, IP_HASH_SEED, IPV4_NETWORKS, networksPerResidue } from './ip-hash';
import type { PeerLists } from './peers';
import { totalWeight } from './peers';
import { FALLBACK } from './remap-rehash';
import { HASH_ATTEMPTS } from './retry';
import { slotOwners } from './hash-map';

const MULTIPLIER_CUBED = (113 * 113 * 113) % IP_HASH_MODULUS;
const networks = new BoundedCache<Float64Array>(1);

/** For each value of c, the identity that serves those networks, or FALLBACK (round-robin). */
export function ipHashOwners(lists: PeerLists, identity: Int32Array): Int32Array {
  const { primary, backup } = lists;
  const owners = new Int32Array(IP_HASH_MODULUS).fill(FALLBACK);
  // A single peer without backups is served by round-robin, which always picks it.
  if (primary.length === 1 && backup.length === 0) {
    if (primary[0]!.up) owners.fill(identity[primary[0]!.member]!);
    return owners;
  }
  const total = totalWeight(primary);
  if (total === 0) return owners;
  const peerOfSlot = slotOwners(primary, IP_HASH_MODULUS);
  for (let c = 0; c < IP_HASH_MODULUS; c++) {
    let hash = IP_HASH_SEED;
    for (let attempt = 0; attempt < HASH_ATTEMPTS; attempt++) {
      hash = (hash * MULTIPLIER_CUBED + c) % IP_HASH_MODULUS;
      const peer = primary[peerOfSlot[hash % total]!]!;
      if (peer.up) {
        owners[c] = identity[peer.member]!;
        break;
      }
    }
  }
  return owners;
}

/** Fraction of IPv4 /24 networks whose member differs between the two owner tables. */
export function ipHashRemap(a: Int32Array, b: Int32Array): number {
  const perResidue = networks.get('all', () => networksPerResidue());
  let moved = 0;
  for (let c = 0; c < IP_HASH_MODULUS; c++) if (a[c] !== b[c]) moved += perResidue[c]!;
  return moved / IPV4_NETWORKS;
}
