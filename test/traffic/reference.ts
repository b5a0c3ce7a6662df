/**
 * Deliberately plain re-implementations of nginx's hashing, written from the C source without
 * sharing code with server/src/traffic: a bitwise CRC-32, a consistent-hash ring built from plain
 * objects and found by linear scan, and MurmurHash2 in BigInt arithmetic. Tests compare the
 * optimised engine against these.
 */

export function bytesOf(text: string): number[] {
  return Array.from(Buffer.from(text, 'utf8'));
}

/** Bitwise CRC-32 (IEEE 802.3, reflected, polynomial 0xEDB88320), no table. */
export function referenceCrc32(bytes: readonly number[]): number {
  let crc = 0xffffffff;
  for (const byte of bytes) {
    crc ^= byte;
    for (let bit = 0; bit < 8; bit++) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

interface RefPoint {
  hash: number;
  server: string;
}

/** nginx's ketama ring: `servers` are [address as written, weight] in declaration order. */
export function referenceRing(servers: readonly (readonly [string, number])[]): RefPoint[] {
  const points: RefPoint[] = [];
  for (const [server, weight] of servers) {
    let host = server;
    let port = '';
    if (server.toLowerCase().startsWith('unix:')) {
      host = server.slice(5);
    } else {
      const m = /^(.*):(\d*)$/.exec(server);
      if (m) {
        host = m[1]!;
        port = m[2]!;
      }
    }
    let prev = [0, 0, 0, 0];
    for (let j = 0; j < weight * 160; j++) {
      const hash = referenceCrc32([...bytesOf(host), 0, ...bytesOf(port), ...prev]);
      points.push({ hash, server });
      prev = [hash & 0xff, (hash >>> 8) & 0xff, (hash >>> 16) & 0xff, hash >>> 24];
    }
  }
  // Array.prototype.sort is stable, like the glibc merge sort nginx's qsort uses here.
  points.sort((a, b) => a.hash - b.hash);
  return points.filter((p, i) => i === 0 || p.hash !== points[i - 1]!.hash);
}

/** The server for a key, with down servers skipped for at most 21 points (undefined after). */
export function referenceChashServer(ring: RefPoint[], key: readonly number[], down: ReadonlySet<string>): string | undefined {
  const hash = referenceCrc32(key);
  let index = ring.findIndex((p) => p.hash >= hash);
  if (index < 0) index = 0;
  for (let tries = 0; tries <= 20; tries++) {
    const point = ring[(index + tries) % ring.length]!;
    if (!down.has(point.server)) return point.server;
  }
  return undefined;
}

export interface RefPeer {
  readonly address: string;
  readonly weight: number;
  /** Whether nginx may pick the peer (not down, weight above 0). */
  readonly up: boolean;
}

export interface RefChashShares {
  /** Per peer: fraction of key hashes it receives (before round-robin fallbacks). */
  readonly byPeer: number[];
  /** Per peer: fraction of the ring its address owns, and that address's points. */
  readonly ownedByPeer: number[];
  readonly pointsByPeer: number[];
  /** Fraction of key hashes that find no serving point within 21 and go to round-robin. */
  readonly fallback: number;
}

/**
 * Consistent-hash shares the slow way: every peer adds its own chain to a reference ring (peers of
 * one address add the same points, which deduplication removes), every point's arc is walked, and
 * a point whose address has no serving peer hands its arc to the next point whose address has
 * one, looking at most 20 points on. Arcs are counted in whole hash values.
 */
export function referenceChashShares(peers: readonly RefPeer[]): RefChashShares {
  const ring = referenceRing(peers.map((p) => [p.address, p.weight] as const));
  const upWeight = new Map<string, number>();
  for (const p of peers) if (p.up) upWeight.set(p.address, (upWeight.get(p.address) ?? 0) + p.weight);
  const serves = (address: string): boolean => (upWeight.get(address) ?? 0) > 0;
  const owned = new Map<string, number>();
  const points = new Map<string, number>();
  const served = new Map<string, number>();
  let fallback = 0;
  ring.forEach((point, k) => {
    const arc = k === 0 ? 2 ** 32 - ring[ring.length - 1]!.hash + point.hash : point.hash - ring[k - 1]!.hash;
    owned.set(point.server, (owned.get(point.server) ?? 0) + arc);
    points.set(point.server, (points.get(point.server) ?? 0) + 1);
    for (let attempt = 0; attempt <= 20; attempt++) {
      const candidate = ring[(k + attempt) % ring.length]!.server;
      if (serves(candidate)) {
        served.set(candidate, (served.get(candidate) ?? 0) + arc);
        return;
      }
    }
    fallback += arc;
  });
  return {
    byPeer: peers.map((p) => (p.up ? (((served.get(p.address) ?? 0) / 2 ** 32) * p.weight) / upWeight.get(p.address)! : 0)),
    ownedByPeer: peers.map((p) => (owned.get(p.address) ?? 0) / 2 ** 32),
    pointsByPeer: peers.map((p) => points.get(p.address) ?? 0),
    fallback: fallback / 2 ** 32,
  };
}

/** MurmurHash2, seed 0, in BigInt so that no 32-bit trick is shared with the engine. */
export function referenceMurmur2(bytes: readonly number[]): number {
  const mask = 0xffffffffn;
  const m = 0x5bd1e995n;
  let h = BigInt(bytes.length);
  let i = 0;
  let len = bytes.length;
  while (len >= 4) {
    let k = BigInt(bytes[i]! + bytes[i + 1]! * 256 + bytes[i + 2]! * 65536 + bytes[i + 3]! * 16777216);
    k = (k * m) & mask;
    k ^= k >> 24n;
    k = (k * m) & mask;
    h = (h * m) & mask;
    h ^= k;
    i += 4;
    len -= 4;
  }
  if (len === 3) h ^= BigInt(bytes[i + 2]!) << 16n;
  if (len >= 2) h ^= BigInt(bytes[i + 1]!) << 8n;
  if (len >= 1) {
    h ^= BigInt(bytes[i]!);
    h = (h * m) & mask;
  }
  h ^= h >> 13n;
  h = (h * m) & mask;
  h ^= h >> 15n;
  return Number(h);
}

/** A small seeded PRNG (mulberry32) for Monte Carlo checks. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
