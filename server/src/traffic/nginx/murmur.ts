/**
 * MurmurHash2 (32-bit, seed 0) as ngx_murmur_hash2 computes it; split_clients hashes its key with
 * it. `Math.imul` gives the wrapping 32-bit multiply the C code relies on.
 */
const M = 0x5bd1e995;

export function murmurHash2(data: Uint8Array): number {
  let len = data.length;
  let h = len >>> 0;
  let i = 0;
  while (len >= 4) {
    let k = data[i]! | (data[i + 1]! << 8) | (data[i + 2]! << 16) | (data[i + 3]! << 24);
    k = Math.imul(k, M);
    k ^= k >>> 24;
    k = Math.imul(k, M);
    h = Math.imul(h, M) ^ k;
    i += 4;
    len -= 4;
  }
  // The tail bytes fall through from the highest to the lowest, as in the C switch.
  if (len === 3) h ^= data[i + 2]! << 16;
  if (len >= 2) h ^= data[i + 1]! << 8;
  if (len >= 1) {
    h ^= data[i]!;
    h = Math.imul(h, M);
  }
  h ^= h >>> 13;
  h = Math.imul(h, M);
  h ^= h >>> 15;
  return h >>> 0;
}
