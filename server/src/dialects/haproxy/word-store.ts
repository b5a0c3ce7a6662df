/**
 * The words of one parsed text kept flat: the start (32 bits) and length (16 bits) of every word
 * in two typed arrays, and a value only for the few words whose value is not their text (quoted
 * or escaped) or whose length does not fit 16 bits. A line
 * of the syntax tree names its words by their first index and count, and makes `HaWord` objects
 * only when someone reads `words`: parsing a 10 MB file then makes no object per word, and a
 * reader that needs only a line's keyword or a word's value (`lineKeyword`, `wordValue`) makes
 * none either.
 */
import type { HaLine, HaWord } from './syntax';

/** Whether a character separates words on a line: space, tab, vertical tab or form feed. */
export function isBlank(code: number): boolean {
  return code === 32 || code === 9 || code === 11 || code === 12;
}

/** The value and quoted flag of a word that went through the quote and escape reader. */
export interface CookedWord {
  readonly value: string;
  readonly quoted: boolean;
}

/**
 * The length kept for a word whose length is in `odd` instead: a word in `cooked`, or one of
 * 65,535 characters or more. Lengths are 16 bits because nearly every word is short: a 10 MB
 * haproxy.cfg has 1.2 million words, and 32-bit ends cost 2.4 MB more for as long as its syntax
 * tree lives.
 */
const ODD = 0xffff;

/** What the store keeps of a word whose length is `ODD`: its end, and its value when that is not its text. */
interface OddWord {
  readonly end: number;
  readonly cooked: CookedWord | undefined;
}

export class WordStore {
  starts: Int32Array;
  /** The length of each word, or `ODD` for a word in `odd`. */
  lengths: Uint16Array;
  count = 0;
  /** The words whose value is not their text or whose length is `ODD` or more, by word index (usually empty). */
  readonly odd = new Map<number, OddWord>();
  /**
   * The first word and `count * 2 + active` of the lines too far into the store or too long to
   * keep both in one small integer (`StoredLine`), two entries per line (empty below 2M words).
   */
  readonly wideLines: number[] = [];
  /** The heads of this store's lines by keyword (`StoredLine`), and the one given last. */
  readonly #heads = new Map<string, LineHead>();
  #lastHead: LineHead | undefined;

  constructor(
    readonly text: string,
    capacity: number,
    /** Where lexing began (a section body re-read after an edit begins there): no line starts before it. */
    readonly from = 0,
  ) {
    this.starts = new Int32Array(Math.max(16, capacity));
    this.lengths = new Uint16Array(this.starts.length);
  }

  /** Adds a word whose value is its text; returns its index. */
  add(start: number, end: number): number {
    const length = end - start;
    return length < ODD ? this.put(start, length) : this.addOdd(start, end, undefined);
  }

  /** Adds a word whose value is not its text; returns its index. */
  addCooked(start: number, end: number, cooked: CookedWord): number {
    return this.addOdd(start, end, cooked);
  }

  private put(start: number, length: number): number {
    if (this.count === this.starts.length) this.grow();
    this.starts[this.count] = start;
    this.lengths[this.count] = length;
    return this.count++;
  }

  private addOdd(start: number, end: number, cooked: CookedWord | undefined): number {
    const index = this.put(start, ODD);
    this.odd.set(index, { end, cooked });
    return index;
  }

  start(index: number): number {
    return this.starts[index]!;
  }

  end(index: number): number {
    const length = this.lengths[index]!;
    return length !== ODD ? this.starts[index]! + length : this.odd.get(index)!.end;
  }

  /** The value of word `index` when it is not its text (quoted or escaped), else undefined. */
  cooked(index: number): CookedWord | undefined {
    return this.lengths[index] !== ODD ? undefined : this.odd.get(index)!.cooked;
  }

  /** The end of word `index` when its value is its text, else -1 (a cooked word). */
  plainEnd(index: number): number {
    const length = this.lengths[index]!;
    if (length !== ODD) return this.starts[index]! + length;
    const odd = this.odd.get(index)!;
    return odd.cooked ? -1 : odd.end;
  }

  private grow(): void {
    const starts = new Int32Array(this.starts.length * 2);
    const lengths = new Uint16Array(starts.length);
    starts.set(this.starts);
    lengths.set(this.lengths);
    this.starts = starts;
    this.lengths = lengths;
  }

  value(index: number): string {
    const end = this.plainEnd(index);
    return end < 0 ? this.cooked(index)!.value : internedSlice(this.text, this.starts[index]!, end);
  }

  quoted(index: number): boolean {
    return this.cooked(index)?.quoted === true;
  }

  /** The word as an object, written as the lexer always wrote it (fields in this order). */
  word(index: number): HaWord {
    const start = this.starts[index]!;
    const end = this.plainEnd(index);
    if (end >= 0) return { start, end, value: internedSlice(this.text, start, end), quoted: false };
    const odd = this.odd.get(index)!;
    return { start, end: odd.end, value: odd.cooked!.value, quoted: odd.cooked!.quoted };
  }

  words(first: number, count: number): HaWord[] {
    const words = new Array<HaWord>(count);
    for (let i = 0; i < count; i++) words[i] = this.word(first + i);
    return words;
  }

  /**
   * The head of a line of this store whose keyword is `keyword`: one shared by every such line,
   * found without a look-up when the line before had the same keyword (a backend's servers). A
   * text of more distinct keywords than real files have gets heads of its own past the first 1,024.
   */
  headOf(keyword: string): LineHead {
    const last = this.#lastHead;
    if (last !== undefined && last.keyword === keyword) return last;
    let head = this.#heads.get(keyword);
    if (head === undefined) {
      head = new LineHead(keyword, this);
      if (this.#heads.size < 1024) this.#heads.set(keyword, head);
    }
    this.#lastHead = head;
    return head;
  }
}

/** What the lines of one store that share a keyword share: the keyword and the store. */
export class LineHead {
  constructor(
    readonly keyword: string,
    readonly store: WordStore,
  ) {}
}

/**
 * The words of the stored lines whose `words` were read, kept beside the lines rather than in a
 * field of each: lowering reads none, and a field would cost every line of a parse 8 bytes.
 */
const MADE_WORDS = new WeakMap<StoredLine, readonly HaWord[]>();

/*
 * A line keeps its first word's index, word count and active flag in one field when they fit a
 * small integer (31 bits on every V8 build): 21 bits of index (2M words, about 18 MB of text), 8
 * of count (255 words) and the flag. Other lines keep the negated index of their entry in the
 * store's `wideLines`.
 */
const PACKED_FIRST_LIMIT = 1 << 21;
const PACKED_COUNT_LIMIT = 1 << 8;

/**
 * A keyword line whose words live in a `WordStore`: `start`, `end` and `lineStart` are read from
 * it, `words` is made at its first read and kept. One line is two fields (its head, which holds the
 * keyword and the store and is shared by the store's lines of that keyword, and the first word's
 * index with the word count and the active flag): a 10 MB file has 280,000 lines, which the syntax
 * tree keeps for as long as the analysis lives, at 40 bytes each (the keyword and store in fields
 * of their own were 48). It serialises (JSON) as a plain line does.
 */
export class StoredLine implements HaLine {
  readonly #head: LineHead;
  /** `first * 512 + count * 2 + active` (active: 1 outside untaken `.if` branches), or `~entry` of the store's `wideLines`. */
  readonly #packed: number;

  constructor(head: LineHead, first: number, count: number, active: boolean) {
    this.#head = head;
    const store = head.store;
    const countAndActive = count * 2 + (active ? 1 : 0);
    if (first < PACKED_FIRST_LIMIT && count < PACKED_COUNT_LIMIT) this.#packed = first * 512 + countAndActive;
    else {
      this.#packed = ~store.wideLines.length;
      store.wideLines.push(first, countAndActive);
    }
  }

  /**
   * The index of the line's first word in the store. The halves of `#packed` are read by static
   * methods: private instance methods or accessors would give every line a brand field, the 8
   * bytes the packing saves.
   */
  /** The first word's value, read once by the parser (which needs it to group the lines). */
  get keyword(): string {
    return this.#head.keyword;
  }

  static #firstOf(line: StoredLine): number {
    const packed = line.#packed;
    return packed >= 0 ? packed >>> 9 : line.#head.store.wideLines[~packed]!;
  }

  static #countAndActiveOf(line: StoredLine): number {
    const packed = line.#packed;
    return packed >= 0 ? packed & 511 : line.#head.store.wideLines[~packed + 1]!;
  }

  get active(): boolean {
    return (StoredLine.#countAndActiveOf(this) & 1) === 1;
  }

  get start(): number {
    return this.#head.store.start(StoredLine.#firstOf(this));
  }

  get end(): number {
    return this.#head.store.end(StoredLine.#firstOf(this) + this.wordCount - 1);
  }

  get lineStart(): number {
    const { text, from } = this.#head.store;
    let at = this.start;
    while (at > from && isBlank(text.charCodeAt(at - 1))) at--;
    return at;
  }

  get words(): readonly HaWord[] {
    let words = MADE_WORDS.get(this);
    if (!words) MADE_WORDS.set(this, (words = this.#head.store.words(StoredLine.#firstOf(this), this.wordCount)));
    return words;
  }

  get wordCount(): number {
    return StoredLine.#countAndActiveOf(this) >> 1;
  }

  /** The value of word `index` (undefined past the last), without making the words. */
  valueAt(index: number): string | undefined {
    if (index < 0 || index >= this.wordCount) return undefined;
    return index === 0 ? this.keyword : this.#head.store.value(StoredLine.#firstOf(this) + index);
  }

  /** Whether word `index`'s value is `literal` (false past the last word), compared in the text without slicing the word. */
  valueIs(index: number, literal: string): boolean {
    if (index < 0 || index >= this.wordCount) return false;
    const store = this.#head.store;
    const at = StoredLine.#firstOf(this) + index;
    const end = store.plainEnd(at);
    if (end < 0) return store.cooked(at)!.value === literal;
    const start = store.starts[at]!;
    return end - start === literal.length && store.text.startsWith(literal, start);
  }

  /** Whether word `index`'s value starts with `prefix` (false past the last word), read in the text without slicing the word. */
  valueStartsWith(index: number, prefix: string): boolean {
    if (index < 0 || index >= this.wordCount) return false;
    const store = this.#head.store;
    const at = StoredLine.#firstOf(this) + index;
    const end = store.plainEnd(at);
    if (end < 0) return store.cooked(at)!.value.startsWith(prefix);
    const start = store.starts[at]!;
    return end - start >= prefix.length && store.text.startsWith(prefix, start);
  }

  quotedAt(index: number): boolean {
    return index >= 0 && index < this.wordCount && this.#head.store.quoted(StoredLine.#firstOf(this) + index);
  }

  /** Where word `index` starts; `index` must be below the word count. */
  startAt(index: number): number {
    return this.#head.store.start(StoredLine.#firstOf(this) + index);
  }

  endAt(index: number): number {
    return this.#head.store.end(StoredLine.#firstOf(this) + index);
  }

  /** Word `index` as an object (undefined past the last): the line's own when `words` was read, else a new one. */
  wordAt(index: number): HaWord | undefined {
    if (index < 0 || index >= this.wordCount) return undefined;
    return MADE_WORDS.get(this)?.[index] ?? this.#head.store.word(StoredLine.#firstOf(this) + index);
  }

  /**
   * Words `[from, to)` joined by single spaces when that is how they are written: none quoted or
   * escaped and one space between each two, so the text from the first to the last is their
   * joined values. Undefined otherwise (the caller joins the values).
   */
  writtenAsJoined(from: number, to: number): string | undefined {
    const store = this.#head.store;
    const text = store.text;
    const first = StoredLine.#firstOf(this);
    for (let i = first + from; i < first + to; i++) {
      const end = store.plainEnd(i);
      if (end < 0) return undefined;
      if (i + 1 < first + to && (store.starts[i + 1] !== end + 1 || text.charCodeAt(end) !== 32)) return undefined;
    }
    return text.slice(store.starts[first + from]!, store.plainEnd(first + to - 1));
  }

  toJSON(): unknown {
    return { start: this.start, end: this.end, words: this.words, lineStart: this.lineStart, active: this.active };
  }
}

/*
 * Words that recur on most lines (keywords, server parameters, ACL operators) are given as one
 * shared string instead of a new slice each: found by a hash of their character codes and
 * checked in place, so no string is built to look them up.
 */
const COMMON_WORDS = [
  // Section keywords.
  'global', 'defaults', 'frontend', 'backend', 'listen', 'resolvers', 'peers', 'userlist', 'cache', 'program', 'http-errors', 'ring', 'mailers', 'log-forward', 'fcgi-app', 'crt-store', 'traces',
  // Keywords.
  'server', 'server-template', 'default-server', 'balance', 'hash-type', 'hash-balance-factor', 'use_backend', 'default_backend', 'use-server', 'cookie', 'retries', 'stick-table', 'stick',
  'http-check', 'timeout', 'mode', 'bind', 'option', 'no', 'nbthread', 'maxconn', 'log', 'acl', 'http-request', 'http-response', 'http-after-response', 'tcp-request', 'tcp-response',
  'errorfile', 'description', 'user', 'group', 'daemon', 'chroot', 'pidfile', 'stats', 'capture', 'redirect', 'compression', 'filter', 'unique-id-format', 'monitor-uri',
  // Arguments.
  'weight', 'check', 'backup', 'disabled', 'enabled', 'inter', 'fall', 'rise', 'port', 'addr', 'id', 'slowstart', 'maxqueue', 'minconn', 'on-marked-down', 'on-error', 'observe',
  'resolvers', 'init-addr', 'ssl', 'verify', 'none', 'sni', 'alpn', 'send-proxy', 'track', 'agent-check', 'non-stick', 'if', 'unless', '||', '&&', '!', '-i', '-m', 'or',
  'hdr(host)', 'path', 'path_beg', 'path_end', 'path_reg', 'hdr_beg(host)', 'hdr_dom(host)', 'src', 'dst_port', 'method', 'url_param', 'connect', 'client', 'queue', 'http-request',
  'http-keep-alive', 'tunnel', 'http', 'tcp', 'httplog', 'tcplog', 'dontlognull', 'forwardfor', 'redispatch', 'httpchk', 'GET', 'HEAD', 'expect', 'status', 'global', 'consistent',
  'map-based', 'sdbm', 'djb2', 'wt6', 'crc32', 'avalanche', 'roundrobin', 'static-rr', 'leastconn', 'first', 'source', 'uri', 'whole', 'random', 'rdp-cookie', 'hash', 'set-header',
  'del-header', 'deny', 'allow', 'return', 'insert', 'indirect', 'nocache', 'rewrite', 'prefix', 'format', 'raw', 'stdout', 'local0', 'TRUE', 'FALSE', 'from',
];

const TABLE_BITS = 10;
const TABLE = new Array<string | undefined>(1 << TABLE_BITS);
const TABLE_MASK = (1 << TABLE_BITS) - 1;
/** Longer words are sliced: the longest common word is shorter. */
const MAX_COMMON = 20;

function hashOf(text: string, start: number, end: number): number {
  let hash = end - start;
  for (let i = start; i < end; i++) hash = (Math.imul(hash, 31) + text.charCodeAt(i)) | 0;
  return (hash ^ (hash >>> 11)) & TABLE_MASK;
}

/**
 * Whether some common word has a given length and first character (`length * 128 + code`): most
 * words that are not common (server names, addresses, host names) are told so by this one read,
 * without hashing their characters.
 */
const COMMON_SHAPES = new Uint8Array((MAX_COMMON + 1) * 128);

for (const word of COMMON_WORDS) {
  let slot = hashOf(word, 0, word.length);
  while (TABLE[slot] !== undefined && TABLE[slot] !== word) slot = (slot + 1) & TABLE_MASK;
  TABLE[slot] = word;
  COMMON_SHAPES[word.length * 128 + word.charCodeAt(0)] = 1;
}

/** The numbers 0-999 as strings (weights, limits, status codes): shared like the common words. */
const SMALL_NUMBERS = Array.from({ length: 1000 }, (_, n) => String(n));

/** The number `text[start, end)` writes when it is 0-999 without a leading zero, else -1. */
function smallNumber(text: string, start: number, end: number): number {
  const length = end - start;
  if (length === 0 || length > 3 || (length > 1 && text.charCodeAt(start) === 48)) return -1;
  let value = 0;
  for (let i = start; i < end; i++) {
    const digit = text.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return -1;
    value = value * 10 + digit;
  }
  return value;
}

/**
 * Whether `text` holds `word` at `start` (which leaves room for it): compared here, where the
 * engine's `startsWith` costs a call and an argument check more than the few characters of a
 * common word.
 */
export function sameText(text: string, start: number, word: string): boolean {
  for (let i = 0; i < word.length; i++) if (text.charCodeAt(start + i) !== word.charCodeAt(i)) return false;
  return true;
}

/** `text.slice(start, end)`, or the same text as a shared string when it is a common word or a small number. */
export function internedSlice(text: string, start: number, end: number): string {
  const length = end - start;
  if (length <= 3) {
    const number = smallNumber(text, start, end);
    if (number >= 0) return SMALL_NUMBERS[number]!;
  }
  const code = text.charCodeAt(start);
  if (length <= MAX_COMMON && code < 128 && COMMON_SHAPES[length * 128 + code] === 1) {
    for (let slot = hashOf(text, start, end); ; slot = (slot + 1) & TABLE_MASK) {
      const candidate = TABLE[slot];
      if (candidate === undefined) break;
      if (candidate.length === length && sameText(text, start, candidate)) return candidate;
    }
  }
  return text.slice(start, end);
}
