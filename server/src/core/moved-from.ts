/**
 * Model items moved by an edit before them. A dialect's incremental analysis lends the sections
 * after an edit their previous lowering as views that read as the items they were moved from,
 * except for their locations (dialects/haproxy/moved-references.ts). `movedFrom` gives the item a
 * view was moved from, or the item itself: a rule that remembers what it read of the last model,
 * and reads no location, can tell an item it read before by identity instead of reading its
 * fields again (shadowed-route reads thousands of route conditions on every keystroke).
 */
export const MOVED_FROM: unique symbol = Symbol('moved from');

/** The item `item` was moved from, or `item` itself when it is not a moved view. */
export function movedFrom<T extends object>(item: T): T {
  return (item as { readonly [MOVED_FROM]?: T })[MOVED_FROM] ?? item;
}
