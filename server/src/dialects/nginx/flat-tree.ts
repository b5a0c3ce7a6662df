/**
 * `NginxTree` over the typed arrays of tree-store.ts. Every accessor is a few array loads; only
 * `name`, `argValue`, `arg`, `directive` and `comments` create strings or objects. Directive and
 * argument indexes are not range-checked: `d` must be below `count` and `i` below `argCount(d)`.
 */
import { materializeComments, materializeRange } from './materialize';
import type { NginxArg, NginxComment, NginxDirective } from './syntax';
import { NONE, type NginxTree } from './tree';
import {
  BLOCK_CLOSED,
  BLOCK_OPEN,
  DIRECTIVE_STRIDE,
  END,
  FIRST_ARG,
  HAS_BLOCK,
  HAS_SEMICOLON,
  INFO,
  NAME_END,
  NAME_START,
  PARENT,
  RAW_BLOCK,
  SUBTREE_END,
  WORD_BITS,
  wordQuote,
  wordValue,
  type ArgStore,
  type CommentStore,
  type DirectiveStore,
  type NameTable,
} from './tree-store';

export class FlatNginxTree implements NginxTree {
  readonly count: number;
  readonly firstRoot: number;
  protected readonly data: Int32Array;
  protected readonly argSpans: Int32Array;
  protected readonly argBits: Uint8Array;
  /** How many arguments the whole file has; the last directive's run ends there. */
  protected readonly argTotal: number;
  private readonly ownComments: CommentStore;
  private commentList: readonly NginxComment[] | undefined;
  private named: Map<string, Int32Array> | undefined;
  /**
   * The stores this tree reads. A spliced tree (tree-spliced.ts) reads its base's stores outside
   * the block it re-read, so only a tree that `flat()` returns owns its stores whole.
   */
  readonly store: { readonly directives: DirectiveStore; readonly args: ArgStore; readonly comments: CommentStore };

  constructor(
    readonly text: string,
    directives: DirectiveStore,
    args: ArgStore,
    /** The comment spans and owners, for `comments()` and the materializer. */
    comments: CommentStore,
    /** Directive names by name id; the INFO field of a directive holds its id + 1 (0: none). */
    readonly names: readonly string[],
    /** The table the names came from, so a re-parse of one block gives the same ids (tree-splice.ts). */
    readonly nameTable?: NameTable,
    /** The tree's own sizes when they are not the stores' (a spliced tree). */
    sizes?: { readonly count: number; readonly argTotal: number },
  ) {
    this.count = sizes?.count ?? directives.count;
    this.firstRoot = this.count > 0 ? 0 : NONE;
    this.data = directives.data;
    this.argSpans = args.spans;
    this.argBits = args.bits;
    this.argTotal = sizes?.argTotal ?? args.count;
    this.ownComments = comments;
    this.store = { directives, args, comments };
  }

  /** The comment spans and owners, for `comments()` and the materializer. */
  get commentStore(): CommentStore {
    return this.ownComments;
  }

  /** This tree with stores of its own: itself, or for a spliced tree a copy made once (tree-spliced.ts). */
  flat(): FlatNginxTree {
    return this;
  }

  /**
   * The ids of the directives named `name`, in order. Found once per tree and name: an edit reads
   * the `include` directives outside the block it re-read, and a spliced tree derives its list from
   * its base's (tree-spliced.ts) instead of reading every directive's name on every keystroke.
   */
  directivesNamed(name: string): Int32Array {
    this.named ??= new Map();
    let ids = this.named.get(name);
    if (ids === undefined) this.named.set(name, (ids = this.findNamed(name, 0, this.count)));
    return ids;
  }

  /** The ids from `from` up to `to` of the directives named `name`, in order. */
  protected findNamed(name: string, from: number, to: number): Int32Array {
    // Every directive whose name the table holds has its id; the others are read as text.
    const id = this.names.indexOf(name);
    const found: number[] = [];
    for (let d = from; d < to; d++) {
      const nameId = this.nameId(d);
      if (nameId >= 0 ? nameId === id : this.name(d) === name) found.push(d);
    }
    return Int32Array.from(found);
  }

  /** Where directive `d`'s arguments start in the argument store. */
  argIndex(d: number): number {
    return this.data[d * DIRECTIVE_STRIDE + FIRST_ARG]!;
  }

  firstChild(d: number): number {
    const child = d + 1;
    return child < this.count && this.data[child * DIRECTIVE_STRIDE + PARENT] === d ? child : NONE;
  }

  nextSibling(d: number): number {
    const data = this.data;
    const next = data[d * DIRECTIVE_STRIDE + SUBTREE_END]!;
    return next < this.count && data[next * DIRECTIVE_STRIDE + PARENT] === data[d * DIRECTIVE_STRIDE + PARENT] ? next : NONE;
  }

  parent(d: number): number {
    return this.data[d * DIRECTIVE_STRIDE + PARENT]!;
  }

  /** The id just past the last descendant of `d`: its subtree is `d` up to this, exclusive. */
  subtreeEnd(d: number): number {
    return this.data[d * DIRECTIVE_STRIDE + SUBTREE_END]!;
  }

  /**
   * A small integer that is the same for directives with the same name, or -1 when the name is
   * not interned (a file with more than `MAX_NAMES` distinct names); `name(d)` is then sliced.
   */
  nameId(d: number): number {
    return (this.data[d * DIRECTIVE_STRIDE + INFO]! >>> 8) - 1;
  }

  name(d: number): string {
    const at = d * DIRECTIVE_STRIDE;
    const info = this.data[at + INFO]!;
    if (info >>> 8 !== 0) return this.names[(info >>> 8) - 1]!;
    return wordValue(this.text, this.data[at + NAME_START]!, this.data[at + NAME_END]!, info & WORD_BITS);
  }

  nameStart(d: number): number {
    return this.data[d * DIRECTIVE_STRIDE + NAME_START]!;
  }

  nameEnd(d: number): number {
    return this.data[d * DIRECTIVE_STRIDE + NAME_END]!;
  }

  start(d: number): number {
    return this.data[d * DIRECTIVE_STRIDE + NAME_START]!;
  }

  end(d: number): number {
    return this.data[d * DIRECTIVE_STRIDE + END]!;
  }

  argCount(d: number): number {
    const next = d + 1 < this.count ? this.data[(d + 1) * DIRECTIVE_STRIDE + FIRST_ARG]! : this.argTotal;
    return next - this.data[d * DIRECTIVE_STRIDE + FIRST_ARG]!;
  }

  argValue(d: number, i: number): string {
    const a = this.data[d * DIRECTIVE_STRIDE + FIRST_ARG]! + i;
    return wordValue(this.text, this.argSpans[2 * a]!, this.argSpans[2 * a + 1]!, this.argBits[a]!);
  }

  argStart(d: number, i: number): number {
    return this.argSpans[2 * (this.data[d * DIRECTIVE_STRIDE + FIRST_ARG]! + i)]!;
  }

  argEnd(d: number, i: number): number {
    return this.argSpans[2 * (this.data[d * DIRECTIVE_STRIDE + FIRST_ARG]! + i) + 1]!;
  }

  argQuote(d: number, i: number): '"' | "'" | null {
    return wordQuote(this.argBits[this.data[d * DIRECTIVE_STRIDE + FIRST_ARG]! + i]!);
  }

  argPlain(d: number, i: number): boolean {
    return this.argBits[this.data[d * DIRECTIVE_STRIDE + FIRST_ARG]! + i] === 0;
  }

  arg(d: number, i: number): NginxArg {
    const a = this.data[d * DIRECTIVE_STRIDE + FIRST_ARG]! + i;
    const start = this.argSpans[2 * a]!;
    const end = this.argSpans[2 * a + 1]!;
    const bits = this.argBits[a]!;
    return { value: wordValue(this.text, start, end, bits), span: { start, end }, quote: wordQuote(bits) };
  }

  hasBlock(d: number): boolean {
    return (this.data[d * DIRECTIVE_STRIDE + INFO]! & HAS_BLOCK) !== 0;
  }

  blockOpen(d: number): number {
    return this.data[d * DIRECTIVE_STRIDE + BLOCK_OPEN]!;
  }

  blockClose(d: number): number {
    const at = d * DIRECTIVE_STRIDE;
    return (this.data[at + INFO]! & BLOCK_CLOSED) !== 0 ? this.data[at + END]! - 1 : NONE;
  }

  isRawBlock(d: number): boolean {
    return (this.data[d * DIRECTIVE_STRIDE + INFO]! & RAW_BLOCK) !== 0;
  }

  semicolon(d: number): number {
    const at = d * DIRECTIVE_STRIDE;
    return (this.data[at + INFO]! & HAS_SEMICOLON) !== 0 ? this.data[at + END]! - 1 : NONE;
  }

  directive(d: number): NginxDirective {
    return materializeRange(this, d, this.subtreeEnd(d))[0]!;
  }

  /** Every top-level directive as an object, as `parseNginx` returns them. */
  rootDirectives(): NginxDirective[] {
    const built = materializeRange(this, 0, this.count);
    const roots: NginxDirective[] = [];
    for (let d = this.firstRoot; d !== NONE; d = this.nextSibling(d)) roots.push(built[d]!);
    return roots;
  }

  comments(): readonly NginxComment[] {
    this.commentList ??= materializeComments(this.text, this.commentStore);
    return this.commentList;
  }
}
