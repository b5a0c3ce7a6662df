/**
 * The directive names a parse has already interned, indexed by their bytes, so that the lexer
 * names a word it has just scanned without making a string: a hash of the word's length and of
 * three 32-bit words of its bytes (its first four, four in the middle and its last four) picks a
 * slot, and the word's bytes in the lexer's window are compared with the name's; for a name of up
 * to 12 characters those three words are all of its bytes, so most names are compared with the
 * three loads that hashed them. A trie walked while scanning did the same with one dependent table load per character,
 * which cost a fifth of the parse; here the scan runs at the speed of any word (four characters
 * per test) and the comparison's loads do not wait for each other.
 *
 * The index only remembers what the `NameTable` answered, so ids are the table's ids. It holds
 * only bare ASCII names (the window reads every other character as one code), and a word is looked
 * up only when it is bare and has no backslash, so its written text is its value.
 */
import type { NameTable } from './tree-store';

/** The index stops growing here, so that a file of random names costs little. */
const MAX_ENTRIES = 1 << 12;
/** A lookup gives up after this many slots; names crafted to share a hash then go to the table. */
const MAX_PROBES = 8;

/** The hash of a name of `length` code units from its first, middle and last words (see `NameIndex`). */
function wordsHash(length: number, first: number, middle: number, last: number): number {
  let hash = Math.imul(length, 0x9e3779b1) ^ first;
  hash = Math.imul(hash, 0x01000193) ^ middle;
  hash = Math.imul(hash, 0x01000193) ^ last;
  return hash ^ (hash >>> 13);
}

/** Where the middle word of a name of `length` (at least 4) code units starts, from the name's start. */
function middleOffset(length: number): number {
  return (length - 4) >> 1;
}

/** The characters `text[at, at + 4)` of a name as a little-endian 32-bit word, zero past its `end`. */
function textWord(text: string, at: number, end: number): number {
  let word = 0;
  for (let i = 3; i >= 0; i--) word = (word << 8) | (at + i < end ? text.charCodeAt(at + i) : 0);
  return word;
}

export class NameIndex {
  /** Open addressing, at most a quarter full: entry + 1 per slot, 0 for an empty slot. */
  private slots = new Int32Array(64);
  /**
   * Per entry: where its bytes start in `bytes` (a multiple of four: each name is padded with
   * zeros to whole 32-bit words, which `words` reads), how many there are, and the name's id.
   */
  private starts = new Int32Array(16);
  private lengths = new Int32Array(16);
  private ids = new Int32Array(16);
  /** Per entry: its first, middle and last 32-bit words as `find` reads them (see `wordsHash`). */
  private firsts = new Int32Array(16);
  private middles = new Int32Array(16);
  private lasts = new Int32Array(16);
  private bytes = new Uint8Array(256);
  private words = new Int32Array(this.bytes.buffer);
  private used = 0;
  private entries = 0;

  /** Whether the index has stopped growing, so that new names need not be offered to it. */
  get full(): boolean {
    return this.entries === MAX_ENTRIES;
  }

  /**
   * Remembers that `text[start, end)` is name `id`. The caller checked that the word is bare,
   * escape-free ASCII (`isIndexableName`).
   */
  add(text: string, start: number, end: number, id: number): void {
    const length = end - start;
    if (length === 0 || this.entries === MAX_ENTRIES) return;
    const first = textWord(text, start, end);
    const middle = length < 4 ? first : textWord(text, start + middleOffset(length), end);
    const last = length < 4 ? first : textWord(text, end - 4, end);
    const hash = wordsHash(length, first, middle, last);
    const mask = this.slots.length - 1;
    let slot = hash & mask;
    for (let probes = 0; this.slots[slot] !== 0; probes++, slot = (slot + 1) & mask) if (probes === MAX_PROBES) return;
    const entry = this.entries++;
    if (entry === this.ids.length) this.growEntries();
    const padded = (length + 3) & ~3;
    if (this.used + padded > this.bytes.length) {
      const bytes = new Uint8Array(Math.max(this.bytes.length * 2, this.used + padded));
      bytes.set(this.bytes);
      this.bytes = bytes;
      this.words = new Int32Array(bytes.buffer);
    }
    for (let i = 0; i < length; i++) this.bytes[this.used + i] = text.charCodeAt(start + i);
    this.starts[entry] = this.used;
    this.lengths[entry] = length;
    this.ids[entry] = id;
    this.firsts[entry] = first;
    this.middles[entry] = middle;
    this.lasts[entry] = last;
    this.used += padded;
    this.slots[slot] = entry + 1;
    if (this.entries * 4 > this.slots.length) this.rehash();
  }

  /**
   * The id of the name whose bytes are `[from, to)` of the window `view` reads, or -1 when the
   * index does not hold it. Three bytes past `to` are readable (lex-window.ts).
   */
  find(view: DataView, from: number, to: number): number {
    const length = to - from;
    // Three words of the window's bytes read little-endian, as `textWord` makes them from the
    // name: a name shorter than four characters is one word masked to its length.
    let first = view.getInt32(from, true);
    let middle: number;
    let last: number;
    if (length < 4) middle = last = first &= ~(-1 << (length << 3));
    else {
      middle = view.getInt32(from + middleOffset(length), true);
      last = view.getInt32(to - 4, true);
    }
    const slots = this.slots;
    const mask = slots.length - 1;
    let slot = wordsHash(length, first, middle, last) & mask;
    for (let probes = 0; probes < MAX_PROBES; probes++, slot = (slot + 1) & mask) {
      const entry = slots[slot]! - 1;
      if (entry < 0) return -1;
      if (this.lengths[entry] !== length || this.firsts[entry] !== first || this.middles[entry] !== middle || this.lasts[entry] !== last) continue;
      // Up to 12 characters the three words are every byte; a longer name compares the rest four
      // bytes at a time against the name's zero-padded words (its last word compares only the
      // bytes before `to`).
      if (length <= 12) return this.ids[entry]!;
      const words = this.words;
      let word = (this.starts[entry]! >> 2) + 1;
      let i = from + 4;
      while (i + 4 <= to && view.getInt32(i, true) === words[word]) {
        i += 4;
        word++;
      }
      if (i === to || (i + 4 > to && (view.getInt32(i, true) & ~(-1 << ((to - i) << 3))) === words[word])) return this.ids[entry]!;
    }
    return -1;
  }

  private growEntries(): void {
    const size = this.ids.length * 2;
    for (const key of ['starts', 'lengths', 'ids', 'firsts', 'middles', 'lasts'] as const) {
      const next = new Int32Array(size);
      next.set(this[key]);
      this[key] = next;
    }
  }

  /** Doubles the slots and places every entry again by the hash of its bytes. */
  private rehash(): void {
    const slots = new Int32Array(this.slots.length * 2);
    const mask = slots.length - 1;
    for (let entry = 0; entry < this.entries; entry++) {
      const hash = wordsHash(this.lengths[entry]!, this.firsts[entry]!, this.middles[entry]!, this.lasts[entry]!);
      let slot = hash & mask;
      while (slots[slot] !== 0) slot = (slot + 1) & mask;
      slots[slot] = entry + 1;
    }
    this.slots = slots;
  }
}

/**
 * The index that goes with a name table: a re-parse of one block (tree-splice.ts) hands the
 * previous parse's table on, and its names are then recognised as they were.
 */
const indexes = new WeakMap<NameTable, NameIndex>();

export function nameIndexOf(table: NameTable): NameIndex {
  let index = indexes.get(table);
  if (index === undefined) {
    index = new NameIndex();
    indexes.set(table, index);
  }
  return index;
}
