/**
 * The nginx parser: tokens to a flat tree of typed arrays (see tree.ts). It never throws and never
 * recurses: open blocks live on an explicit stack, and nesting deeper than `MAX_BLOCK_DEPTH` is
 * reported and flattened, so neither this parser nor any code that walks its tree can overflow
 * the call stack.
 *
 * Recovery follows what the author most likely meant, so that one mistake costs one error and the
 * directives after it still parse: a `}` after unterminated words ends that directive (missing
 * `;`), words that run into a block directive on a later line are split there, a stray `;`, `{` or
 * `}` is reported and skipped (a stray `{` still pairs with its `}`), and blocks still open at the
 * end of the file are closed there.
 *
 * A directive gets its id when it is complete (at its `;`, or at the `}` or end of file that ends
 * it unterminated) or, for a block, when its `{` is read. Both happen in source order, so ids are
 * in pre-order. The words of the directive being read go straight into the argument store; its
 * name waits in fields until the directive gets its id.
 */
import { LineIndex } from '../../core/span';
import { nameIndexOf, type NameIndex } from './lex-name-index';
import {
  ENDS_WORD,
  isIndexableName,
  NginxLexer,
  PLAIN_WORD_START,
  WORD_CHAR,
  WORD_PAIR,
  TOKEN_CLOSE,
  TOKEN_COMMENT,
  TOKEN_OPEN,
  TOKEN_SEMICOLON,
  TOKEN_WORD,
} from './lexer';
import { ERROR_COMPACT_AT, capErrors, compactErrors } from './error-cap';
import { isLuaBlockDirective } from './lua';
import { findMissingSemicolonSplit, quoteDirective } from './recovery';
import type { NginxSyntaxError } from './syntax';
import type { NginxTreeResult } from './tree';
import { FlatNginxTree } from './flat-tree';
import {
  ArgStore,
  BLOCK_CLOSED,
  BLOCK_OPEN,
  CommentStore,
  DIRECTIVE_STRIDE,
  DirectiveStore,
  END,
  HAS_BLOCK,
  HAS_SEMICOLON,
  INFO,
  NAME_END,
  NAME_START,
  NameTable,
  PARENT,
  RAW_BLOCK,
  SUBTREE_END,
  WORD_DOUBLE_QUOTED,
  WORD_ESCAPED,
  WORD_SINGLE_QUOTED,
  WORD_BITS,
  WORD_UNCLOSED,
  wordValue,
} from './tree-store';

/** Blocks nested deeper than this are reported and flattened into the block at this depth. */
export const MAX_BLOCK_DEPTH = 1000;
export { MAX_REPORTED_ERRORS } from './error-cap';

const DOLLAR = 36;
const SEMICOLON = 59;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;

/** The stack entry of a `{` with no directive, or one nested too deep: it only pairs braces. */
const PHANTOM = -1;

/**
 * The directives, arguments, comments and errors of one block's body, read from the full text
 * starting just past its `{`, for an incremental re-parse (tree-splice.ts). Directives at the top
 * of the body have parent -1; offsets are positions in `text`.
 */
export interface BlockBody {
  readonly directives: DirectiveStore;
  readonly args: ArgStore;
  readonly comments: CommentStore;
  readonly errors: readonly NginxSyntaxError[];
  /** Where the `}` that ends the body is, or -1 when the text ended first. */
  readonly closedAt: number;
}

/**
 * Reads the body of a block whose `{` ends at `from`, at nesting depth `depth`, up to the `}`
 * that closes it, exactly as a parse of the whole text would read it there: the parser's state
 * after a `{` is only the open blocks, and the body cannot close more than its own.
 */
export function parseNginxBlockBody(text: string, from: number, depth: number, names: NameTable): BlockBody {
  return new TreeParser(text, { from, depth, names }).runBody();
}

export function parseNginxTree(text: string): NginxTreeResult {
  return new TreeParser(text).run();
}

/** `parseNginxTree` with the concrete tree type, for the code of this dialect that needs it. */
export function parseFlatNginxTree(text: string): { readonly tree: FlatNginxTree; readonly errors: readonly NginxSyntaxError[] } {
  return new TreeParser(text).run();
}

class TreeParser {
  private readonly lexer: NginxLexer;
  private readonly errors: NginxSyntaxError[] = [];
  /** How many errors were dropped to keep the list short (see error-cap.ts). */
  private droppedErrors = 0;
  private readonly directives: DirectiveStore;
  private readonly args: ArgStore;
  private readonly comments: CommentStore;
  private readonly names: NameTable;
  /** The names of `names` that the lexer recognises by their bytes. */
  private readonly nameIndex: NameIndex;
  /** The open blocks, innermost last: a directive id, or PHANTOM. */
  private readonly stack: number[] = [];
  /** The innermost open block that is a directive, or -1 at the top level. */
  private parentId = -1;
  private depth = 0;
  private depthReported = false;
  private lines: LineIndex | undefined;

  // The directive being read: whether it has a name yet, the name, and where its arguments start
  // in the argument store (they run to the store's end). `lineStarts` lists which arguments start
  // a line, for the run-on recovery; only its first `lineStartCount` entries count.
  private pending = false;
  private nameStart = 0;
  private nameEnd = 0;
  private nameBits = 0;
  private nameId = -1;
  private firstArg = 0;
  private readonly lineStarts: number[] = [];
  private lineStartCount = 0;

  /** The end of the last token read, for the span of a block the file never closes. */
  private lastEnd = 0;
  /** The directive that just ended with `;` or `}`, which a comment on its line belongs to. */
  private justEnded = -1;
  /** The last `}` that nginx keeps inside a word, for the hint on an unclosed block. */
  private strayBrace = -1;
  /** For a block body: where its closing `}` was read, which ends the read. */
  private closedAt = -1;
  private readonly body: boolean;

  constructor(
    private readonly text: string,
    body?: { readonly from: number; readonly depth: number; readonly names: NameTable },
  ) {
    this.body = body !== undefined;
    this.names = body?.names ?? new NameTable();
    this.depth = body?.depth ?? 0;
    this.nameIndex = nameIndexOf(this.names);
    this.lexer = new NginxLexer(text, this.errors, body?.from ?? 0, this.nameIndex);
    this.lexer.expectName = true;
    // Generated and real configurations have a directive every 40-56 characters (the densest
    // large ones: 41) and an argument every 18-28. The stores start a little above the densest
    // (1 per 38 and 1 per 21), which leaves 10-20% of a typical file's stores unused where 1 per
    // 32 and 1 per 16 left 30-40% (5.8 of 15.6 MB of a 10 MB file, all zeroed); a denser text
    // grows once, by what the density read so far says it needs (tree-store.ts grownCapacity).
    // The first allocation is capped, so that a huge text grows its stores as it proves dense
    // instead of asking for gigabytes up front. A re-read block starts small and doubles.
    const length = body ? 0 : Math.min(text.length, 1 << 25);
    const textLength = body ? 0 : text.length;
    this.directives = new DirectiveStore(Math.max(16, Math.ceil(length / 38)), textLength);
    this.args = new ArgStore(Math.max(16, Math.ceil(length / 21)), textLength);
    this.comments = new CommentStore(Math.max(16, length >> 9), textLength);
  }

  run(): { readonly tree: FlatNginxTree; readonly errors: readonly NginxSyntaxError[] } {
    this.readTokens();
    this.endOfFile();
    this.directives.trim();
    this.args.trim();
    this.comments.trim();
    const tree = new FlatNginxTree(this.text, this.directives, this.args, this.comments, this.names.names, this.names);
    return { tree, errors: capErrors(this.errors, this.droppedErrors) };
  }

  runBody(): BlockBody {
    this.readTokens();
    return { directives: this.directives, args: this.args, comments: this.comments, errors: this.errors, closedAt: this.closedAt };
  }

  /**
   * Reads tokens up to the end of the text (or of the block body). The common tokens are read
   * here, straight from the lexer's window: whitespace, the ";" that ends a directive, and words
   * of ordinary characters (and "$" not followed by "{") that end at whitespace, ";" or "{", which
   * are most of a configuration and whose value is their text; "{" and "}" are taken here too.
   * Any other token (a comment, a quoted word, a word with an escape, "}" or "${", or one that
   * runs past the window) is handed to the lexer from where it starts. Reading them here saves
   * the lexer's fields and calls per token, which cost as much as the scan.
   */
  private readTokens(): void {
    const lexer = this.lexer;
    const length = this.text.length;
    const window = lexer.window;
    const codes = window.codes;
    const view = window.view;
    const index = this.nameIndex;
    let pos = lexer.pos;
    while (this.closedAt < 0) {
      pos = lexer.skipBlanks(pos);
      const newline = lexer.newlineBefore;
      const base = window.base;
      const c = codes[pos - base]!;
      if (pos >= length) break;
      if (PLAIN_WORD_START[c] === 1) {
        let at = pos - base;
        for (;;) {
          for (let four = view.getUint32(at, true); (WORD_PAIR[four & 0xffff]! & WORD_PAIR[four >>> 16]!) === 1; four = view.getUint32(at, true)) at += 4;
          while (WORD_CHAR[codes[at]!] === 1) at++;
          // A "$" is an ordinary character unless a "{" follows it ("${var}" keeps its braces).
          if (codes[at] !== DOLLAR || codes[at + 1] === OPEN_BRACE) break;
          at++;
        }
        if (ENDS_WORD[codes[at]!] === 1) {
          const end = at + base;
          this.lastEnd = end;
          this.justEnded = -1;
          if (!this.pending) {
            this.setName(pos, end, 0, index.find(view, pos - base, at));
            this.firstArg = this.args.count;
          } else {
            if (newline) this.lineStarts[this.lineStartCount++] = this.args.count - this.firstArg;
            this.args.add(pos, end, 0);
          }
          pos = end;
          continue;
        }
      }
      if (c === SEMICOLON && this.pending) {
        // The end of a directive, a third of all tokens.
        pos++;
        this.lastEnd = pos;
        this.justEnded = this.finish(pos, HAS_SEMICOLON);
        continue;
      }
      let kind: number;
      if (c === SEMICOLON || c === OPEN_BRACE || c === CLOSE_BRACE) {
        // The lexer's position is the parser's here: a Lua block after "{" is skipped by the lexer.
        lexer.pos = pos + 1;
        kind = c === SEMICOLON ? TOKEN_SEMICOLON : c === OPEN_BRACE ? TOKEN_OPEN : TOKEN_CLOSE;
        this.token(kind, pos, pos + 1, newline);
      } else {
        lexer.pos = pos;
        kind = lexer.next();
        this.token(kind, lexer.start, lexer.end, newline);
      }
      pos = lexer.pos;
      if (this.errors.length >= ERROR_COMPACT_AT) this.droppedErrors += compactErrors(this.errors);
    }
    lexer.pos = pos;
  }

  /** Takes a token that `readTokens` did not read itself; `newline` says whether a line break came before it. */
  private token(kind: number, start: number, end: number, newline: boolean): void {
    this.lastEnd = end;
    if (kind === TOKEN_COMMENT) {
      const owner = this.justEnded >= 0 && !newline ? this.justEnded : -1;
      this.comments.add(start, end, owner);
      this.justEnded = -1;
      return;
    }
    this.justEnded = -1;
    if (kind === TOKEN_WORD) this.word(start, end, newline);
    else if (kind === TOKEN_SEMICOLON) this.semicolon(start, end);
    else if (kind === TOKEN_OPEN) this.open(start, end);
    else if (kind === TOKEN_CLOSE) this.close(start, end);
  }

  private word(start: number, end: number, newline: boolean): void {
    const lexer = this.lexer;
    if (lexer.strayBrace >= 0) this.strayBrace = lexer.strayBrace;
    let bits = 0;
    if (lexer.quote !== 0) {
      bits = lexer.quote === 34 ? WORD_DOUBLE_QUOTED : WORD_SINGLE_QUOTED;
      if (!lexer.closed) bits |= WORD_UNCLOSED;
    }
    if (lexer.escaped) bits |= WORD_ESCAPED;
    if (!this.pending) {
      this.setName(start, end, bits, bits === 0 ? lexer.nameId : -1);
      this.firstArg = this.args.count;
      return;
    }
    if (newline) this.lineStarts[this.lineStartCount++] = this.args.count - this.firstArg;
    this.args.add(start, end, bits);
  }

  /** Makes `text[start, end)` the pending directive's name; `knownId` is its id when the lexer knew it. */
  private setName(start: number, end: number, bits: number, knownId = -1): void {
    this.pending = true;
    this.lexer.expectName = false;
    this.nameStart = start;
    this.nameEnd = end;
    this.nameBits = bits;
    this.nameId = knownId >= 0 ? knownId : this.internName(start, end, bits);
  }

  /** The id of a name the lexer did not recognise, which the index learns when it can hold it. */
  private internName(start: number, end: number, bits: number): number {
    if (bits !== 0) return this.names.internString(wordValue(this.text, start, end, bits));
    const id = this.names.internSpan(this.text, start, end);
    if (id >= 0 && !this.nameIndex.full && isIndexableName(this.text, start, end)) this.nameIndex.add(this.text, start, end, id);
    return id;
  }

  private semicolon(start: number, end: number): void {
    if (!this.pending) {
      this.error(start, end, 'unexpected ";" with no directive before it: remove it');
      return;
    }
    this.justEnded = this.finish(end, HAS_SEMICOLON);
  }

  private open(start: number, end: number): void {
    if (!this.pending) {
      this.error(
        start,
        end,
        'unexpected "{" with no directive name before it: name the block (for example "server {") or remove it',
      );
      this.stack.push(PHANTOM);
      return;
    }
    if (this.lineStartCount > 0) this.splitRunOnDirective();
    if (isLuaBlockDirective(this.pendingName())) {
      this.luaBlock(start, end);
      return;
    }
    if (this.depth >= MAX_BLOCK_DEPTH) {
      if (!this.depthReported) {
        this.depthReported = true;
        this.error(
          start,
          end,
          `blocks are nested more than ${MAX_BLOCK_DEPTH} levels deep here; nginx configurations never need ` +
            'this, and lb-drift reads the deeper blocks as part of this one. Flatten the nesting',
        );
      }
      this.finish(this.lastArgEnd(), 0);
      this.stack.push(PHANTOM);
      return;
    }
    const d = this.finish(end, HAS_BLOCK);
    this.directives.data[d * DIRECTIVE_STRIDE + BLOCK_OPEN] = start;
    this.stack.push(d);
    this.parentId = d;
    this.depth++;
  }

  private close(start: number, end: number): void {
    if (this.pending) this.missingSemicolon();
    if (this.stack.length === 0 && this.body) {
      this.closedAt = start;
      return;
    }
    if (this.stack.length === 0) {
      this.error(start, end, 'unexpected "}": no block is open here; remove it, or add the "{" it was meant to close');
      return;
    }
    const d = this.stack.pop()!;
    if (d === PHANTOM) return;
    const data = this.directives.data;
    const at = d * DIRECTIVE_STRIDE;
    this.depth--;
    this.parentId = data[at + PARENT]!;
    data[at + INFO] |= BLOCK_CLOSED;
    data[at + END] = end;
    data[at + SUBTREE_END] = this.directives.count;
    this.justEnded = d;
  }

  private endOfFile(): void {
    // A string that runs to the end of the file swallowed the ";" and "}" that follow it; its own
    // error says so, and reporting them again would only point at the same place.
    const quiet = !this.lexer.closed;
    if (this.pending) {
      if (quiet) this.finish(this.lastArgEnd(), 0);
      else this.missingSemicolon();
    }
    const data = this.directives.data;
    let innermost = true;
    while (this.stack.length > 0) {
      const d = this.stack.pop()!;
      if (d === PHANTOM) continue;
      const at = d * DIRECTIVE_STRIDE;
      data[at + END] = this.lastEnd;
      data[at + SUBTREE_END] = this.directives.count;
      if (quiet) continue;
      const open = data[at + BLOCK_OPEN]!;
      const name = this.nameOf(d);
      let message = `"${name}" block opened on line ${this.lineOf(open)} is never closed: add "}" to close it`;
      if (innermost && this.strayBrace > open) {
        message +=
          ` (the "}" on line ${this.lineOf(this.strayBrace)} is part of a word, because nginx ends a word only ` +
          'at a space, ";" or "{"; put a space or ";" before it)';
      }
      innermost = false;
      this.error(open, open + 1, message);
    }
    this.parentId = -1;
  }

  /** Reads the raw Lua body of a `*_by_lua_block` directive whose `{` was just read. */
  private luaBlock(openStart: number, openEnd: number): void {
    const close = this.lexer.skipLuaBlock();
    const name = this.pendingName();
    let end: number;
    if (close < 0) {
      end = this.text.length;
      this.error(
        openStart,
        openEnd,
        `the Lua code of "${name}" opened on line ${this.lineOf(openStart)} is never closed: ` +
          'add "}" after the Lua code (check for an unbalanced brace, quote or long bracket in it)',
      );
    } else end = close + 1;
    const flags = HAS_BLOCK | RAW_BLOCK | (close < 0 ? 0 : BLOCK_CLOSED);
    const d = this.finish(end, flags);
    this.directives.data[d * DIRECTIVE_STRIDE + BLOCK_OPEN] = openStart;
    this.lastEnd = end;
    if (close >= 0) this.justEnded = d;
  }

  /**
   * Before a `{`: if the pending words are a directive whose `;` is missing followed by a block
   * directive on a later line, ends the first directive there and keeps the block directive pending.
   */
  private splitRunOnDirective(): void {
    const args = this.args;
    const firstArg = this.firstArg;
    const text = this.text;
    const index = findMissingSemicolonSplit(
      this.pendingName(),
      args.count - firstArg,
      this.lineStarts,
      this.lineStartCount,
      (i) => {
        const a = firstArg + i;
        const bits = args.bits[a]!;
        if ((bits & (WORD_DOUBLE_QUOTED | WORD_SINGLE_QUOTED)) !== 0) return null;
        return wordValue(text, args.spans[2 * a]!, args.spans[2 * a + 1]!, bits);
      },
    );
    if (index < 0) return;
    this.missingSemicolon(index);
    // The block directive's name is the argument at the split; its arguments follow it, and move
    // down one place so that every argument run stays right after the one before it.
    const head = firstArg + index;
    this.setName(args.spans[2 * head]!, args.spans[2 * head + 1]!, args.bits[head]!);
    args.remove(head);
    this.firstArg = head;
  }

  /**
   * Ends the pending directive after its first `argCount` arguments (all of them by default),
   * where its last word ends, and reports the missing `;` there.
   */
  private missingSemicolon(argCount = this.args.count - this.firstArg): void {
    let lastStart = this.nameStart;
    let lastEnd = this.nameEnd;
    if (argCount > 0) {
      const last = this.firstArg + argCount - 1;
      lastStart = this.args.spans[2 * last]!;
      lastEnd = this.args.spans[2 * last + 1]!;
    }
    const quoted = quoteDirective(this.text, this.nameStart, lastEnd);
    this.errors.push({
      message: `missing ";" after "${quoted}": add ";" at the end of the directive`,
      span: { start: lastStart, end: lastEnd },
      insert: { at: lastEnd, text: ';' },
    });
    this.finish(lastEnd, 0);
  }

  /**
   * Gives the pending directive its id. Its arguments are those from `firstArg` up to where the
   * next directive's start. A block's end and subtree end are set again when the block closes.
   */
  private finish(end: number, flags: number): number {
    const info = this.nameBits | flags | ((this.nameId + 1) << 8);
    const d = this.directives.add(this.nameStart, this.nameEnd, end, info, this.firstArg, this.parentId);
    this.pending = false;
    this.lexer.expectName = true;
    this.lineStartCount = 0;
    return d;
  }

  private pendingName(): string {
    return this.nameId >= 0
      ? this.names.names[this.nameId]!
      : wordValue(this.text, this.nameStart, this.nameEnd, this.nameBits);
  }

  private nameOf(d: number): string {
    const data = this.directives.data;
    const at = d * DIRECTIVE_STRIDE;
    const info = data[at + INFO]!;
    if (info >>> 8 !== 0) return this.names.names[(info >>> 8) - 1]!;
    return wordValue(this.text, data[at + NAME_START]!, data[at + NAME_END]!, info & WORD_BITS);
  }

  private lastArgEnd(): number {
    const args = this.args;
    return args.count > this.firstArg ? args.spans[2 * args.count - 1]! : this.nameEnd;
  }

  private error(start: number, end: number, message: string): void {
    this.errors.push({ message, span: { start, end } });
  }

  private lineOf(offset: number): number {
    this.lines ??= new LineIndex(this.text);
    return this.lines.positionAt(offset).line + 1;
  }
}
