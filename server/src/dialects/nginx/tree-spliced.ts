/**
 * The tree an incremental re-parse gives (tree-splice.ts), as a view: a flat base tree with a run
 * of sibling directives (one block's whole body, or the few around an edit) replaced by the
 * directives read again there. Nothing of the base is copied: a directive before the run reads the
 * base as it is (the blocks around the run end later by the edit's length change), one in the run
 * reads the re-read stores, and one after it reads the base at its old id with its offsets moved by
 * `delta`, its id by the change in the number of directives and its arguments by the change in the
 * number of arguments. A one-character edit in a 1 MB file used to copy and shift the whole
 * directive and argument stores (about 1.5 MB) on every keystroke; now it costs the run read again
 * and a few numbers.
 *
 * Every accessor answers what the copied tree would (tree-splice.test.ts compares both with a
 * full parse). A view is always over a flat base: typing on in the same place (or in a run around
 * it) makes a new view over the same base (tree-splice.ts), and an edit elsewhere copies the view
 * into a flat tree once (`flat()`), so views never stack.
 */
import type { NginxArg } from './syntax';
import { FlatNginxTree } from './flat-tree';
import type { BlockBody } from './tree-parser';
import { NONE } from './tree';
import {
  ArgStore,
  BLOCK_CLOSED,
  BLOCK_OPEN,
  CommentStore,
  DIRECTIVE_STRIDE as STRIDE,
  DirectiveStore,
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
} from './tree-store';

/** The run of sibling directives a re-parse read again, and its text, in the base's ids and offsets. */
export interface SplicedRange {
  /** The block the run is in (its directives' parent), or NONE at the top of the file. */
  readonly parent: number;
  /** The run's first id, the same in both trees, and the base's id just past its end. */
  readonly first: number;
  readonly baseAfter: number;
  /** Where the text read again starts (the same in both texts) and where it ended in the base's text. */
  readonly textStart: number;
  readonly baseTextEnd: number;
}

function argIndexAt(base: FlatNginxTree, d: number): number {
  return d < base.count ? base.argIndex(d) : base.store.args.count;
}

export class SplicedNginxTree extends FlatNginxTree {
  /** The flat tree this one is read from outside the body. */
  readonly base: FlatNginxTree;
  readonly range: SplicedRange;
  /** How far text after the run moved since `base`'s text. */
  readonly delta: number;
  /** How many directives the run gained; its ids end at `patchEnd` in this tree. */
  readonly countDelta: number;
  readonly patchEnd: number;
  private readonly body: BlockBody;
  private readonly patch: Int32Array;
  private readonly patchSpans: Int32Array;
  private readonly patchBits: Uint8Array;
  private readonly first: number;
  private readonly patchParent: number;
  private readonly baseAfter: number;
  private readonly argFirst: number;
  private readonly argPatchEnd: number;
  private readonly argDelta: number;
  private splicedComments: CommentStore | undefined;
  private flattened: FlatNginxTree | undefined;

  /** `body` holds the run's directives read again, top-level ones with parent -1, at offsets of `text`. */
  constructor(base: FlatNginxTree, range: SplicedRange, body: BlockBody, text: string, delta: number) {
    if (base instanceof SplicedNginxTree) throw new Error('a spliced nginx tree is made over a flat tree: pass base.flat()');
    const countDelta = body.directives.count - (range.baseAfter - range.first);
    const argFirst = argIndexAt(base, range.first);
    const argDelta = body.args.count - (argIndexAt(base, range.baseAfter) - argFirst);
    const sizes = { count: base.count + countDelta, argTotal: base.store.args.count + argDelta };
    super(text, base.store.directives, base.store.args, base.store.comments, base.names, base.nameTable, sizes);
    this.base = base;
    this.range = range;
    this.delta = delta;
    this.body = body;
    this.patch = body.directives.data;
    this.patchSpans = body.args.spans;
    this.patchBits = body.args.bits;
    this.first = range.first;
    this.patchParent = range.parent;
    this.patchEnd = range.first + body.directives.count;
    this.baseAfter = range.baseAfter;
    this.countDelta = countDelta;
    this.argFirst = argFirst;
    this.argPatchEnd = argFirst + body.args.count;
    this.argDelta = argDelta;
  }

  override get commentStore(): CommentStore {
    this.splicedComments ??= spliceComments(this.base.commentStore, this.range, this.body.comments, this.countDelta, this.delta);
    return this.splicedComments;
  }

  override flat(): FlatNginxTree {
    this.flattened ??= this.copy();
    return this.flattened;
  }

  /** The base's list with ids moved, and the body's own. */
  protected override findNamed(name: string, from: number, to: number): Int32Array {
    if (from !== 0 || to !== this.count) return super.findNamed(name, from, to);
    const before = this.base.directivesNamed(name);
    const inBody = super.findNamed(name, this.first, this.patchEnd);
    let head = 0;
    while (head < before.length && before[head]! < this.first) head++;
    let tail = head;
    while (tail < before.length && before[tail]! < this.baseAfter) tail++;
    const ids = new Int32Array(head + inBody.length + before.length - tail);
    ids.set(before.subarray(0, head));
    ids.set(inBody, head);
    for (let i = tail, at = head + inBody.length; i < before.length; i++, at++) ids[at] = before[i]! + this.countDelta;
    return ids;
  }

  /** A field of directive `d` that is not an offset or an id: the same in every tree. */
  private field(d: number, field: number): number {
    if (d < this.first) return this.data[d * STRIDE + field]!;
    if (d < this.patchEnd) return this.patch[(d - this.first) * STRIDE + field]!;
    return this.data[(d - this.countDelta) * STRIDE + field]!;
  }

  /** An offset of directive `d` other than its end (only the blocks around the run end elsewhere before it). */
  private offset(d: number, field: number): number {
    if (d < this.first) return this.data[d * STRIDE + field]!;
    if (d < this.patchEnd) return this.patch[(d - this.first) * STRIDE + field]!;
    return this.data[(d - this.countDelta) * STRIDE + field]! + this.delta;
  }

  /** Whether `d`, before the run, is the block the run is in or one around it. */
  private holdsRun(d: number): boolean {
    return d <= this.patchParent && this.data[d * STRIDE + SUBTREE_END]! >= this.baseAfter;
  }

  override argIndex(d: number): number {
    if (d < this.first) return this.data[d * STRIDE + FIRST_ARG]!;
    if (d < this.patchEnd) return this.patch[(d - this.first) * STRIDE + FIRST_ARG]! + this.argFirst;
    return this.data[(d - this.countDelta) * STRIDE + FIRST_ARG]! + this.argDelta;
  }

  override firstChild(d: number): number {
    const child = d + 1;
    return child < this.count && this.parent(child) === d ? child : NONE;
  }

  override nextSibling(d: number): number {
    const next = this.subtreeEnd(d);
    return next < this.count && this.parent(next) === this.parent(d) ? next : NONE;
  }

  override parent(d: number): number {
    if (d < this.first) return this.data[d * STRIDE + PARENT]!;
    if (d < this.patchEnd) {
      const parent = this.patch[(d - this.first) * STRIDE + PARENT]!;
      return parent < 0 ? this.patchParent : parent + this.first;
    }
    const parent = this.data[(d - this.countDelta) * STRIDE + PARENT]!;
    return parent >= this.baseAfter ? parent + this.countDelta : parent;
  }

  override subtreeEnd(d: number): number {
    if (d < this.first) {
      const end = this.data[d * STRIDE + SUBTREE_END]!;
      return this.holdsRun(d) ? end + this.countDelta : end;
    }
    if (d < this.patchEnd) return this.patch[(d - this.first) * STRIDE + SUBTREE_END]! + this.first;
    return this.data[(d - this.countDelta) * STRIDE + SUBTREE_END]! + this.countDelta;
  }

  override nameId(d: number): number {
    return (this.field(d, INFO) >>> 8) - 1;
  }

  override name(d: number): string {
    const info = this.field(d, INFO);
    if (info >>> 8 !== 0) return this.names[(info >>> 8) - 1]!;
    return wordValue(this.text, this.offset(d, NAME_START), this.offset(d, NAME_END), info & WORD_BITS);
  }

  override nameStart(d: number): number {
    return this.offset(d, NAME_START);
  }

  override nameEnd(d: number): number {
    return this.offset(d, NAME_END);
  }

  override start(d: number): number {
    return this.offset(d, NAME_START);
  }

  override end(d: number): number {
    const end = this.offset(d, END);
    return d < this.first && this.holdsRun(d) ? end + this.delta : end;
  }

  override argCount(d: number): number {
    const next = d + 1 < this.count ? this.argIndex(d + 1) : this.argTotal;
    return next - this.argIndex(d);
  }

  /** Bound `k` (0 start, 1 end) of argument `a`. */
  private argBound(a: number, k: number): number {
    if (a < this.argFirst) return this.argSpans[2 * a + k]!;
    if (a < this.argPatchEnd) return this.patchSpans[2 * (a - this.argFirst) + k]!;
    return this.argSpans[2 * (a - this.argDelta) + k]! + this.delta;
  }

  private argWordBits(a: number): number {
    if (a < this.argFirst) return this.argBits[a]!;
    if (a < this.argPatchEnd) return this.patchBits[a - this.argFirst]!;
    return this.argBits[a - this.argDelta]!;
  }

  override argValue(d: number, i: number): string {
    const a = this.argIndex(d) + i;
    return wordValue(this.text, this.argBound(a, 0), this.argBound(a, 1), this.argWordBits(a));
  }

  override argStart(d: number, i: number): number {
    return this.argBound(this.argIndex(d) + i, 0);
  }

  override argEnd(d: number, i: number): number {
    return this.argBound(this.argIndex(d) + i, 1);
  }

  override argQuote(d: number, i: number): '"' | "'" | null {
    return wordQuote(this.argWordBits(this.argIndex(d) + i));
  }

  override argPlain(d: number, i: number): boolean {
    return this.argWordBits(this.argIndex(d) + i) === 0;
  }

  override arg(d: number, i: number): NginxArg {
    const a = this.argIndex(d) + i;
    const start = this.argBound(a, 0);
    const end = this.argBound(a, 1);
    const bits = this.argWordBits(a);
    return { value: wordValue(this.text, start, end, bits), span: { start, end }, quote: wordQuote(bits) };
  }

  override hasBlock(d: number): boolean {
    return (this.field(d, INFO) & HAS_BLOCK) !== 0;
  }

  override blockOpen(d: number): number {
    const open = this.field(d, BLOCK_OPEN);
    return open >= 0 && d >= this.patchEnd ? open + this.delta : open;
  }

  override blockClose(d: number): number {
    return (this.field(d, INFO) & BLOCK_CLOSED) !== 0 ? this.end(d) - 1 : NONE;
  }

  override isRawBlock(d: number): boolean {
    return (this.field(d, INFO) & RAW_BLOCK) !== 0;
  }

  override semicolon(d: number): number {
    return (this.field(d, INFO) & HAS_SEMICOLON) !== 0 ? this.end(d) - 1 : NONE;
  }

  /** The same tree with stores of its own: the base's stores copied around the body, shifted after it. */
  private copy(): FlatNginxTree {
    const { base, first, baseAfter, countDelta, argFirst, argDelta, delta } = this;
    const oldData = this.data;
    const oldCount = base.count;
    const bodyCount = this.patchEnd - first;

    const directives = new DirectiveStore(this.count);
    const data = directives.data;
    data.set(oldData.subarray(0, first * STRIDE));
    data.set(this.patch.subarray(0, bodyCount * STRIDE), first * STRIDE);
    for (let to = first * STRIDE; to < this.patchEnd * STRIDE; to += STRIDE) {
      data[to + FIRST_ARG] += argFirst;
      const parent = data[to + PARENT]!;
      data[to + PARENT] = parent < 0 ? this.patchParent : parent + first;
      data[to + SUBTREE_END] += first;
    }
    for (let d = baseAfter; d < oldCount; d++) {
      const from = d * STRIDE;
      const to = (d + countDelta) * STRIDE;
      data[to + NAME_START] = oldData[from + NAME_START]! + delta;
      data[to + NAME_END] = oldData[from + NAME_END]! + delta;
      data[to + END] = oldData[from + END]! + delta;
      data[to + FIRST_ARG] = oldData[from + FIRST_ARG]! + argDelta;
      data[to + INFO] = oldData[from + INFO]!;
      const open = oldData[from + BLOCK_OPEN]!;
      data[to + BLOCK_OPEN] = open < 0 ? open : open + delta;
      const parent = oldData[from + PARENT]!;
      data[to + PARENT] = parent >= baseAfter ? parent + countDelta : parent;
      data[to + SUBTREE_END] = oldData[from + SUBTREE_END]! + countDelta;
    }
    // The blocks around the run end after the edit and hold the changed run.
    for (let p = this.patchParent; p !== NONE && p >= 0; p = oldData[p * STRIDE + PARENT]!) {
      data[p * STRIDE + END] += delta;
      data[p * STRIDE + SUBTREE_END] += countDelta;
    }
    directives.count = this.count;

    const oldArgs = base.store.args;
    const oldArgAfter = this.argPatchEnd - argDelta;
    const args = new ArgStore(this.argTotal);
    args.spans.set(oldArgs.spans.subarray(0, 2 * argFirst));
    args.bits.set(oldArgs.bits.subarray(0, argFirst));
    args.spans.set(this.patchSpans.subarray(0, 2 * (this.argPatchEnd - argFirst)), 2 * argFirst);
    args.bits.set(this.patchBits.subarray(0, this.argPatchEnd - argFirst), argFirst);
    const shifted = 2 * (oldArgs.count - oldArgAfter);
    for (let i = 0; i < shifted; i++) args.spans[2 * this.argPatchEnd + i] = oldArgs.spans[2 * oldArgAfter + i]! + delta;
    args.bits.set(oldArgs.bits.subarray(oldArgAfter, oldArgs.count), this.argPatchEnd);
    args.count = this.argTotal;

    return new FlatNginxTree(this.text, directives, args, this.commentStore, this.names, this.nameTable);
  }
}

/** The base's comments with those in the text read again replaced by the run's. */
function spliceComments(old: CommentStore, range: SplicedRange, body: CommentStore, countDelta: number, delta: number): CommentStore {
  const out = new CommentStore(old.count + body.count);
  let i = 0;
  for (; i < old.count && old.spans[2 * i]! < range.textStart; i++) out.add(old.spans[2 * i]!, old.spans[2 * i + 1]!, old.owner[i]!);
  for (let j = 0; j < body.count; j++) {
    const owner = body.owner[j]!;
    out.add(body.spans[2 * j]!, body.spans[2 * j + 1]!, owner < 0 ? owner : owner + range.first);
  }
  while (i < old.count && old.spans[2 * i]! < range.baseTextEnd) i++;
  for (; i < old.count; i++) {
    const owner = old.owner[i]!;
    out.add(old.spans[2 * i]! + delta, old.spans[2 * i + 1]! + delta, owner >= range.baseAfter ? owner + countDelta : owner);
  }
  return out;
}
