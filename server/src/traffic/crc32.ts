/**
 * CRC-32 (IEEE, the one nginx's ngx_crc32_* and zlib compute). `crc32(b, crc32(a))` equals
 * `crc32(a + b)`, which is how nginx's init/update/final sequence maps onto zlib's running value.
 */
import { crc32 as zlibCrc32 } from 'node:zlib';

export function crc32(bytes: Uint8Array, previous = 0): number {
  return zlibCrc32(bytes, previous) >>> 0;
}

/**
 * The byte-at-a-time table, for the ring's many four-byte updates: a native call per point costs
 * more than the arithmetic.
 */
const TABLE = (() => {
  const table = new Int32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c;
  }
  return table;
})();

/** `crc32(four little-endian bytes of value, previous)`, computed without allocating. */
export function crc32OfUint32LE(value: number, previous: number): number {
  let c = ~previous;
  c = TABLE[(c ^ value) & 0xff]! ^ (c >>> 8);
  c = TABLE[(c ^ (value >>> 8)) & 0xff]! ^ (c >>> 8);
  c = TABLE[(c ^ (value >>> 16)) & 0xff]! ^ (c >>> 8);
  c = TABLE[(c ^ (value >>> 24)) & 0xff]! ^ (c >>> 8);
  return ~c >>> 0;
}

const encoder = new TextEncoder();

export function utf8(text: string): Uint8Array {
  return encoder.encode(text);
}
