/**
 * The storage behind `NginxTree`: growable typed arrays for directives, arguments and comments,
 * and a table that hands out one string (and one small id) per distinct directive name. Nothing
 * here allocates per directive: a 10 MB file costs a few arrays that double when they fill up and
 * are trimmed when the parse ends with most of one unused.
 */
import { unescapeNginx } from './lexer';

/**
 * How a word is written, in four bits: its quote, whether it holds a backslash, and whether a
 * quoted word runs to the end of the text without its closing quote. Arguments store these bits
 * alone; directives keep the bits of their name in the low four bits of their flags.
 */
export const WORD_DOUBLE_QUOTED = 1;
export const WORD_SINGLE_QUOTED = 2;
export const WORD_ESCAPED = 4;
export const WORD_UNCLOSED = 8;
export const WORD_BITS = 15;

/** Directive flags above the name's word bits (the low byte of the INFO field). */
export const HAS_SEMICOLON = 16;
export const HAS_BLOCK = 32;
export const BLOCK_CLOSED = 64;
export const RAW_BLOCK = 128;

/** The value nginx sees for a word written at `text[start, end)` with these word bits. */
export function wordValue(text: string, start: number, end: number, bits: number): string {
  if ((bits & (WORD_DOUBLE_QUOTED | WORD_SINGLE_QUOTED)) !== 0) {
    start++;
    if ((bits & WORD_UNCLOSED) === 0) end--;
  }
  const raw = text.slice(start, end);
  return (bits & WORD_ESCAPED) !== 0 ? unescapeNginx(raw) : raw;
}

export function wordQuote(bits: number): '"' | "'" | null {
  return (bits & WORD_DOUBLE_QUOTED) !== 0 ? '"' : (bits & WORD_SINGLE_QUOTED) !== 0 ? "'" : null;
}

// Growing and trimming go through `new` and `set` per element type: `slice` and a constructor
// taken from the instance go through the species protocol, which is many times slower.

function resizedInt32(array: Int32Array, length: number): Int32Array {
  const next = new Int32Array(length);
  next.set(length >= array.length ? array : array.subarray(0, length));
  return next;
}

function resizedUint8(array: Uint8Array, length: number): Uint8Array {
  const next = new Uint8Array(length);
  next.set(length >= array.length ? array : array.subarray(0, length));
  return next;
}

/**
 * The capacity a full store of `count` entries grows to when its next entry lies at offset `at`
 * of a text of `textLength` code units (0 when the store does not know which text it covers: a
 * re-read block). Doubling left up to half of a large file's store unused, so a store that knows
 * its text extrapolates from the density of what it has read, with an eighth to spare: a file a
 * little denser than the parser's estimate then grows once, near its end, by a little. It never
 * more than doubles (early in a text the extrapolation means little) and grows by at least a
 * quarter, so that a text whose density keeps rising still copies its store only a few times.
 */
function grownCapacity(count: number, at: number, textLength: number): number {
  const doubled = Math.max(16, count * 2);
  if (textLength <= at || at <= 0) return doubled;
  const extrapolated = Math.ceil(((count * textLength) / at) * 1.125) + 64;
  return Math.min(doubled, Math.max(extrapolated, count + (count >> 2) + 16));
}

/**
 * Whether a store filled to `used` of `capacity` should be copied to its exact size. The copy
 * writes everything kept into fresh memory, while the pages of an unused tail are mostly never
 * made resident; so a store is trimmed only when more than half of it was never used.
 */
function worthTrimming(capacity: number, used: number): boolean {
  return used < capacity >> 1;
}

/** The fields of a directive, `DIRECTIVE_STRIDE` integers in a row. */
export const NAME_START = 0;
export const NAME_END = 1;
/** The end of the span: after the `;` or `}`, or after the last token the directive has. */
export const END = 2;
/** The flags in the low 8 bits, and the name id + 1 above them (0: the name is not interned). */
export const INFO = 3;
/** The index of the first argument; the arguments run up to the next directive's first. */
export const FIRST_ARG = 4;
/** The offset of the `{`, or -1. */
export const BLOCK_OPEN = 5;
export const PARENT = 6;
/** The id just past the last descendant. */
export const SUBTREE_END = 7;
export const DIRECTIVE_STRIDE = 8;

/**
 * Directives in pre-order, their fields side by side in one array, so that the parser writes one
 * cache line per directive and the whole store is one allocation. A directive's span starts at
 * its name. Its first child is `d + 1` when that directive's parent is `d`, and its next sibling
 * is its subtree end when that one shares its parent. The `;` and the `}` are the last character
 * of the span when the flags say they exist.
 */
export class DirectiveStore {
  count = 0;
  data: Int32Array;

  constructor(
    capacity: number,
    /** The length of the text the directives come from, for growing (0: unknown, see `grownCapacity`). */
    private readonly textLength = 0,
  ) {
    this.data = new Int32Array(capacity * DIRECTIVE_STRIDE);
  }

  /** Appends a directive; the block fields are set by the parser when the block closes. */
  add(nameStart: number, nameEnd: number, end: number, info: number, firstArg: number, parent: number): number {
    const d = this.count;
    let at = d * DIRECTIVE_STRIDE;
    let data = this.data;
    if (at === data.length) data = this.data = resizedInt32(data, grownCapacity(d, nameStart, this.textLength) * DIRECTIVE_STRIDE);
    data[at++] = nameStart;
    data[at++] = nameEnd;
    data[at++] = end;
    data[at++] = info;
    data[at++] = firstArg;
    data[at++] = -1;
    data[at++] = parent;
    data[at] = d + 1;
    this.count = d + 1;
    return d;
  }

  trim(): void {
    const used = this.count * DIRECTIVE_STRIDE;
    if (worthTrimming(this.data.length, used)) this.data = resizedInt32(this.data, used);
  }
}

/**
 * Arguments as spans (quotes included, `start` and `end` side by side) and word bits. The
 * arguments of a directive are a run in this store, and the runs follow the directive order.
 */
export class ArgStore {
  count = 0;
  spans: Int32Array;
  bits: Uint8Array;

  constructor(
    capacity: number,
    /** The length of the text the arguments come from, for growing (0: unknown, see `grownCapacity`). */
    private readonly textLength = 0,
  ) {
    this.spans = new Int32Array(capacity * 2);
    this.bits = new Uint8Array(capacity);
  }

  add(start: number, end: number, bits: number): void {
    const i = this.count;
    if (i === this.bits.length) {
      const capacity = grownCapacity(i, start, this.textLength);
      this.spans = resizedInt32(this.spans, capacity * 2);
      this.bits = resizedUint8(this.bits, capacity);
    }
    this.spans[2 * i] = start;
    this.spans[2 * i + 1] = end;
    this.bits[i] = bits;
    this.count = i + 1;
  }

  /** Removes argument `i`, moving the ones after it down (only recovery needs this). */
  remove(i: number): void {
    this.spans.copyWithin(2 * i, 2 * i + 2, 2 * this.count);
    this.bits.copyWithin(i, i + 1, this.count);
    this.count--;
  }

  trim(): void {
    if (!worthTrimming(this.bits.length, this.count)) return;
    this.spans = resizedInt32(this.spans, this.count * 2);
    this.bits = resizedUint8(this.bits, this.count);
  }
}

/** Comment spans (from the `#`), and the directive each one trails on its line, or -1. */
export class CommentStore {
  count = 0;
  spans: Int32Array;
  owner: Int32Array;

  constructor(
    capacity: number,
    /** The length of the text the comments come from, for growing (0: unknown, see `grownCapacity`). */
    private readonly textLength = 0,
  ) {
    this.spans = new Int32Array(capacity * 2);
    this.owner = new Int32Array(capacity);
  }

  add(start: number, end: number, owner: number): void {
    const i = this.count;
    if (i === this.owner.length) {
      const capacity = grownCapacity(i, start, this.textLength);
      this.spans = resizedInt32(this.spans, capacity * 2);
      this.owner = resizedInt32(this.owner, capacity);
    }
    this.spans[2 * i] = start;
    this.spans[2 * i + 1] = end;
    this.owner[i] = owner;
    this.count = i + 1;
  }

  trim(): void {
    if (!worthTrimming(this.owner.length, this.count)) return;
    this.spans = resizedInt32(this.spans, this.count * 2);
    this.owner = resizedInt32(this.owner, this.count);
  }
}

/**
 * At most this many distinct names get an id. A real configuration has a few hundred; a file of
 * random words could have millions, and those are then sliced when asked for instead of kept.
 */
export const MAX_NAMES = 1 << 16;

/**
 * A lookup gives up after this many occupied slots. The table is at most half full, so honest
 * names find their slot in one or two probes; names crafted to share a hash then cost a bounded
 * scan each and go without an id, instead of making the parse quadratic.
 */
const MAX_PROBES = 16;

/**
 * A hash of the name `s[start, end)` from its length and five of its characters (the first two,
 * the middle one and the last two). Reading every character would cost more than the lookup it
 * speeds up; names that share these characters are told apart by the comparison that follows.
 */
function nameHash(s: string, start: number, end: number): number {
  const length = end - start;
  if (length === 0) return 0;
  let hash = Math.imul(length, 0x9e3779b1);
  hash = Math.imul(hash ^ s.charCodeAt(start), 0x01000193);
  hash = Math.imul(hash ^ s.charCodeAt(start + (length > 1 ? 1 : 0)), 0x01000193);
  hash = Math.imul(hash ^ s.charCodeAt(start + (length >> 1)), 0x01000193);
  hash = Math.imul(hash ^ s.charCodeAt(end - 2 >= start ? end - 2 : start), 0x01000193);
  hash = Math.imul(hash ^ s.charCodeAt(end - 1), 0x01000193);
  return hash ^ (hash >>> 15);
}

/**
 * Distinct directive names, each stored once, found by a hash so that a name already seen costs
 * no allocation. Ids are dense, so per-name facts can live in arrays indexed by id.
 */
export class NameTable {
  readonly names: string[] = [];
  private readonly hashes: number[] = [];
  /** Open addressing: id + 1 per slot, 0 for an empty slot. */
  private slots = new Int32Array(256);

  /** The id of the bare, escape-free word `text[start, end)`, or -1 when it gets none. */
  internSpan(text: string, start: number, end: number): number {
    const length = end - start;
    const hash = nameHash(text, start, end);
    const slots = this.slots;
    const mask = slots.length - 1;
    let slot = hash & mask;
    for (let probes = 0; probes < MAX_PROBES; probes++, slot = (slot + 1) & mask) {
      const id = slots[slot]! - 1;
      if (id < 0) return this.insert(text.slice(start, end), hash, slot);
      if (this.hashes[id] !== hash) continue;
      const name = this.names[id]!;
      if (name.length === length && text.startsWith(name, start)) return id;
    }
    return -1;
  }

  /** The id of a name given as a string (a quoted or escaped word), or -1 when it gets none. */
  internString(name: string): number {
    const hash = nameHash(name, 0, name.length);
    const slots = this.slots;
    const mask = slots.length - 1;
    let slot = hash & mask;
    for (let probes = 0; probes < MAX_PROBES; probes++, slot = (slot + 1) & mask) {
      const id = slots[slot]! - 1;
      if (id < 0) return this.insert(name, hash, slot);
      if (this.hashes[id] === hash && this.names[id] === name) return id;
    }
    return -1;
  }

  /** Adds a name in the empty `slot` its lookup ended at. */
  private insert(name: string, hash: number, slot: number): number {
    const id = this.names.length;
    if (id >= MAX_NAMES) return -1;
    this.names.push(name);
    this.hashes.push(hash);
    this.slots[slot] = id + 1;
    if ((id + 1) * 2 > this.slots.length) this.rehash(this.slots.length * 2);
    return id;
  }

  private rehash(size: number): void {
    const slots = new Int32Array(size);
    const mask = size - 1;
    for (let id = 0; id < this.names.length; id++) {
      let slot = this.hashes[id]! & mask;
      while (slots[slot] !== 0) slot = (slot + 1) & mask;
      slots[slot] = id + 1;
    }
    this.slots = slots;
  }
}
