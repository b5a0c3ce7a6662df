/**
 * TEST ORACLE: the object-building nginx parser as it was before the flat tree (tree-parser.ts)
 * replaced it, kept unchanged but for its imports so that property tests can check that the flat
 * tree, and the objects built from it, are exactly what this parser produced. Not used by the
 * product.
 *
 * The nginx parser: tokens to a lossless syntax tree. It never throws and never recurses: open
 * blocks live on an explicit stack, and nesting deeper than `MAX_BLOCK_DEPTH` is reported and
 * flattened, so neither this parser nor any code that walks its tree can overflow the call stack.
 *
 * Recovery follows what the author most likely meant, so that one mistake costs one error and the
 * directives after it still parse: a `}` after unterminated words ends that directive (missing
 * `;`), words that run into a block directive on a later line are split there, a stray `;`, `{` or
 * `}` is reported and skipped (a stray `{` still pairs with its `}`), and blocks still open at the
 * end of the file are closed there.
 */
import { LineIndex, type Span } from '../../../../server/src/core/span';
import {
  NginxLexer,
  TOKEN_CLOSE,
  TOKEN_COMMENT,
  TOKEN_EOF,
  TOKEN_OPEN,
  TOKEN_SEMICOLON,
  TOKEN_WORD,
} from '../lexer-reference';
import { isLuaBlockDirective } from '../../../../server/src/dialects/nginx/lua';
import { findMissingSemicolonSplit, quoteDirective } from '../../../../server/src/dialects/nginx/recovery';
import type {
  NginxArg,
  NginxBlock,
  NginxComment,
  NginxDirective,
  NginxParseResult,
  NginxSyntaxError,
} from '../../../../server/src/dialects/nginx/syntax';

/** Blocks nested deeper than this are reported and flattened into the block at this depth. */
const MAX_BLOCK_DEPTH = 1000;
/** At most this many syntax errors are listed, followed by one that counts the rest. */
const MAX_REPORTED_ERRORS = 1000;

const NO_ARGS: readonly NginxArg[] = Object.freeze([]);
const NO_CHILDREN: readonly NginxDirective[] = Object.freeze([]);

export function referenceParseNginx(text: string): NginxParseResult {
  return new Parser(text).run();
}

/** A directive under construction; every field is always present so all nodes share one shape. */
interface DirectiveRecord {
  name: string;
  nameSpan: Span;
  args: readonly NginxArg[];
  semicolon: Span | undefined;
  block: NginxBlock | undefined;
  span: Span;
  trailingComment: NginxComment | undefined;
}

interface Frame {
  readonly name: string;
  readonly nameSpan: Span;
  readonly args: readonly NginxArg[];
  readonly open: Span;
  /** The list the block's directives go to; a phantom frame shares its parent's list. */
  readonly children: NginxDirective[];
  /** A `{` with no directive, or one nested too deep: it only pairs braces. */
  readonly phantom: boolean;
}

class Parser {
  private readonly lexer: NginxLexer;
  private readonly errors: NginxSyntaxError[] = [];
  private readonly comments: NginxComment[] = [];
  private readonly root: NginxDirective[] = [];
  private readonly stack: Frame[] = [];
  private children: NginxDirective[] = this.root;
  private depth = 0;
  private depthReported = false;
  private lines: LineIndex | undefined;

  // The directive being read: its name, arguments, and which arguments start a line. The
  // arguments collect in a reused scratch array and are copied out at their exact size.
  private name: string | null = null;
  private nameSpan: Span = { start: 0, end: 0 };
  private readonly argv: NginxArg[] = [];
  private argc = 0;
  private lineStarts: number[] | null = null;

  /** The end of the last token read, for the span of a block the file never closes. */
  private lastEnd = 0;
  /** The directive that just ended with `;` or `}`, which a comment on its line belongs to. */
  private justEnded: DirectiveRecord | null = null;
  /** The last `}` that nginx keeps inside a word, for the hint on an unclosed block. */
  private strayBrace = -1;

  constructor(private readonly text: string) {
    this.lexer = new NginxLexer(text, this.errors);
  }

  run(): NginxParseResult {
    const lexer = this.lexer;
    for (;;) {
      const kind = lexer.next();
      if (kind === TOKEN_EOF) break;
      const start = lexer.start;
      const end = lexer.end;
      this.lastEnd = end;
      if (kind === TOKEN_COMMENT) {
        this.comment(start, end);
        continue;
      }
      this.justEnded = null;
      if (kind === TOKEN_WORD) this.word(start, end);
      else if (kind === TOKEN_SEMICOLON) this.semicolon(start, end);
      else if (kind === TOKEN_OPEN) this.open(start, end);
      else if (kind === TOKEN_CLOSE) this.close(start, end);
    }
    this.endOfFile();
    let errors = this.errors;
    if (errors.length > 1) errors.sort((a, b) => a.span.start - b.span.start);
    if (errors.length > MAX_REPORTED_ERRORS) {
      // A binary or badly broken file can produce an error per byte; an editor or a CI log needs
      // the first ones and a count, not a million diagnostics.
      const first = errors[MAX_REPORTED_ERRORS]!;
      const more = errors.length - MAX_REPORTED_ERRORS;
      errors = errors.slice(0, MAX_REPORTED_ERRORS);
      errors.push({
        message: `${more} more syntax errors from here on are not listed; is this an nginx configuration? Fix the errors above first`,
        span: first.span,
      });
    }
    return { syntax: { text: this.text, directives: this.root, comments: this.comments }, errors };
  }

  private comment(start: number, end: number): void {
    const comment: NginxComment = { text: this.lexer.commentText(), span: { start, end } };
    this.comments.push(comment);
    const ended = this.justEnded;
    if (ended !== null && !this.lexer.newlineBefore) ended.trailingComment = comment;
    this.justEnded = null;
  }

  private word(start: number, end: number): void {
    const lexer = this.lexer;
    const value = lexer.value();
    if (lexer.strayBrace >= 0) this.strayBrace = lexer.strayBrace;
    if (this.name === null) {
      this.name = value;
      this.nameSpan = { start, end };
      return;
    }
    const quote = lexer.quote === 0 ? null : lexer.quote === 34 ? '"' : "'";
    if (lexer.newlineBefore) (this.lineStarts ??= []).push(this.argc);
    this.argv[this.argc++] = { value, span: { start, end }, quote };
  }

  private semicolon(start: number, end: number): void {
    if (this.name === null) {
      this.error(start, end, 'unexpected ";" with no directive before it: remove it');
      return;
    }
    const record = this.finishSimple({ start, end }, end);
    this.justEnded = record;
  }

  private open(start: number, end: number): void {
    const openSpan: Span = { start, end };
    if (this.name === null) {
      this.error(
        start,
        end,
        'unexpected "{" with no directive name before it: name the block (for example "server {") or remove it',
      );
      this.pushPhantom(openSpan);
      return;
    }
    if (this.lineStarts !== null) this.splitRunOnDirective();
    if (isLuaBlockDirective(this.name)) {
      this.luaBlock(openSpan);
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
      this.finishSimple(undefined, this.lastArgEnd());
      this.pushPhantom(openSpan);
      return;
    }
    const frame: Frame = {
      name: this.name,
      nameSpan: this.nameSpan,
      args: this.takeArgs(),
      open: openSpan,
      children: [],
      phantom: false,
    };
    this.resetPending();
    this.stack.push(frame);
    this.children = frame.children;
    this.depth++;
  }

  private close(start: number, end: number): void {
    if (this.name !== null) this.missingSemicolon();
    const frame = this.stack.pop();
    if (frame === undefined) {
      this.error(start, end, 'unexpected "}": no block is open here; remove it, or add the "{" it was meant to close');
      return;
    }
    const parent = this.stack.length > 0 ? this.stack[this.stack.length - 1]!.children : this.root;
    this.children = parent;
    if (frame.phantom) return;
    this.depth--;
    const block: NginxBlock = { open: frame.open, close: { start, end }, children: frame.children, raw: undefined };
    const record = this.record(frame.name, frame.nameSpan, frame.args, undefined, block, end);
    parent.push(record);
    this.justEnded = record;
  }

  private endOfFile(): void {
    // A string that runs to the end of the file swallowed the ";" and "}" that follow it; its own
    // error says so, and reporting them again would only point at the same place.
    const quiet = !this.lexer.closed;
    if (this.name !== null) {
      if (quiet) this.finishSimple(undefined, this.lastArgEnd());
      else this.missingSemicolon();
    }
    let innermost = true;
    while (this.stack.length > 0) {
      const frame = this.stack.pop()!;
      const parent = this.stack.length > 0 ? this.stack[this.stack.length - 1]!.children : this.root;
      if (frame.phantom) continue;
      const block: NginxBlock = { open: frame.open, close: undefined, children: frame.children, raw: undefined };
      parent.push(this.record(frame.name, frame.nameSpan, frame.args, undefined, block, this.lastEnd));
      if (quiet) continue;
      let message = `"${frame.name}" block opened on line ${this.lineOf(frame.open.start)} is never closed: add "}" to close it`;
      if (innermost && this.strayBrace > frame.open.start) {
        message +=
          ` (the "}" on line ${this.lineOf(this.strayBrace)} is part of a word, because nginx ends a word only ` +
          'at a space, ";" or "{"; put a space or ";" before it)';
      }
      innermost = false;
      this.error(frame.open.start, frame.open.end, message);
    }
    this.children = this.root;
  }

  /** Reads the raw Lua body of a `*_by_lua_block` directive whose `{` was just read. */
  private luaBlock(openSpan: Span): void {
    const close = this.lexer.skipLuaBlock();
    const name = this.name!;
    let block: NginxBlock;
    let end: number;
    if (close < 0) {
      end = this.text.length;
      block = { open: openSpan, close: undefined, children: NO_CHILDREN, raw: { start: openSpan.end, end } };
      this.error(
        openSpan.start,
        openSpan.end,
        `the Lua code of "${name}" opened on line ${this.lineOf(openSpan.start)} is never closed: ` +
          'add "}" after the Lua code (check for an unbalanced brace, quote or long bracket in it)',
      );
    } else {
      end = close + 1;
      block = {
        open: openSpan,
        close: { start: close, end },
        children: NO_CHILDREN,
        raw: { start: openSpan.end, end: close },
      };
    }
    const record = this.record(name, this.nameSpan, this.takeArgs(), undefined, block, end);
    this.resetPending();
    this.children.push(record);
    this.lastEnd = end;
    if (close >= 0) this.justEnded = record;
  }

  /**
   * Before a `{`: if the pending words are a directive whose `;` is missing followed by a block
   * directive on a later line, ends the first directive there and keeps the block directive pending.
   */
  private splitRunOnDirective(): void {
    const args = this.takeArgs();
    const lineStarts = this.lineStarts!;
    const index = findMissingSemicolonSplit(this.name!, args.length, lineStarts, lineStarts.length, (i) =>
      args[i]!.quote === null ? args[i]!.value : null,
    );
    if (index < 0) return;
    this.argc = index;
    this.missingSemicolon();
    const head = args[index]!;
    this.name = head.value;
    this.nameSpan = head.span;
    for (let i = index + 1; i < args.length; i++) this.argv[this.argc++] = args[i]!;
  }

  /** Ends the pending directive where its last word ends and reports the missing `;` there. */
  private missingSemicolon(): void {
    const last = this.argc > 0 ? this.argv[this.argc - 1]!.span : this.nameSpan;
    const quoted = quoteDirective(this.text, this.nameSpan.start, last.end);
    this.error(last.start, last.end, `missing ";" after "${quoted}": add ";" at the end of the directive`);
    this.finishSimple(undefined, last.end);
  }

  private finishSimple(semicolon: Span | undefined, end: number): DirectiveRecord {
    const record = this.record(this.name!, this.nameSpan, this.takeArgs(), semicolon, undefined, end);
    this.children.push(record);
    this.resetPending();
    return record;
  }

  private record(
    name: string,
    nameSpan: Span,
    args: readonly NginxArg[],
    semicolon: Span | undefined,
    block: NginxBlock | undefined,
    end: number,
  ): DirectiveRecord {
    return { name, nameSpan, args, semicolon, block, span: { start: nameSpan.start, end }, trailingComment: undefined };
  }

  private pushPhantom(open: Span): void {
    this.stack.push({ name: '', nameSpan: open, args: NO_ARGS, open, children: this.children, phantom: true });
  }

  private lastArgEnd(): number {
    return this.argc > 0 ? this.argv[this.argc - 1]!.span.end : this.nameSpan.end;
  }

  /** The pending arguments as an array of their own (the scratch array is reused). */
  private takeArgs(): readonly NginxArg[] {
    const argc = this.argc;
    if (argc === 0) return NO_ARGS;
    if (argc === 1) return [this.argv[0]!];
    if (argc === 2) return [this.argv[0]!, this.argv[1]!];
    return this.argv.slice(0, argc);
  }

  private resetPending(): void {
    this.name = null;
    this.argc = 0;
    this.lineStarts = null;
  }

  private error(start: number, end: number, message: string): void {
    this.errors.push({ message, span: { start, end } });
  }

  private lineOf(offset: number): number {
    this.lines ??= new LineIndex(this.text);
    return this.lines.positionAt(offset).line + 1;
  }
}
