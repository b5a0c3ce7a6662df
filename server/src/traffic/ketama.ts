/**
 * nginx's consistent-hash ring (ngx_http_upstream_init_chash, compatible with
 * Cache::Memcached::Fast): every peer gets 160 points per unit of weight. Point j is
 * crc32(HOST "\0" PORT PREV), PREV being point j-1 as four little-endian bytes (zero for j = 0).
 * Points are sorted and duplicates removed; a key goes to the first point >= crc32(key), wrapping
 * around to the first point.
 */
import { crc32, crc32OfUint32LE, utf8 } from './crc32';

export const POINTS_PER_WEIGHT = 160;
const RING_SIZE = 2 ** 32;

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
}

/**
 * Splits an address the way nginx does for the ring: `unix:` sockets hash their path with an
 * empty port; otherwise trailing digits after the last `:` are the port; anything else (a name or
 * IP without a port, a bracketed IPv6 literal without a port) is all host and the port is empty.
 * nginx does not substitute the default port 80.
 */
export function ringHostPort(address: string): { host: string; port: string } {
  if (address.length >= 5 && address.slice(0, 5).toLowerCase() === 'unix:') {
    return { host: address.slice(5), port: '' };
  }
  for (let j = address.length - 1; j >= 0; j--) {
    const c = address.charCodeAt(j);
    if (c === 0x3a /* : */) return { host: address.slice(0, j), port: address.slice(j + 1) };
    if (c < 0x30 || c > 0x39) break;
  }
  return { host: address, port: '' };
}

/** The first `count` ring points of one server, in generation order. */
export function serverPoints(address: string, count: number): Uint32Array {
  const { host, port } = ringHostPort(address);
  const hostBytes = utf8(host);
  const portBytes = utf8(port);
  const head = new Uint8Array(hostBytes.length + 1 + portBytes.length);
  head.set(hostBytes, 0);
  head.set(portBytes, hostBytes.length + 1);
  const base = crc32(head);
  const out = new Uint32Array(count);
  let prev = 0;
  for (let j = 0; j < count; j++) {
    prev = crc32OfUint32LE(prev, base);
    out[j] = prev;
  }
  return out;
}

/**
 * Orders point indices by (hash, generation order). Packing both into one double lets the native
 * typed-array sort do the work; it is exact while the index fits in 21 bits (2^32 * 2^21 = 2^53).
 */
function sortedOrder(hashes: Uint32Array): Uint32Array {
  const n = hashes.length;
  if (n < 2 ** 21) {
    const packed = new Float64Array(n);
    for (let i = 0; i < n; i++) packed[i] = hashes[i]! * 2 ** 21 + i;
    packed.sort();
    const order = new Uint32Array(n);
    for (let i = 0; i < n; i++) {
      const v = packed[i]!;
      order[i] = v - Math.floor(v / 2 ** 21) * 2 ** 21;
    }
    return order;
  }
  const order = Uint32Array.from({ length: n }, (_, i) => i);
  return order.sort((a, b) => hashes[a]! - hashes[b]! || a - b);
}

export function ketamaRing(servers: readonly RingServer[]): KetamaRing {
  // Peers with the same address generate the same chain of points (a heavier one just continues
  // it), so one chain per distinct address, as long as its heaviest peer's, gives the same ring.
  const names: string[] = [];
  const longest = new Map<string, number>();
  for (const { address, weight } of servers) {
    if (!longest.has(address)) names.push(address);
    longest.set(address, Math.max(longest.get(address) ?? 0, Math.max(0, weight) * POINTS_PER_WEIGHT));
  }
  const chains = names.map((name) => serverPoints(name, longest.get(name)!));
  const total = chains.reduce((sum, chain) => sum + chain.length, 0);

  // nginx sorts with qsort (glibc's merge sort, stable here) and keeps the first of equal hashes,
  // so ties go to the server declared first: sort by (hash, generation order).
  const hashes = new Uint32Array(total);
  const owner = new Uint32Array(total);
  let n = 0;
  chains.forEach((chain, server) => {
    hashes.set(chain, n);
    owner.fill(server, n, n + chain.length);
    n += chain.length;
  });
  const order = sortedOrder(hashes);

  const points = new Uint32Array(total);
  const owners = new Uint32Array(total);
  let count = 0;
  for (let k = 0; k < total; k++) {
    const i = order[k]!;
    if (count > 0 && points[count - 1] === hashes[i]) continue;
    points[count] = hashes[i]!;
    owners[count] = owner[i]!;
    count++;
  }
  return { points: points.slice(0, count), owners: owners.slice(0, count), servers: names };
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
