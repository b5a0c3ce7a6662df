/**
 * The working buffers every ring is built in (ring-points.ts builds whole rings, ring-arcs.ts only
 * what each server owns). One set serves both, so a thread touches the memory of its largest ring
 * once, not once per way of building it. They are module-level constants because V8 optimises
 * loops over those much better than over typed arrays passed in or reassigned (about twice as fast
 * in these loops); their pages are only touched, and counted in memory, as far as the largest ring
 * so far reaches.
 */

/**
 * 2M points (a total weight of 13,107, such as a pool scaled tenfold by unbalanced-ring) from at
 * most 4K servers. The four point buffers reserve 32 MB of address space.
 */
export const CAPACITY = 1 << 21;
export const SERVER_CAPACITY = 1 << 12;
/**
 * Each pair of point buffers shares one block of memory with a buffer of packed points (see
 * OWNER_UNIT), which ring-arcs.ts sorts instead: one 8-byte word per point moved instead of two 4-byte
 * words to two places. A ring uses either view, never both at once, and either touches 8 bytes of
 * the block per point.
 */
const BLOCK = new ArrayBuffer(8 * CAPACITY);
const SPARE_BLOCK = new ArrayBuffer(8 * CAPACITY);
/** Points in generation order and their owners; after sorting, the ring. */
export const KEYS = new Int32Array(BLOCK, 0, CAPACITY);
export const VALUES = new Uint32Array(BLOCK, 4 * CAPACITY, CAPACITY);
/** A second pair for the sorts' intermediate orders. */
export const SPARE_KEYS = new Int32Array(SPARE_BLOCK, 0, CAPACITY);
export const SPARE_VALUES = new Uint32Array(SPARE_BLOCK, 4 * CAPACITY, CAPACITY);
/** Packed points over the same memory as KEYS/VALUES and SPARE_KEYS/SPARE_VALUES. */
export const PACKED = new Float64Array(BLOCK);
export const SPARE_PACKED = new Float64Array(SPARE_BLOCK);
/**
 * A point and its owner in one exact double: owner * 2^32 + the point's 32 bits. `packed | 0` is
 * the point again (ToInt32 keeps the low 32 bits), and `(packed / 2^32) | 0` the owner; owners
 * are below SERVER_CAPACITY, so every packed value is an integer below 2^44.
 */
export const OWNER_UNIT = 2 ** 32;
/** Hash values owned per server, summed where a per-point sum is fastest (see ringPoints). */
export const OWNED = new Float64Array(SERVER_CAPACITY);
/** XOR with this flips the sign bit, so that signed comparison orders bits as unsigned numbers. */
export const SIGN = -0x80000000;
