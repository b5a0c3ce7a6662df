/**
 * `hash $key consistent`: shares from the ring's arcs, and per-request picks as
 * ngx_http_upstream_get_chash_peer makes them. A point whose server cannot serve passes its keys
 * to the next point, for at most 21 points; then round-robin takes the request.
 */
import { crc32 } from './crc32';
import { findPoint, ketamaRing, pointArcs, type KetamaRing } from './ketama';
import { BoundedCache } from './lru';
import type { Peer, PeerLists } from './peers';
import { HASH_ATTEMPTS } from './retry';
import type { RoundRobinPicker } from './swrr';

const rings = new BoundedCache<KetamaRing>(64);

/** The ring of a primary peer list, cached by the peers' addresses and weights. */
export function ringFor(primary: readonly Peer[]): KetamaRing {
  const servers = primary.map((p) => ({ address: p.server, weight: p.weight }));
  const key = JSON.stringify(servers.map((s) => [s.address, s.weight]));
  return rings.get(key, () => ketamaRing(servers));
}

export interface ChashShares {
  /** Fraction of all key hashes each primary peer's server group receives, split by peer. */
  readonly byPeer: Float64Array;
  /** Fraction owned directly by each peer's own points (before rerouting from down servers). */
  readonly ownedByPeer: Float64Array;
  /** Points each peer's server owns on the ring. */
  readonly pointsByPeer: Uint32Array;
  /** Fraction that exhausts its 21 points and goes to round-robin. */
  readonly fallback: number;
}

/**
 * Splits a server group's fraction among its peers that can serve, by weight: nginx runs smooth
 * weighted round-robin among peers that share an address (a name resolving to several addresses).
 */
function spread(target: Float64Array, peers: readonly number[], primary: readonly Peer[], amount: number): void {
  let total = 0;
  for (const i of peers) if (primary[i]!.up) total += primary[i]!.weight;
  if (total === 0) return;
  for (const i of peers) if (primary[i]!.up) target[i]! += (amount * primary[i]!.weight) / total;
}

const shareCache = new BoundedCache<ChashShares>(64);

/** Shares of a primary peer list, cached by the peers' addresses, weights and states. */
export function chashShares(primary: readonly Peer[]): ChashShares {
  const key = JSON.stringify(primary.map((p) => [p.server, p.weight, p.up]));
  return shareCache.get(key, () => computeChashShares(primary));
}

function computeChashShares(primary: readonly Peer[]): ChashShares {
  const ring = ringFor(primary);
  const groupPeers: number[][] = ring.servers.map(() => []);
  const groupOf = new Map(ring.servers.map((s, g) => [s, g]));
  primary.forEach((peer, i) => groupPeers[groupOf.get(peer.server)!]!.push(i));
  const groupUp = groupPeers.map((peers) => peers.some((i) => primary[i]!.up && primary[i]!.weight > 0));

  const arcs = pointArcs(ring.points);
  const n = ring.points.length;
  const groupShare = new Float64Array(ring.servers.length);
  const groupOwned = new Float64Array(ring.servers.length);
  const groupPoints = new Uint32Array(ring.servers.length);
  let fallback = 0;
  for (let k = 0; k < n; k++) {
    const fraction = arcs[k]! / 2 ** 32;
    groupOwned[ring.owners[k]!]! += fraction;
    groupPoints[ring.owners[k]!]!++;
    let served = false;
    for (let attempt = 0; attempt < HASH_ATTEMPTS; attempt++) {
      const g = ring.owners[(k + attempt) % n]!;
      if (groupUp[g]) {
        groupShare[g]! += fraction;
        served = true;
        break;
      }
    }
    if (!served) fallback += fraction;
  }

  const byPeer = new Float64Array(primary.length);
  const ownedByPeer = new Float64Array(primary.length);
  const pointsByPeer = new Uint32Array(primary.length);
  groupPeers.forEach((peers, g) => {
    spread(byPeer, peers, primary, groupShare[g]!);
    // The owned fraction and point count describe the address, so every peer of it shows them.
    for (const i of peers) {
      ownedByPeer[i] = groupOwned[g]!;
      pointsByPeer[i] = groupPoints[g]!;
    }
  });
  return { byPeer, ownedByPeer, pointsByPeer, fallback };
}

/** Per-request consistent-hash picks; `rr` is the pool's shared round-robin state. */
export class ChashPicker {
  private readonly ring: KetamaRing;
  private readonly groupOfPeer: Uint32Array;

  constructor(
    private readonly lists: PeerLists,
    private readonly rr: RoundRobinPicker,
  ) {
    this.ring = ringFor(lists.primary);
    const groupOf = new Map(this.ring.servers.map((s, g) => [s, g]));
    this.groupOfPeer = Uint32Array.from(lists.primary, (p) => groupOf.get(p.server)!);
  }

  pick(key: Uint8Array): Peer | undefined {
    const { primary } = this.lists;
    // nginx hands empty keys, and pools of one peer without backups, to round-robin.
    const { points, owners } = this.ring;
    const single = primary.length === 1 && this.lists.backup.length === 0;
    if (key.length === 0 || single || points.length === 0) return this.rr.pick();
    let index = findPoint(points, crc32(key));
    for (let attempt = 0; attempt < HASH_ATTEMPTS; attempt++, index++) {
      const group = owners[index % points.length]!;
      const chosen = this.rr.primaryState.pick((i) => this.groupOfPeer[i] === group && primary[i]!.up);
      if (chosen >= 0) return primary[chosen];
    }
    return this.rr.pick();
  }
}
