/**
 * The traffic engine: expected shares and per-request routing for balancer pools. Pure
 * computation; no I/O.
 */
export type { CreateRouterResult, RouteRequest, RouteResult, Router } from './types';
export { predictShares } from './predict';
export { createRouter } from './router';
export { swrrSequence } from './swrr';
export { ketamaRing, ringShares, findPoint, ringHostPort, POINTS_PER_WEIGHT } from './ketama';
export type { KetamaRing, RingServer } from './ketama';
export { murmurHash2 } from './murmur';
export { crc32 } from './crc32';
export { compileKey, evaluateKey, evaluateNginxKey } from './nginx-variables';
export type { CompiledKey, KeyContext } from './nginx-variables';
export { parseRequestTarget } from './nginx-uri';
export { parseIp, formatIp } from './ip-address';
export { splitParts, splitShares } from './split';
export type { SplitPart } from './split';
export { ipHashCounts, networksPerResidue } from './ip-hash';
export { mapHash } from './hash-map';
export { randomTwoShares } from './random';
export { addressKeys, memberIdentity } from './address-key';
export { keyRemap, remapComparable } from './remap';
export type { KeyRemap } from './remap';
export { clearTrafficCaches } from './cache-registry';
