/**
 * A stable least-significant-digit radix sort of 32-bit keys, each carrying a 32-bit value: four
 * byte passes, linear whatever the keys. Ring points use it when their fast bucket sort meets
 * clustered keys, and for rings too large for the fast path's buffers.
 */

const counts = new Uint32Array(4 * 256);

/**
 * Sorts `keys[0..n)` as unsigned 32-bit numbers (the keys hold their bits as signed integers),
 * `values` moving along; equal keys keep their order. `spareKeys` and `spareValues` are scratch
 * space of at least `n` entries. Four passes, an even number, leave the result in `keys`/`values`.
 */
export function radixSort(keys: Int32Array, values: Uint32Array, spareKeys: Int32Array, spareValues: Uint32Array, n: number): void {
  counts.fill(0);
  for (let i = 0; i < n; i++) {
    const k = keys[i]!;
    counts[k & 0xff]!++;
    counts[256 + ((k >>> 8) & 0xff)]!++;
    counts[512 + ((k >>> 16) & 0xff)]!++;
    counts[768 + (k >>> 24)]!++;
  }
  // Each digit's first output position, per pass.
  for (let base = 0; base < 1024; base += 256) {
    let sum = 0;
    for (let d = base; d < base + 256; d++) {
      const count = counts[d]!;
      counts[d] = sum;
      sum += count;
    }
  }
  let fromKeys = keys;
  let fromValues = values;
  let toKeys = spareKeys;
  let toValues = spareValues;
  for (let shift = 0, base = 0; shift < 32; shift += 8, base += 256) {
    for (let i = 0; i < n; i++) {
      const k = fromKeys[i]!;
      const at = counts[base + ((k >>> shift) & 0xff)]!++;
      toKeys[at] = k;
      toValues[at] = fromValues[i]!;
    }
    const keysDone = toKeys;
    toKeys = fromKeys;
    fromKeys = keysDone;
    const valuesDone = toValues;
    toValues = fromValues;
    fromValues = valuesDone;
  }
}
