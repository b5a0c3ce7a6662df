/**
 * What a rule read of a list of model items, kept flat: a fixed number of fields per item, in the
 * list's order. A rule that remembers its last answer keeps this beside it and compares the next
 * model's list with it in one walk, without allocating (unused-pool on nginx and HAProxy: most
 * keystrokes leave every reference's target and every pool's name alone).
 */
import { movedFrom } from './moved-from';

export class FlatReads<T extends object> {
  /**
   * `field(item, k)` is the k-th of the `width` fields the rule reads of an item. `byOrigin`: the
   * item it was moved from (`movedFrom`, core/moved-from.ts) is kept before its fields, and an
   * item moved from the same one is known without reading its fields (HAProxy's moved views).
   */
  constructor(
    private readonly width: number,
    private readonly field: (item: T, k: number) => unknown,
    private readonly byOrigin = false,
  ) {}

  /** The fields of every item, flat. */
  read(items: readonly T[]): unknown[] {
    const flat: unknown[] = [];
    for (const item of items) {
      if (this.byOrigin) flat.push(movedFrom(item));
      for (let k = 0; k < this.width; k++) flat.push(this.field(item, k));
    }
    return flat;
  }

  /** Whether `items` read exactly `flat` (the same fields, in the same order). */
  same(flat: readonly unknown[], items: readonly T[]): boolean {
    const width = this.width;
    const stride = this.byOrigin ? width + 1 : width;
    if (flat.length !== items.length * stride) return false;
    for (let i = 0; i < items.length; i++) {
      const item = items[i]!;
      let at = i * stride;
      if (this.byOrigin) {
        const origin = movedFrom(item);
        if (flat[at] === origin) continue;
        // Read the same field by field below, it is known by identity from then on (a mismatch
        // makes the caller read the whole list again).
        (flat as unknown[])[at++] = origin;
      }
      for (let k = 0; k < width; k++) if (flat[at + k] !== this.field(item, k)) return false;
    }
    return true;
  }
}
