/**
 * CRC-32 (IEEE, the one nginx's ngx_crc32_* and zlib compute). `crc32(b, crc32(a))` equals
 * `crc32(a + b)`, which is how nginx's init/update/final sequence maps onto zlib's running value.
 */
import { crc32 as zlibCrc32 } from 'node:zlib';

export function crc32(bytes: Uint8Array, previous = 0): number {
  return zlibCrc32(bytes, previous >>> 0) >>> 0;
}

/**
 * Slicing-by-4 tables: `TABLES[0..255]` is the byte-at-a-time table and each further block of 256
 * advances a byte's contribution by one more zero byte, so four bytes take four independent
 * lookups. The ring's many short updates are cheaper this way than a native call per point.
 */
const TABLES = (() => {
  const tables = new Int32Array(4 * 256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    tables[n] = c;
  }
  for (let n = 0; n < 256; n++) {
    for (let t = 1; t < 4; t++) {
      const before = tables[(t - 1) * 256 + n]!;
      tables[t * 256 + n] = (before >>> 8) ^ tables[before & 0xff]!;
    }
  }
  return tables;
})();

/**
 * `crc32(four little-endian bytes of value, previous)`, computed without allocating. The result is
 * the CRC's 32 bits as a signed integer (`>>> 0` gives the usual unsigned value): unoptimised code
 * keeps signed 32-bit integers unboxed but boxes unsigned ones of 2^31 and more, and the ring
 * computes thousands of these per pool, often before the optimising compiler has run.
 */
export function crc32OfUint32LEBits(value: number, previous: number): number {
  const c = ~previous ^ value;
  return ~(TABLES[768 + (c & 0xff)]! ^ TABLES[512 + ((c >>> 8) & 0xff)]! ^ TABLES[256 + ((c >>> 16) & 0xff)]! ^ TABLES[c >>> 24]!);
}

/**
 * A chain step `next = crc32(four little-endian bytes of prev, base)` is affine in `prev`: the
 * table steps are linear over XOR, so `next = T(prev) ^ K` with `K = crc32OfUint32LEBits(0, base)`
 * and `T(x) = crc32OfUint32LEBits(x, 0) ^ crc32OfUint32LEBits(0, 0)` the same for every base. Two
 * steps are `T(T(prev)) ^ T(K) ^ K`, where `T(K) ^ K` is the chain's second point, and `T(T(x))`
 * is linear too: TWO_STEP_TABLES hold it byte by byte (laid out like TABLES). A chain's next two
 * points can then be computed from the current one side by side, which the processor overlaps.
 */
const TWO_STEP_TABLES = (() => {
  const linear = (x: number) => crc32OfUint32LEBits(x, 0) ^ crc32OfUint32LEBits(0, 0);
  const tables = new Int32Array(4 * 256);
  for (let byte = 0; byte < 4; byte++) {
    for (let n = 0; n < 256; n++) tables[(3 - byte) * 256 + n] = linear(linear(n << (8 * byte)));
  }
  return tables;
})();

/** The point two steps after `prev` on the chain whose second point is `second` (see above). */
export function twoChainSteps(prev: number, second: number): number {
  return TWO_STEP_TABLES[768 + (prev & 0xff)]! ^ TWO_STEP_TABLES[512 + ((prev >>> 8) & 0xff)]! ^ TWO_STEP_TABLES[256 + ((prev >>> 16) & 0xff)]! ^ TWO_STEP_TABLES[prev >>> 24]! ^ second;
}

/** `crc32(one byte, previous)`. */
export function crc32OfByte(byte: number, previous: number): number {
  const c = ~previous;
  return ~(TABLES[(c ^ byte) & 0xff]! ^ (c >>> 8)) >>> 0;
}

/**
 * `crc32(UTF-8 bytes of text.slice(start, end), previous)`. ASCII text, which addresses almost
 * always are, is hashed straight from its character codes, without slicing or encoding it.
 */
export function crc32OfText(text: string, previous: number, start = 0, end = text.length): number {
  let c = ~previous;
  for (let i = start; i < end; i++) {
    const code = text.charCodeAt(i);
    if (code >= 0x80) return crc32(utf8(text.slice(start, end)), previous);
    c = TABLES[(c ^ code) & 0xff]! ^ (c >>> 8);
  }
  return ~c >>> 0;
}

const encoder = new TextEncoder();

export function utf8(text: string): Uint8Array {
  return encoder.encode(text);
}
