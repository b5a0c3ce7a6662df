/**
 * The key remap between two revisions of a `hash` pool when one of them is a consistent-hash ring
 * too large to build (see RING_POINT_LIMIT). Labelled "about": it treats ring points as the
 * independent uniform values crc32 makes them, as ring-estimate.ts does for shares.
 *
 * Two rings share what they share point for point: an address's points are the first 160 * weight
 * links of one crc32 chain, so for each address the shorter chain of the two revisions is common
 * to both. A key goes to the first point at or after its hash; among the points of both
 * revisions, that point is common with probability common / all. If it is common, both revisions
 * send the key to the address's member (or, for an address that cannot serve, on to a member drawn
 * by share); if it is one revision's only, the other revision's next point is drawn by share. Against
 * a map-based `hash` (or a single member) the two assignments are independent.
 */
import type { Pool } from '../../core/model';
import { ringChains, type RingChains } from './ketama';
import { expandPeers, type Peer } from './peers';
import { predictShares } from '../predict';

/** Where one address's points send keys: an identity, or "passed on" (-1), drawn by share. */
type Serving = Map<string, number>;

function chainsOf(primary: readonly Peer[]): RingChains {
  return ringChains(primary.map((p) => ({ address: p.server, weight: p.weight })));
}

/** Share per identity, from the pool's predicted shares (rerouting and fallbacks included). */
function sharesByIdentity(pool: Pool, ids: Int32Array): Map<number, number> {
  const out = new Map<number, number>();
  predictShares(pool).members.forEach((m, i) => out.set(ids[i]!, (out.get(ids[i]!) ?? 0) + m.share));
  return out;
}

function serving(primary: readonly Peer[], ids: Int32Array): Serving {
  const out: Serving = new Map();
  for (const peer of primary) if (peer.up || !out.has(peer.server)) out.set(peer.server, peer.up ? ids[peer.member]! : -1);
  return out;
}

function overlap(a: Map<number, number>, b: Map<number, number>): number {
  let sum = 0;
  for (const [id, share] of a) sum += share * (b.get(id) ?? 0);
  return sum;
}

/** Fraction of keys (0..1) that reach another member in revision b than in a, estimated. */
export function estimateRingRemap(a: Pool, idsA: Int32Array, b: Pool, idsB: Int32Array): number {
  const sharesA = sharesByIdentity(a, idsA);
  const sharesB = sharesByIdentity(b, idsB);
  const independent = overlap(sharesA, sharesB);
  if (a.algorithm !== 'consistent-hash' || b.algorithm !== 'consistent-hash') return clamp(1 - independent);
  const primaryA = expandPeers(a).primary;
  const primaryB = expandPeers(b).primary;
  const chainsA = chainsOf(primaryA);
  const chainsB = chainsOf(primaryB);
  const servingA = serving(primaryA, idsA);
  const servingB = serving(primaryB, idsB);
  const lengthB = new Map(chainsB.names.map((name, g) => [name, chainsB.lengths[g]!]));
  // How likely a key lands on the same member, given which revisions have its point.
  const match = (x: number | undefined, y: number | undefined): number => {
    if (x === undefined || x < 0) return y === undefined || y < 0 ? independent : (sharesA.get(y) ?? 0);
    return y === undefined || y < 0 ? (sharesB.get(x) ?? 0) : x === y ? 1 : 0;
  };
  let all = 0;
  let same = 0;
  chainsA.names.forEach((name, g) => {
    const inA = chainsA.lengths[g]!;
    const inB = lengthB.get(name) ?? 0;
    const common = Math.min(inA, inB);
    all += Math.max(inA, inB);
    same += common * match(servingA.get(name), servingB.get(name)) + (inA - common) * match(servingA.get(name), undefined);
    if (inB > common) same += (inB - common) * match(undefined, servingB.get(name));
  });
  chainsB.names.forEach((name, g) => {
    if (servingA.has(name)) return;
    all += chainsB.lengths[g]!;
    same += chainsB.lengths[g]! * match(undefined, servingB.get(name));
  });
  return all > 0 ? clamp(1 - same / all) : 0;
}

function clamp(fraction: number): number {
  return Math.min(1, Math.max(0, fraction));
}
