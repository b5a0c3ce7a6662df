/**
 * nginx's key remap: which fraction of a hashing pool's keys (or client networks) a change sends to a
 * different backend. Members are identified by address (`memberIdentity`), so reordering lines or
 * respelling an address moves nothing unless the balancer itself hashes differently.
 *
 * - `hash $key`: exact over nginx's 32768 hash values. Keys rehashed past members that cannot
 *   serve are followed exactly for a given key length, and averaged over typical lengths (see
 *   remap-rehash.ts); `exact` says whether that average mattered.
 * - `hash $key consistent`: exact arcs of the 2^32 ring where the owner differs, down points
 *   passed on as nginx does. A ring too large to build is estimated (remap-estimate.ts; `exact`
 *   is then false). `hash` and `hash ... consistent` of the same key compare exactly too,
 *   both being functions of crc32(key).
 * - `ip_hash`: exact over all 2^24 IPv4 /24 networks.
 * - `split_clients`: exact measure of the MurmurHash2 values whose part changes.
 */
import type { Pool } from '../../core/model';
import { memberIdentity } from '../address-key';
import { BoundedCache } from '../lru';
import type { KeyRemap, KeyRemapOptions } from '../remap';
import { detached } from './peer-cache';
import { expandPeers } from './peers';
import { ringBuildable } from './chash';
import { crcRemap, crcVersion } from './remap-crc';
import { estimateRingRemap } from './remap-estimate';
import { ipHashOwners, ipHashRemap } from './remap-ip';
import { TYPICAL_KEY_LENGTHS } from './remap-rehash';
import { splitRemap } from './remap-split';
import { createNginxRouter } from './router';

/** Lengths in bytes that the values of a key expression take. */
function likelyKeyLengths(key: string): readonly number[] {
  if (key === '$binary_remote_addr') return [4];
  if (key === '$remote_addr') return [7, 8, 9, 10, 11, 12, 13, 14, 15];
  return TYPICAL_KEY_LENGTHS;
}

/** Identities numbered across both revisions: equal numbers name the same backend. */
function identities(a: Pool, b: Pool): { a: Int32Array; b: Int32Array } {
  const ids = new Map<string, number>();
  const number = (pool: Pool): Int32Array =>
    Int32Array.from(pool.members, (member) => {
      const identity = memberIdentity(member, pool);
      let id = ids.get(identity);
      if (id === undefined) {
        id = ids.size;
        ids.set(identity, id);
      }
      return id;
    });
  return { a: number(a), b: number(b) };
}

type Method = 'crc' | 'ip' | 'split';

/** How the pool hashes, or undefined when it does not hash keys the way lb-drift can compare. */
function methodOf(pool: Pool): Method | undefined {
  if (pool.dialect !== 'nginx' || pool.members.length === 0) return undefined;
  if (pool.algorithm === 'ip-hash') return 'ip';
  if ((pool.algorithm === 'hash' || pool.algorithm === 'consistent-hash') && pool.hash && pool.hash.key !== '') return 'crc';
  if (pool.algorithm === 'weighted-split' && pool.kind === 'split' && pool.hash) return 'split';
  return undefined;
}

/** Whether the two revisions hash the same keys, so that their key spaces can be compared. */
export function nginxRemapComparable(a: Pool, b: Pool): boolean {
  const method = methodOf(a);
  return method !== undefined && method === methodOf(b) && (method === 'ip' || a.hash?.key === b.hash?.key);
}

/** A pool version as the remap depends on it; equal signatures remap alike. */
function signature(pool: Pool): string {
  const parts = [pool.algorithm, pool.hash?.key ?? '', pool.kind, pool.context];
  for (const m of pool.members) parts.push(`${m.address} ${m.weight} ${m.role} ${m.state} ${m.peers} ${m.weightExplicit}`);
  return parts.join('\n');
}

/** Remaps are small; their keys are detached copies, so no configuration text stays alive. */
const cache = new BoundedCache<KeyRemap | undefined>(1024);

/**
 * Whether the two revisions route every key alike because nothing the hashing reads differs.
 * Most pools of a configuration are unchanged on most edits; this spares them any computation.
 */
function sameRouting(a: Pool, b: Pool): boolean {
  if (a.algorithm !== b.algorithm || a.context !== b.context || a.kind !== b.kind || a.members.length !== b.members.length) return false;
  for (let i = 0; i < a.members.length; i++) {
    const x = a.members[i]!;
    const y = b.members[i]!;
    if (x.address !== y.address || x.weight !== y.weight || x.role !== y.role || x.state !== y.state || x.peers !== y.peers) return false;
    if (x.weightExplicit !== y.weightExplicit) return false;
  }
  return true;
}

/** The remap from revision `a` to revision `b`, or undefined when they are not comparable. */
export function nginxKeyRemap(a: Pool, b: Pool, options: KeyRemapOptions = {}): KeyRemap | undefined {
  if (!nginxRemapComparable(a, b)) return undefined;
  if (sameRouting(a, b)) return { fraction: 0, unit: methodOf(a) === 'ip' ? 'client networks' : 'keys', exact: true };
  const lengths = options.keyLengths ?? likelyKeyLengths(a.hash?.key ?? '');
  return cache.get(detached(`${signature(a)}\u0000${signature(b)}\u0000${lengths.join(',')}`), () => computeRemap(a, b, lengths));
}

function computeRemap(a: Pool, b: Pool, lengths: readonly number[]): KeyRemap {
  const ids = identities(a, b);
  const method = methodOf(a)!;
  if (method === 'ip') {
    const fraction = ipHashRemap(ipHashOwners(expandPeers(a), ids.a), ipHashOwners(expandPeers(b), ids.b));
    return { fraction, unit: 'client networks', exact: true };
  }
  // A key without variables is one key: it either moves or it does not.
  if (!a.hash!.key.includes('$')) return { fraction: constantKeyMoves(a, ids.a, b, ids.b), unit: 'keys', exact: true };
  if (method === 'split') return { fraction: splitRemap(a, ids.a, b, ids.b), unit: 'keys', exact: true };
  if (!ringSmallEnough(a) || !ringSmallEnough(b)) return { fraction: estimateRingRemap(a, ids.a, b, ids.b), unit: 'keys', exact: false };
  const moved = crcRemap(
    crcVersion(expandPeers(a), ids.a, a.algorithm === 'consistent-hash'),
    crcVersion(expandPeers(b), ids.b, b.algorithm === 'consistent-hash'),
    lengths,
  );
  return { fraction: moved.fraction, unit: 'keys', exact: !moved.lengthDependent };
}

/** Whether a pool's ring, if it has one, is small enough to compare point by point. */
function ringSmallEnough(pool: Pool): boolean {
  return pool.algorithm !== 'consistent-hash' || ringBuildable(expandPeers(pool).primary);
}

function constantKeyMoves(a: Pool, idsA: Int32Array, b: Pool, idsB: Int32Array): number {
  const owner = (pool: Pool, ids: Int32Array): number => {
    const created = createNginxRouter(pool);
    if (!created.ok) return -1;
    const routed = created.router.route({ uri: '/' });
    return routed.ok ? ids[routed.member]! : -1;
  };
  return owner(a, idsA) === owner(b, idsB) ? 0 : 1;
}
