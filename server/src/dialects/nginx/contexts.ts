/**
 * Contexts: which block a directive's children live in, which context a fragment file is meant
 * for, and the checks `nginx -t` makes against the directive table (context, block or not,
 * argument count). Only directives in the table are checked; unknown ones never are.
 */
import { LineIndex } from '../../core/span';
import { describeContexts, contextBits } from './context-names';
import { LIF, LOC, SIF, SRV, describeArity, useAccepts, type DirectiveUse } from './directive-model';
import { lookupDirective } from './directives';
import { FlatNginxTree } from './flat-tree';
import { quoteDirective } from './recovery';
import type { NginxContext, NginxSyntaxError } from './syntax';
import { NONE, type NginxTree } from './tree';

export { inferContext } from './infer-context';

const STREAM_FAMILY: ReadonlySet<NginxContext> = new Set(['stream', 'stream-server', 'stream-upstream']);
const MAIL_FAMILY: ReadonlySet<NginxContext> = new Set(['mail', 'mail-server']);

/** Blocks whose body is a table of words rather than directives. */
const TABLE_BLOCKS: ReadonlySet<string> = new Set(['map', 'geo', 'split_clients', 'types']);

/**
 * The context of a block directive's children: `server` in `http` is `server`, `upstream` in
 * `stream` is `stream-upstream`, `server` in `stream` is `stream-server`. Everything under an
 * unknown block, and unknown blocks themselves, are `other`.
 */
export function childContext(tree: NginxTree, d: number, parent: NginxContext): NginxContext {
  if (parent === 'other' || TABLE_BLOCKS.has(parent)) return 'other';
  const name = tree.name(d);
  switch (name) {
    case 'http':
    case 'events':
    case 'stream':
    case 'mail':
    case 'location':
    case 'if':
    case 'limit_except':
    case 'map':
    case 'geo':
    case 'split_clients':
    case 'types':
      return name;
    case 'server':
      if (parent === 'upstream' || parent === 'stream-upstream') return 'other';
      if (STREAM_FAMILY.has(parent)) return 'stream-server';
      if (MAIL_FAMILY.has(parent)) return 'mail-server';
      return 'server';
    case 'upstream':
      return STREAM_FAMILY.has(parent) ? 'stream-upstream' : 'upstream';
    default:
      return 'other';
  }
}

/** What the checker does with the directives of a block, by the block's context. */
const CHECK = 0;
const TABLE = 1;
const SKIP = 2;

function treatment(context: NginxContext): number {
  return context === 'other' ? SKIP : TABLE_BLOCKS.has(context) ? TABLE : CHECK;
}

/**
 * What `nginx -t` would reject about the known directives of a file read in `context`: a
 * directive not allowed where it stands, a block directive without `{`, a simple directive with a
 * block, a wrong number of arguments, a flag that is neither `on` nor `off`, and malformed entries
 * in `map`, `geo` and `types` blocks. The walk goes by directive id with an explicit stack, and
 * makes no object per directive (only one per nesting level, and the errors).
 */
export function checkContexts(tree: NginxTree, context: NginxContext): NginxSyntaxError[] {
  return new Checker(tree, context).run();
}

/**
 * The errors `checkContexts` finds in directive `id` and its block, in the same order, without
 * looking at the rest of the file (an incremental re-analysis checks only the block it re-read).
 */
export function checkContextsOf(tree: NginxTree, id: number, context: NginxContext): NginxSyntaxError[] {
  return new Checker(tree, context).run(id);
}

/** One open block of the walk; frames are reused by depth, so a walk makes a handful of them. */
interface Frame {
  /** The next directive to look at among the block's directives, or NONE. */
  next: number;
  context: NginxContext;
  /** The table bits of the context; an `if` knows whether it sits in a server or a location. */
  bits: number;
  /** What to do with the block's directives: CHECK, TABLE or SKIP. */
  treatment: number;
  /** The block directive, or NONE at the top of the file. */
  owner: number;
}

/** Table entries by name id, for flat trees: undefined until looked up, null when unknown. */
type UsesById = (readonly DirectiveUse[] | null | undefined)[];

class Checker {
  readonly errors: NginxSyntaxError[] = [];
  private lines: LineIndex | undefined;
  private readonly frames: Frame[] = [];
  private readonly flat: FlatNginxTree | null;
  private readonly usesById: UsesById = [];

  constructor(
    private readonly tree: NginxTree,
    private readonly context: NginxContext,
  ) {
    this.flat = tree instanceof FlatNginxTree ? tree : null;
  }

  /** Checks the whole file, or only directive `only` and its block. */
  run(only = NONE): NginxSyntaxError[] {
    const tree = this.tree;
    if (tree.firstRoot === NONE || treatment(this.context) === SKIP) return this.errors;
    let top = 0;
    let frame = only === NONE ? this.enter(top, tree.firstRoot, this.context, contextBits(this.context), NONE) : this.enterAt(only);
    if (frame === undefined) return this.errors;
    const stop = only === NONE ? NONE : tree.nextSibling(only);
    for (;;) {
      const d = frame.next;
      if (d === NONE || (top === 0 && d === stop)) {
        if (--top < 0) break;
        frame = this.frames[top]!;
        continue;
      }
      frame.next = tree.nextSibling(d);
      if (frame.treatment === TABLE) {
        this.checkTableEntry(d, frame.context);
        continue;
      }
      const uses = this.usesOf(d);
      if (uses !== undefined) this.checkDirective(d, uses, frame.bits, frame.owner);
      const first = tree.firstChild(d);
      if (first === NONE) continue;
      const child = childContext(tree, d, frame.context);
      if (child === 'other') continue;
      let bits = contextBits(child);
      if (child === 'if') bits = frame.bits === SRV ? SIF : frame.bits === LOC ? LIF : SIF | LIF;
      frame = this.enter(++top, first, child, bits, d);
    }
    return this.errors;
  }

  /**
   * The frame a whole walk would be in when it reaches `id`, at depth 0, with `id` next; undefined
   * when the walk never looks inside the block around it.
   */
  private enterAt(id: number): Frame | undefined {
    const tree = this.tree;
    const ancestors: number[] = [];
    for (let d = tree.parent(id); d !== NONE && d >= 0; d = tree.parent(d)) ancestors.push(d);
    let context = this.context;
    let bits = contextBits(context);
    let owner = NONE;
    for (let i = ancestors.length - 1; i >= 0; i--) {
      const block = ancestors[i]!;
      if (treatment(context) === TABLE) return undefined;
      const child = childContext(tree, block, context);
      if (child === 'other') return undefined;
      bits = child === 'if' ? (bits === SRV ? SIF : bits === LOC ? LIF : SIF | LIF) : contextBits(child);
      context = child;
      owner = block;
    }
    return this.enter(0, id, context, bits, owner);
  }

  /** The frame at `depth`, set up for a block whose first directive is `first`. */
  private enter(depth: number, first: number, context: NginxContext, bits: number, owner: number): Frame {
    let frame = this.frames[depth];
    if (frame === undefined) {
      frame = { next: NONE, context, bits: 0, treatment: CHECK, owner: NONE };
      this.frames.push(frame);
    }
    frame.next = first;
    frame.context = context;
    frame.bits = bits;
    frame.treatment = treatment(context);
    frame.owner = owner;
    return frame;
  }

  /** The table entry of a directive's name: one array read per directive on a flat tree. */
  private usesOf(d: number): readonly DirectiveUse[] | undefined {
    const flat = this.flat;
    const id = flat === null ? -1 : flat.nameId(d);
    if (id < 0) return lookupDirective(this.tree.name(d));
    const known = this.usesById[id];
    if (known !== undefined) return known ?? undefined;
    const uses = lookupDirective(this.tree.name(d));
    this.usesById[id] = uses ?? null;
    return uses;
  }

  private checkDirective(d: number, uses: readonly DirectiveUse[], frameBits: number, owner: number): void {
    const tree = this.tree;
    let use: DirectiveUse | undefined;
    let everywhere = 0;
    for (const candidate of uses) {
      everywhere |= candidate.contexts;
      if (use === undefined && (candidate.contexts & frameBits) !== 0) use = candidate;
    }
    if (use === undefined) {
      const where = owner === NONE ? this.topLevel() : `inside "${tree.name(owner)}"`;
      this.error(
        tree.nameStart(d),
        tree.nameEnd(d),
        `"${tree.name(d)}" directive is not allowed here (${where}); nginx -t rejects it. Move it to ${describeContexts(everywhere)}`,
      );
      return;
    }
    const hasBlock = tree.hasBlock(d);
    if (use.block && !hasBlock && tree.semicolon(d) !== NONE) {
      this.error(
        tree.nameStart(d),
        tree.semicolon(d) + 1,
        `"${tree.name(d)}" directive has no opening "{": it is a block directive; replace ";" with "{ ... }"`,
      );
    } else if (!use.block && hasBlock) {
      this.error(
        tree.blockOpen(d),
        tree.blockOpen(d) + 1,
        `"${tree.name(d)}" directive is not terminated by ";": it takes no block; replace the "{ ... }" with ";"`,
      );
    }
    const count = tree.argCount(d);
    if (!useAccepts(use, count)) {
      const end = count > 0 ? tree.argEnd(d, count - 1) : tree.nameEnd(d);
      this.error(
        tree.nameStart(d),
        end,
        `invalid number of arguments in "${tree.name(d)}" directive: expected ${describeArity(use.args)}, got ${count}` +
          this.runOnHint(d),
      );
    } else if (use.args === 'flag' && !isOnOrOff(tree, d)) {
      this.error(
        tree.argStart(d, 0),
        tree.argEnd(d, 0),
        `invalid value "${tree.argValue(d, 0)}" in "${tree.name(d)}" directive, it must be "on" or "off"`,
      );
    }
  }

  /**
   * Entries of `map`, `geo` and `types` blocks are words, not directives; nginx checks their
   * shape with its own messages, and none of them may open a block.
   */
  private checkTableEntry(d: number, table: NginxContext): void {
    const tree = this.tree;
    if (tree.hasBlock(d)) {
      const open = tree.blockOpen(d);
      this.error(open, open + 1, `unexpected "{" in a ${table} block: its entries are "key value;" lines, not blocks`);
      return;
    }
    const count = tree.argCount(d);
    if (table === 'map' || table === 'geo') {
      if (count === 1) return;
      const name = tree.name(d);
      const flags = table === 'map' ? MAP_FLAGS : GEO_FLAGS;
      if (count === 0 && flags.has(name)) return;
      this.error(
        tree.start(d),
        tree.end(d),
        `invalid number of the ${table} parameters: an entry is "key value;", got ${count + 1} ` +
          (count === 0 ? 'word' : 'words') +
          (count === 0 ? ` (add the value for "${name}")` : ' (quote a value that contains spaces)'),
      );
    } else if (table === 'types' && count !== 1 && tree.name(d) === 'include') {
      this.error(tree.start(d), tree.end(d), `invalid number of arguments in "include" directive: expected 1, got ${count}`);
    }
  }

  /**
   * When a directive has too many arguments and one of them starts a line with a known directive
   * name, the `;` before that line is probably missing.
   */
  private runOnHint(d: number): string {
    const tree = this.tree;
    const text = tree.text;
    let previousEnd = tree.nameEnd(d);
    const count = tree.argCount(d);
    for (let i = 0; i < count; i++) {
      const start = tree.argStart(d, i);
      const value = tree.argValue(d, i);
      if (tree.argQuote(d, i) === null && lookupDirective(value) && text.slice(previousEnd, start).includes('\n')) {
        const before = quoteDirective(text, tree.nameStart(d), previousEnd);
        return `; is a ";" missing after "${before}", before "${value}" on line ${this.lineOf(start)}?`;
      }
      previousEnd = tree.argEnd(d, i);
    }
    return '';
  }

  private topLevel(): string {
    return this.context === 'main'
      ? 'at the top level, the main context'
      : `at the top level of this file, which is read as the ${this.context} context`;
  }

  private error(start: number, end: number, message: string): void {
    this.errors.push({ message, span: { start, end } });
  }

  private lineOf(offset: number): number {
    this.lines ??= new LineIndex(this.tree.text);
    return this.lines.positionAt(offset).line + 1;
  }
}

/**
 * Whether the first argument is `on` or `off` in any case, as nginx accepts flags. A bare word is
 * compared where it stands, without making its value: no escape can turn other text into
 * letters, so the value is `on` or `off` exactly when the written word is.
 */
function isOnOrOff(tree: NginxTree, d: number): boolean {
  if (tree.argQuote(d, 0) !== null) {
    const value = tree.argValue(d, 0).toLowerCase();
    return value === 'on' || value === 'off';
  }
  const text = tree.text;
  const start = tree.argStart(d, 0);
  const length = tree.argEnd(d, 0) - start;
  // Lower-case an ASCII letter by setting bit 0x20; other characters never match after it.
  if ((text.charCodeAt(start) | 0x20) !== 111) return false;
  if (length === 2) return (text.charCodeAt(start + 1) | 0x20) === 110;
  return length === 3 && (text.charCodeAt(start + 1) | 0x20) === 102 && (text.charCodeAt(start + 2) | 0x20) === 102;
}

/** Single words nginx accepts in a `map` block: `hostnames;`, `volatile;`. */
const MAP_FLAGS: ReadonlySet<string> = new Set(['hostnames', 'volatile']);
/** Single words nginx accepts in a `geo` block. */
const GEO_FLAGS: ReadonlySet<string> = new Set(['ranges', 'proxy_recursive', 'volatile']);
