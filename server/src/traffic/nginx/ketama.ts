/**
 * nginx's consistent-hash ring (ngx_http_upstream_init_chash, compatible with
 * Cache::Memcached::Fast): every peer gets 160 points per unit of weight. Point j is
 * crc32(HOST "\0" PORT PREV), PREV being point j-1 as four little-endian bytes (zero for j = 0).
 * Points are sorted and duplicates removed; a key goes to the first point >= crc32(key), wrapping
 * around to the first point.
 */
import { crc32OfByte, crc32OfText } from './crc32';
import { arcsAlone, ringArcs } from './ring-arcs';
import { ringPoints, type RingArcs } from './ring-points';
import { servedArcs, type ServedArcs } from './ring-served';

export const POINTS_PER_WEIGHT = 160;
const RING_SIZE = 2 ** 32;
/**
 * The most points lb-drift builds a ring of: 4M points, a total weight of 26,214. Building takes
 * 16 bytes a point while sorting (64 MB) and a fraction of a second. Larger rings (nginx itself
 * spends 2.5 GB and most of a minute on a weight of 1,000,000) are estimated: see ring-estimate.ts.
 */
export const RING_POINT_LIMIT = 1 << 22;

export interface RingServer {
  /** The server address as written; points are named by it, so equal addresses share points. */
  readonly address: string;
  readonly weight: number;
}

export interface KetamaRing {
  /** Sorted, distinct point hashes. */
  readonly points: Uint32Array;
  /** For each point, the index into `servers` of the server that owns it. */
  readonly owners: Uint32Array;
  /** Distinct server addresses in order of first appearance. */
  readonly servers: readonly string[];
  /** For each server given to `ketamaRing`, the index into `servers` of its address. */
  readonly serverOf: Uint32Array;
}

/** Whether the address starts with `unix:` in any case, checked without slicing the string. */
function isUnixPrefix(address: string): boolean {
  for (let i = 0; i < 4; i++) if ((address.charCodeAt(i) | 0x20) !== 'unix'.charCodeAt(i)) return false;
  return address.charCodeAt(4) === 0x3a;
}

/**
 * Where an address splits for the ring: `unix:` sockets hash their path with an empty port;
 * otherwise trailing digits after the last `:` are the port; anything else (a name or IP without
 * a port, a bracketed IPv6 literal without a port) is all host and the port is empty. nginx does
 * not substitute the default port 80. Returns the host's bounds and where the port starts.
 */
function ringSplit(address: string): { hostStart: number; hostEnd: number; portStart: number } {
  const end = address.length;
  if (end >= 5 && isUnixPrefix(address)) return { hostStart: 5, hostEnd: end, portStart: end };
  for (let j = end - 1; j >= 0; j--) {
    const c = address.charCodeAt(j);
    if (c === 0x3a /* : */) return { hostStart: 0, hostEnd: j, portStart: j + 1 };
    if (c < 0x30 || c > 0x39) break;
  }
  return { hostStart: 0, hostEnd: end, portStart: end };
}

export function ringHostPort(address: string): { host: string; port: string } {
  const { hostStart, hostEnd, portStart } = ringSplit(address);
  return { host: address.slice(hostStart, hostEnd), port: address.slice(portStart) };
}

/**
 * crc32(HOST "\0" PORT), the running value every point of the address starts from, as signed
 * 32-bit bits like the points.
 */
function chainBase(address: string): number {
  const { hostStart, hostEnd, portStart } = ringSplit(address);
  const host = crc32OfText(address, 0, hostStart, hostEnd);
  return crc32OfText(address, crc32OfByte(0, host), portStart, address.length) | 0;
}

/** Points a peer of this weight contributes (a fractional count truncates, as a C array length). */
function pointCount(weight: number): number {
  const count = Math.floor(weight * POINTS_PER_WEIGHT);
  return count > 0 ? count : 0;
}

/** Distinct addresses in order of first appearance, and each server's index among them. */
function distinctAddresses(servers: readonly RingServer[]): { names: string[]; serverOf: Uint32Array } {
  const names: string[] = [];
  const serverOf = new Uint32Array(servers.length);
  // A linear search is cheapest for the few servers of a typical pool.
  const index = servers.length > 8 ? new Map<string, number>() : undefined;
  for (let i = 0; i < servers.length; i++) {
    const address = servers[i]!.address;
    let g = index ? (index.get(address) ?? -1) : names.indexOf(address);
    if (g < 0) {
      g = names.length;
      names.push(address);
      index?.set(address, g);
    }
    serverOf[i] = g;
  }
  return { names, serverOf };
}

/**
 * A ring whose points and owners live in shared working buffers: only the first `count` entries
 * are the ring, and they are valid until the next ring is built. `ketamaRing` copies them out;
 * share computations that use the ring once read them in place. `points` holds each hash's 32
 * bits as a signed integer (`points[k] >>> 0` is the hash), which unoptimised code handles
 * without boxing.
 */
export interface RingView extends Omit<KetamaRing, 'points' | 'owners'> {
  readonly points: Int32Array;
  readonly owners: Uint32Array;
  readonly count: number;
  /** What each server (in `servers` order) owns: hashes received and points. */
  readonly arcs: RingArcs;
}

/** The chains of a ring before any point is computed: enough to know its size. */
export interface RingChains {
  /** Distinct addresses in order of first appearance. */
  readonly names: string[];
  /** For each server, the index into `names` of its address. */
  readonly serverOf: Uint32Array;
  /** Points per address (before repeats are dropped). */
  readonly lengths: Float64Array;
  /** All points: the sum of `lengths`, which can exceed 2^53 (then it is rounded). */
  readonly total: number;
}

export function ringChains(servers: readonly RingServer[]): RingChains {
  const { names, serverOf } = distinctAddresses(servers);
  // Peers with the same address generate the same chain of points (a heavier one just continues
  // it), so one chain per distinct address, as long as its heaviest peer's, gives the same ring.
  const lengths = new Float64Array(names.length);
  for (let i = 0; i < servers.length; i++) {
    const g = serverOf[i]!;
    lengths[g] = Math.max(lengths[g]!, pointCount(servers[i]!.weight));
  }
  let total = 0;
  for (let g = 0; g < names.length; g++) total += lengths[g]!;
  return { names, serverOf, lengths, total };
}

/** Whether lb-drift builds this ring point by point (see RING_POINT_LIMIT). */
export function ringIsBuilt(chains: RingChains): boolean {
  return chains.total <= RING_POINT_LIMIT;
}

/**
 * The ring's points. Throws a RangeError for a ring past RING_POINT_LIMIT: callers check
 * `ringIsBuilt` first and estimate instead.
 */
export function ketamaRingView(servers: readonly RingServer[], chains: RingChains = ringChains(servers)): RingView {
  const { names, serverOf, lengths, total } = chains;
  const arcs = emptyArcs(chains);
  const { points, owners, count } = ringPoints(chainBases(chains), lengths, total, arcs);
  return { points, owners, count, servers: names, serverOf, arcs };
}

/**
 * What each address (in `chains.names` order) owns on the ring, for callers that need no points:
 * large rings are then summed without being sorted, slice by slice (ring-arcs.ts). The same numbers as the
 * `arcs` of `ketamaRingView`, and the same RangeError past RING_POINT_LIMIT.
 */
export function ketamaArcs(chains: RingChains): RingArcs {
  const arcs = emptyArcs(chains);
  const bases = chainBases(chains);
  if (!arcsAlone(chains.total, bases.length) || ringArcs(bases, chains.lengths, chains.total, arcs) < 0) ringPoints(bases, chains.lengths, chains.total, arcs);
  return arcs;
}

/**
 * What each address owns and serves when some cannot serve (`upWeight[g]` 0), for large rings
 * without sorting them (ring-served.ts); undefined for a ring that needs its points sorted (a
 * small one, or one whose points cluster): then `ketamaRingView` and a walk over its points.
 */
export function ketamaServedArcs(chains: RingChains, upWeight: Float64Array): ServedArcs | undefined {
  if (!arcsAlone(chains.total, chains.names.length)) return undefined;
  return servedArcs(chainBases(chains), chains.lengths, chains.total, upWeight, emptyArcs(chains));
}

function emptyArcs(chains: RingChains): RingArcs {
  if (!ringIsBuilt(chains)) throw new RangeError(`a ring of ${chains.total} points is past the ${RING_POINT_LIMIT} lb-drift builds`);
  return { owned: new Float64Array(chains.names.length), points: new Uint32Array(chains.names.length) };
}

function chainBases(chains: RingChains): Int32Array {
  const bases = new Int32Array(chains.names.length);
  for (let g = 0; g < bases.length; g++) bases[g] = chainBase(chains.names[g]!);
  return bases;
}

export function ketamaRing(servers: readonly RingServer[]): KetamaRing {
  const view = ketamaRingView(servers);
  return {
    points: new Uint32Array(view.points.buffer, view.points.byteOffset, view.count).slice(),
    owners: view.owners.slice(0, view.count),
    servers: view.servers,
    serverOf: view.serverOf,
  };
}

/** Index of the first point >= hash; `points.length` means "wrap to point 0". */
export function findPoint(points: Uint32Array, hash: number): number {
  let low = 0;
  let high = points.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (points[mid]! < hash) low = mid + 1;
    else high = mid;
  }
  return low;
}

/**
 * How many of the 2^32 key hashes each point receives: point k takes (point k-1, point k], and
 * point 0 also takes everything above the last point.
 */
export function pointArcs(points: Uint32Array): Float64Array {
  const arcs = new Float64Array(points.length);
  const n = points.length;
  if (n === 0) return arcs;
  arcs[0] = RING_SIZE - points[n - 1]! + points[0]!;
  for (let k = 1; k < n; k++) arcs[k] = points[k]! - points[k - 1]!;
  return arcs;
}

/** Fraction of the ring each server (in `ring.servers` order) owns. */
export function ringShares(ring: KetamaRing): Float64Array {
  const shares = new Float64Array(ring.servers.length);
  const arcs = pointArcs(ring.points);
  for (let k = 0; k < arcs.length; k++) shares[ring.owners[k]!]! += arcs[k]! / RING_SIZE;
  return shares;
}
