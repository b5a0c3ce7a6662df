/**
 * The traffic engine: expected shares and per-request routing for balancer pools. Pure
 * computation; no I/O.
 */
export type { CreateRouterResult, RouteRequest, RouteResult, Router } from './types';
export { predictShares } from './predict';
export { createRouter } from './router';
export { swrrSequence } from './nginx/swrr';
export { ketamaRing, ringShares, findPoint, ringHostPort, POINTS_PER_WEIGHT } from './nginx/ketama';
export type { KetamaRing, RingServer } from './nginx/ketama';
export { murmurHash2 } from './nginx/murmur';
export { crc32 } from './nginx/crc32';
export { compileKey, evaluateKey, evaluateNginxKey } from './nginx/variables';
export type { CompiledKey, KeyContext } from './nginx/variables';
export { parseRequestTarget } from './nginx/uri';
export { parseIp, formatIp } from './ip-address';
export { splitParts, splitShares } from './nginx/split';
export type { SplitPart } from './nginx/split';
export { ipHashCounts, networksPerResidue } from './nginx/ip-hash';
export { mapHash } from './nginx/hash-map';
export { randomTwoShares } from './nginx/random';
export { addressKeys, isPlainIpv4Port, memberIdentity } from './address-key';
export { keyRemap, remapComparable } from './remap';
export type { KeyRemap } from './remap';
export { clearTrafficCaches, trafficCacheComputations } from './cache-registry';
