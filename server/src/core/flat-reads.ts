/**
 * What a rule read of a list of model items, kept flat: a fixed number of fields per item, in the
 * list's order. A rule that remembers its last answer keeps this beside it and compares the next
 * model's list with it in one walk, without allocating (unused-pool on nginx and HAProxy: most
 * keystrokes leave every reference's target and every pool's name alone).
 */
export class FlatReads<T> {
  /** `field(item, k)` is the k-th of the `width` fields the rule reads of an item. */
  constructor(
    private readonly width: number,
    private readonly field: (item: T, k: number) => unknown,
  ) {}

  /** The fields of every item, flat. */
  read(items: readonly T[]): unknown[] {
    const flat: unknown[] = [];
    for (const item of items) for (let k = 0; k < this.width; k++) flat.push(this.field(item, k));
    return flat;
  }

  /** Whether `items` read exactly `flat` (the same fields, in the same order). */
  same(flat: readonly unknown[], items: readonly T[]): boolean {
    const width = this.width;
    if (flat.length !== items.length * width) return false;
    for (let i = 0; i < items.length; i++) {
      const item = items[i]!;
      for (let k = 0; k < width; k++) if (flat[i * width + k] !== this.field(item, k)) return false;
    }
    return true;
  }
}
