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
/** Points in generation order and their owners; after sorting, the ring. */
export const KEYS = new Int32Array(CAPACITY);
export const VALUES = new Uint32Array(CAPACITY);
/** A second pair for the sorts' intermediate orders. */
export const SPARE_KEYS = new Int32Array(CAPACITY);
export const SPARE_VALUES = new Uint32Array(CAPACITY);
/** Hash values owned per server, summed where a per-point sum is fastest (see ringPoints). */
export const OWNED = new Float64Array(SERVER_CAPACITY);
/** XOR with this flips the sign bit, so that signed comparison orders bits as unsigned numbers. */
export const SIGN = -0x80000000;
