/**
 * The directive names a parse has already interned, as a trie over their characters, so that the
 * lexer recognises a known name while it scans it: one table load per character, the same cost
 * as telling word characters apart, instead of hashing the name afterwards and comparing it with
 * the stored one character by character (which read every name twice and was a sixth of the
 * parse). The trie only remembers what the `NameTable` answered, so ids are the table's ids.
 *
 * Only names made of ordinary ASCII word characters (no `\`, `$`, `}`, no quotes) go in: a walk
 * stops at the first other character, and the word is then read and interned the ordinary way.
 */
import type { NameTable } from './tree-store';

/** Character codes below `1 << TRIE_ALPHABET_BITS` have a column in the transition table. */
export const TRIE_ALPHABET_BITS = 7;
export const TRIE_ALPHABET = 1 << TRIE_ALPHABET_BITS;
/** A trie stops growing here (512 KB of transitions), so a file of random names costs little. */
const MAX_STATES = 2048;

export class NameTrie {
  /**
   * `next[state << TRIE_ALPHABET_BITS | c]` is the state after character `c`, or 0 when no known name continues
   * with it (state 0 is the root, which no transition enters).
   */
  next = new Uint16Array(64 << TRIE_ALPHABET_BITS);
  /** The name id + 1 of the name that ends at each state, or 0. */
  ids = new Int32Array(64);
  private states = 1;

  /** Whether the trie has stopped growing, so that new names need not be offered to it. */
  get full(): boolean {
    return this.states === MAX_STATES;
  }

  /**
   * Remembers that `text[start, end)` is name `id`. The caller checked that the word is bare,
   * escape-free ASCII of ordinary word characters (`isTrieWord`).
   */
  add(text: string, start: number, end: number, id: number): void {
    let state = 0;
    for (let i = start; i < end; i++) {
      const at = (state << TRIE_ALPHABET_BITS) | text.charCodeAt(i);
      let to = this.next[at]!;
      if (to === 0) {
        if (this.states === MAX_STATES) return;
        to = this.newState();
        this.next[at] = to;
      }
      state = to;
    }
    this.ids[state] = id + 1;
  }

  private newState(): number {
    const state = this.states++;
    if (state === this.ids.length) {
      const next = new Uint16Array(this.next.length * 2);
      next.set(this.next);
      this.next = next;
      const ids = new Int32Array(this.ids.length * 2);
      ids.set(this.ids);
      this.ids = ids;
    }
    return state;
  }
}

/**
 * The trie that goes with a name table: a re-parse of one block (tree-splice.ts) hands the
 * previous parse's table on, and its names are then recognised as they were.
 */
const tries = new WeakMap<NameTable, NameTrie>();

export function trieOf(table: NameTable): NameTrie {
  let trie = tries.get(table);
  if (trie === undefined) {
    trie = new NameTrie();
    tries.set(table, trie);
  }
  return trie;
}
