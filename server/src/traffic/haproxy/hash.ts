/**
 * HAProxy's hash functions (src/hash.c) and the avalanche modifier (full_hash, Bob Jenkins'
 * integer hash followed by a multiplication by 3221225473), over bytes, as unsigned 32-bit
 * values. `none` (HAProxy 2.8+) reads the key as a number.
 */

export type HashFunctionName = 'sdbm' | 'djb2' | 'wt6' | 'crc32' | 'none';

export function sdbm(bytes: Uint8Array): number {
  let hash = 0;
  for (let i = 0; i < bytes.length; i++) hash = (bytes[i]! + (hash << 6) + (hash << 16) - hash) >>> 0;
  return hash;
}

export function djb2(bytes: Uint8Array): number {
  let hash = 5381;
  for (let i = 0; i < bytes.length; i++) hash = (((hash << 5) >>> 0) + hash + bytes[i]!) >>> 0;
  return hash;
}

export function wt6(bytes: Uint8Array): number {
  let h0 = 0xa53c965a;
  let h1 = 0x5ca6953a;
  let step0 = 6;
  let step1 = 18;
  for (let i = 0; i < bytes.length; i++) {
    let t = bytes[i]!;
    h0 = ~(h0 ^ t) >>> 0;
    h1 = ~(h1 + t) >>> 0;
    // Shift counts are taken modulo 32 in JavaScript as on x86, so a rotation by 0 keeps the value.
    t = ((h1 << step0) | (h1 >>> (32 - step0))) >>> 0;
    h1 = ((h0 << step1) | (h0 >>> (32 - step1))) >>> 0;
    h0 = t;
    t = ((h0 >>> 16) ^ h1) & 0xffff;
    step0 = t & 0x1f;
    step1 = t >>> 11;
  }
  return (h0 ^ h1) >>> 0;
}

export function crc32Bitwise(bytes: Uint8Array): number {
  let hash = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) {
    hash ^= bytes[i]!;
    for (let bit = 0; bit < 8; bit++) hash = (hash >>> 1) ^ (hash & 1 ? 0xedb88320 : 0);
  }
  return ~hash >>> 0;
}

/** Bob Jenkins' full avalanche integer hash, then HAProxy's spreading multiplication. */
export function fullHash(value: number): number {
  let a = value >>> 0;
  a = (a + 0x7ed55d16 + (a << 12)) >>> 0;
  a = (a ^ 0xc761c23c ^ (a >>> 19)) >>> 0;
  a = (a + 0x165667b1 + (a << 5)) >>> 0;
  a = ((a + 0xd3a2646c) ^ (a << 9)) >>> 0;
  a = (a + 0xfd7046c5 + (a << 3)) >>> 0;
  a = (a ^ 0xb55a4f09 ^ (a >>> 16)) >>> 0;
  return Math.imul(a, 3221225473) >>> 0;
}

export function hashBytes(fn: HashFunctionName, bytes: Uint8Array): number {
  switch (fn) {
    case 'djb2':
      return djb2(bytes);
    case 'wt6':
      return wt6(bytes);
    case 'crc32':
      return crc32Bitwise(bytes);
    case 'none': {
      // HAProxy 2.8 reads the key's leading digits as an unsigned number.
      const digits = /^\d+/.exec(String.fromCharCode(...bytes.subarray(0, 32)));
      return digits ? Number(BigInt(digits[0]) & 0xffffffffn) : 0;
    }
    default:
      return sdbm(bytes);
  }
}

/** The function and modifier of a model hash spec (`sdbm avalanche`). */
export function parseHashFunction(text: string | undefined): { fn: HashFunctionName; avalanche: boolean } {
  const [name, modifier] = (text ?? 'sdbm').split(' ');
  const fn = (['sdbm', 'djb2', 'wt6', 'crc32', 'none'] as const).find((f) => f === name) ?? 'sdbm';
  return { fn, avalanche: modifier === 'avalanche' };
}
