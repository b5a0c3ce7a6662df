/**
 * `hash $key consistent`: shares from the ring's arcs, and per-request picks as
 * ngx_http_upstream_get_chash_peer makes them. A point whose server cannot serve passes its keys
 * to the next point, for at most 21 points; then round-robin takes the request.
 */
import { crc32 } from './crc32';
import { findPoint, ketamaArcs, ketamaRing, ketamaRingView, ketamaServedArcs, ringChains, ringIsBuilt, type KetamaRing, type RingServer, type RingView } from './ketama';
import { detached, PeerListCache } from './peer-cache';
import type { Peer, PeerLists } from './peers';
import type { RingArcs } from './ring-points';
import { estimateChashShares, type RingEstimate } from './ring-estimate';
import { HASH_ATTEMPTS } from './retry';
import type { RoundRobinPicker } from './swrr';

const RING_SIZE = 2 ** 32;
const SIGN = -0x80000000;

/** Rings are large (two 32-bit words per point), so only the most recent few are kept: 1M points. */
const rings = new PeerListCache<KetamaRing>(64, 1 << 20, { address: true, state: false }, (_, ring) => ring.points.length);

function ringServers(primary: readonly Peer[]): RingServer[] {
  return primary.map((p) => ({ address: p.server, weight: p.weight }));
}

/** Whether the ring of a primary peer list is small enough to build (see RING_POINT_LIMIT). */
export function ringBuildable(primary: readonly Peer[]): boolean {
  return ringIsBuilt(ringChains(ringServers(primary)));
}

/**
 * The ring of a primary peer list, cached by the peers' addresses and weights. The cached ring
 * names its servers with detached copies of the addresses (see `detached`). Only for rings that
 * are `ringBuildable`.
 */
export function ringFor(primary: readonly Peer[]): KetamaRing {
  return rings.get(primary, () => ketamaRing(primary.map((p) => ({ address: detached(p.server), weight: p.weight }))));
}

export interface ChashShares {
  /** Fraction of all key hashes each primary peer's server group receives, split by peer. */
  readonly byPeer: Float64Array;
  /** Fraction owned directly by each peer's own points (before rerouting from down servers). */
  readonly ownedByPeer: Float64Array;
  /** Points each peer's server owns on the ring (up to 160 * 2^63, so not an integer array). */
  readonly pointsByPeer: Float64Array;
  /** Fraction that exhausts its 21 points and goes to round-robin. */
  readonly fallback: number;
  /** Set when the ring was too large to build and the shares are estimated (ring-estimate.ts). */
  readonly estimate?: RingEstimate;
}

/**
 * Shares are small (three numbers per peer, some 150 bytes with the peer itself), so enough are
 * kept to cover the consistent-hash pools of a large configuration (32K peers, about 5 MB), and
 * re-analysing it after an edit recomputes no ring.
 */
const shareCache = new PeerListCache<ChashShares>(8192, 32768, { address: true, state: true });

/**
 * Shares computed somewhere else for the same peers: the CLI builds the rings of a large
 * configuration on a second thread and answers here when that thread has a pool's shares.
 * Returning undefined means "compute them here". The answer must be `computeChashShares` of
 * peers with the same `peerListKey`.
 */
export interface ChashShareSource {
  sharesOf(primary: readonly Peer[]): ChashShares | undefined;
  /** Hears the shares of a peer list the source did not answer, once they are computed here. */
  computed?(primary: readonly Peer[], shares: ChashShares): void;
}

let source: ChashShareSource | undefined;

/** Sets (or, with undefined, removes) the source asked before a ring is built here. */
export function setChashShareSource(next: ChashShareSource | undefined): void {
  source = next;
}

/** What consistent-hash shares depend on (addresses as written, weights, states), as one string. */
export function peerListKey(primary: readonly Peer[]): string {
  let key = '';
  for (const peer of primary) key += `${peer.server}\u0000${peer.weight}\u0000${peer.up ? 1 : 0}\u0001`;
  return key;
}

/**
 * The peers a `peerListKey` was made of, as far as shares depend on them (member numbers are the
 * peers' positions); undefined when the key does not read back to itself (an address holding the
 * separators).
 */
export function peersOfKey(key: string): Peer[] | undefined {
  const peers: Peer[] = [];
  const entries = key.split('\u0001');
  for (let i = 0; i < entries.length - 1; i++) {
    const [server, weight, up] = entries[i]!.split('\u0000');
    if (server === undefined || weight === undefined || (up !== '0' && up !== '1')) return undefined;
    peers.push({ member: i, weight: Number(weight), up: up === '1', server });
  }
  return peerListKey(peers) === key ? peers : undefined;
}

/** Shares of a primary peer list, cached by the peers' addresses, weights and states. */
export function chashShares(primary: readonly Peer[]): ChashShares {
  return shareCache.get(primary, () => {
    const given = source?.sharesOf(primary);
    if (given) return given;
    const shares = computeChashShares(primary);
    source?.computed?.(primary, shares);
    return shares;
  });
}

/**
 * The ring is used once here, so it is read where it is built rather than copied into the ring
 * cache, which is meant for routers; when every address with points can serve, only what each
 * address owns is needed, not the points in order (`ketamaArcs`). Hash counts are whole numbers,
 * exact in doubles, and are divided by 2^32 at the end.
 */
function computeChashShares(primary: readonly Peer[]): ChashShares {
  const servers = ringServers(primary);
  const chains = ringChains(servers);
  if (!ringIsBuilt(chains)) return estimateChashShares(primary, chains);
  const { serverOf, lengths } = chains;
  const groups = lengths.length;
  // Weight of the peers of each address that can serve; an address with none passes its keys on.
  const upWeight = new Float64Array(groups);
  let everyGroupServes = true;
  for (let i = 0; i < primary.length; i++) if (primary[i]!.up) upWeight[serverOf[i]!]! += primary[i]!.weight;
  // An address whose points all repeat earlier ones owns nothing either way, so its chain length
  // decides as well as its points left on the ring would.
  for (let g = 0; g < groups; g++) if (upWeight[g] === 0 && lengths[g]! > 0) everyGroupServes = false;
  let arcs: RingArcs;
  let served: Float64Array;
  let fallback = 0;
  if (everyGroupServes) {
    arcs = ketamaArcs(chains);
    served = arcs.owned;
  } else {
    const sliced = ketamaServedArcs(chains, upWeight);
    if (sliced) ({ arcs, served, fallback } = sliced);
    else {
      const ring = ketamaRingView(servers, chains);
      arcs = ring.arcs;
      ({ served, fallback } = passOn(ring, upWeight));
    }
  }
  const { owned, points: pointCounts } = arcs;

  const byPeer = new Float64Array(primary.length);
  const ownedByPeer = new Float64Array(primary.length);
  const pointsByPeer = new Float64Array(primary.length);
  for (let i = 0; i < primary.length; i++) {
    const g = serverOf[i]!;
    const peer = primary[i]!;
    // nginx runs smooth weighted round-robin among the peers of one address (a name resolving to
    // several addresses), so the address's keys split among its serving peers by weight.
    if (peer.up) byPeer[i] = ((served[g]! / RING_SIZE) * peer.weight) / upWeight[g]!;
    // The owned fraction and point count describe the address, so every peer of it shows them.
    ownedByPeer[i] = owned[g]! / RING_SIZE;
    pointsByPeer[i] = pointCounts[g]!;
  }
  return { byPeer, ownedByPeer, pointsByPeer, fallback: fallback / RING_SIZE };
}

/**
 * Where keys end up when some address cannot serve: a point whose address cannot passes its keys
 * to the next point whose address can, looking at most 20 points further; what finds none goes to
 * round-robin (`fallback`). Counts are in hash values.
 */
function passOn(ring: RingView, upWeight: Float64Array): { served: Float64Array; fallback: number } {
  const { points, owners, count: n } = ring;
  const served = new Float64Array(upWeight.length);
  for (let g = 0; g < upWeight.length; g++) if (upWeight[g]! > 0) served[g] = ring.arcs.owned[g]!;
  let fallback = 0;
  let previous = n > 0 ? (points[n - 1]! ^ SIGN) - RING_SIZE : 0;
  for (let k = 0; k < n; k++) {
    const point = points[k]! ^ SIGN;
    const arc = point - previous;
    previous = point;
    if (upWeight[owners[k]!]! > 0) continue;
    let next = -1;
    for (let attempt = 1, at = k + 1; attempt < HASH_ATTEMPTS; attempt++, at++) {
      if (at === n) at = 0;
      if (upWeight[owners[at]!]! > 0) {
        next = owners[at]!;
        break;
      }
    }
    if (next >= 0) served[next]! += arc;
    else fallback += arc;
  }
  return { served, fallback };
}

/** Per-request consistent-hash picks; `rr` is the pool's shared round-robin state. */
export class ChashPicker {
  /** Built at the first key that needs it: a pool that round-robin serves needs no ring. */
  private ring: KetamaRing | undefined;

  constructor(
    private readonly lists: PeerLists,
    private readonly rr: RoundRobinPicker,
  ) {}

  pick(key: Uint8Array): Peer | undefined {
    const { primary } = this.lists;
    // nginx hands empty keys, and pools of one peer without backups, to round-robin.
    const single = primary.length === 1 && this.lists.backup.length === 0;
    if (key.length === 0 || single) return this.rr.pick();
    this.ring ??= ringFor(primary);
    const { points, owners, serverOf } = this.ring;
    if (points.length === 0) return this.rr.pick();
    let index = findPoint(points, crc32(key));
    for (let attempt = 0; attempt < HASH_ATTEMPTS; attempt++, index++) {
      const group = owners[index % points.length]!;
      const chosen = this.rr.primaryState.pick((i) => serverOf[i] === group && primary[i]!.up);
      if (chosen >= 0) return primary[chosen];
    }
    return this.rr.pick();
  }
}
