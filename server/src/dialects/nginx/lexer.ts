/**
 * The nginx tokenizer. It follows `ngx_conf_read_token` (src/core/ngx_conf_file.c) rule for rule:
 *
 * - a word ends at a space, tab, CR, LF, `;` or `{` (a `}` inside a word belongs to the word, as in
 *   nginx; only a `}` where a token starts closes a block);
 * - `#` starts a comment only where a token starts, so `a#b` is one word;
 * - `"..."` and `'...'` start a string only where a token starts; a quote in the middle of a word
 *   is an ordinary character (`right-"quote"` is one word);
 * - after a closing quote nginx needs a space, `;`, `{` or `)`; anything else is an error, which we
 *   report and then treat as the start of the next token (the recovery crossplane also uses);
 * - a backslash makes the next character literal for token splitting (`\;`, `\{`, `\ `), and in
 *   the value `\"`, `\'` and `\\` lose the backslash, `\t`, `\r`, `\n` become control characters,
 *   and any other `\x` keeps both characters;
 * - a `{` right after a `$` belongs to the word, so `${var}` never opens a block.
 *
 * The lexer is a pull scanner: it keeps the current token's kind, extent and quoting in fields
 * instead of allocating token objects, and it makes no strings at all; the parser stores spans and
 * slices (and unescapes, when a backslash was seen) only on demand. Reading the text is most of its
 * cost, so it reads bytes from a window over the text (lex-window.ts) instead of calling
 * `charCodeAt`, the word loop passes ordinary characters four at a time, and a directive name the
 * parse has seen before is named by its bytes in the window (lex-name-index.ts) instead of being
 * sliced to look it up.
 */
import type { NginxSyntaxError } from './syntax';
import type { NameIndex } from './lex-name-index';
import { LexWindow, OTHER_CODE, WINDOW_END } from './lex-window';
import { skipLuaBody } from './lua';

export const TOKEN_EOF = 0;
export const TOKEN_WORD = 1;
export const TOKEN_SEMICOLON = 2;
export const TOKEN_OPEN = 3;
export const TOKEN_CLOSE = 4;
export const TOKEN_COMMENT = 5;

export type TokenKind =
  | typeof TOKEN_EOF
  | typeof TOKEN_WORD
  | typeof TOKEN_SEMICOLON
  | typeof TOKEN_OPEN
  | typeof TOKEN_CLOSE
  | typeof TOKEN_COMMENT;

const TAB = 9;
const LF = 10;
const CR = 13;
const SPACE = 32;
const DOUBLE_QUOTE = 34;
const HASH = 35;
const DOLLAR = 36;
const SINGLE_QUOTE = 39;
const CLOSE_PAREN = 41;
const SEMICOLON = 59;
const BACKSLASH = 92;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;
const BYTE_ORDER_MARK = 0xfeff;

/**
 * 1 for the ASCII characters that are ordinary inside a bare word; 0 for those that end it or need
 * a closer look (whitespace, ";", "{", "}", "\\", "$"). Every other code unit is ordinary, and
 * reads as `OTHER_CODE` (128) in the window, which has its entry here.
 */
export const WORD_CHAR = new Uint8Array(256).fill(1);
for (const c of [TAB, LF, CR, SPACE, SEMICOLON, OPEN_BRACE, CLOSE_BRACE, BACKSLASH, DOLLAR, WINDOW_END]) WORD_CHAR[c] = 0;

/**
 * 1 for the pairs of window bytes that are both word characters, indexed by the pair read as a
 * little-endian 16-bit number (the first byte low): two pairs test four characters with one load
 * of the window and two table loads, where `WORD_CHAR` needs four and four.
 */
export const WORD_PAIR = new Uint8Array(1 << 16);
for (let first = 0; first < 256; first++) {
  if (WORD_CHAR[first] === 1) for (let second = 0; second < 256; second++) WORD_PAIR[(second << 8) | first] = WORD_CHAR[second]!;
}

/**
 * 1 for the characters that start a bare word whose value is its text: word characters and "$",
 * but not "#" or quotes.
 */
export const PLAIN_WORD_START = WORD_CHAR.slice();
for (const c of [HASH, DOUBLE_QUOTE, SINGLE_QUOTE]) PLAIN_WORD_START[c] = 0;
PLAIN_WORD_START[DOLLAR] = 1;

/** 1 for the characters that end a bare word wherever they are: whitespace, ";" and "{". */
export const ENDS_WORD = new Uint8Array(256);
for (const c of [TAB, LF, CR, SPACE, SEMICOLON, OPEN_BRACE]) ENDS_WORD[c] = 1;

/**
 * Whether `text[start, end)` is bare ASCII, which is what a name index (lex-name-index.ts) can
 * hold: the lexer's window reads every other character as one code.
 */
export function isIndexableName(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (text.charCodeAt(i) >= OTHER_CODE) return false;
  return true;
}

export class NginxLexer {
  /** Offset of the first character of the current token (the quote for a quoted word). */
  start = 0;
  /** Offset just past the current token (past the closing quote for a quoted word). */
  end = 0;
  /** Whether a line break separates the current token from the previous one. */
  newlineBefore = false;
  // The fields from here to `escaped` describe the last word and are set only by words, so
  // that other tokens cost fewer writes; read them after a TOKEN_WORD.
  /** The quote character code of a quoted word (34 or 39), 0 for a bare word. */
  quote = 0;
  /** Whether the current quoted word has its closing quote. */
  closed = true;
  /**
   * The offset of a `}` inside the current bare word that does not close a `${`, or -1. nginx
   * keeps it in the word, which is rarely what the author meant: `return 200 ok}`.
   */
  strayBrace = -1;
  /** Whether the current word holds a backslash, so its value needs unescaping. */
  escaped = false;
  /**
   * Set by the parser when the next word is a directive name: a bare word is then looked up in
   * the name index right after it is scanned, and `nameId` says what the index found.
   */
  expectName = false;
  /** After a bare word read while `expectName`: its name id from the index, or -1 when unknown. */
  nameId = -1;
  /**
   * Where the next token's scan starts. The parser reads common tokens itself (tree-parser.ts)
   * and moves this past them; it hands every other token to `next` from where that token starts.
   */
  pos = 0;
  private readonly length: number;
  /** The window the lexer reads; the parser reads the same one. */
  readonly window: LexWindow;

  constructor(
    readonly text: string,
    private readonly errors: NginxSyntaxError[],
    /** Where to start reading: 0 for a whole file, or just past a `{` to re-read one block's body. */
    from = 0,
    /** The directive names already known, recognised while `expectName` is set. */
    private readonly names?: NameIndex,
  ) {
    this.length = text.length;
    this.pos = from;
    this.window = new LexWindow(text, from);
    if (from === 0 && text.charCodeAt(0) === BYTE_ORDER_MARK) {
      // nginx reads a BOM as part of the first word and fails with "unknown directive". Report it,
      // then read past it so the rest of the tree is what the author meant.
      this.pos = 1;
      errors.push({
        message:
          'the file starts with a byte order mark (U+FEFF), which nginx reads as part of the first directive ' +
          'name ("unknown directive"); save the file as UTF-8 without a BOM',
        span: { start: 0, end: 1 },
      });
    }
  }

  /**
   * Passes the whitespace from `pos` on and returns where the next token starts (the text's length
   * at its end), with the window holding that offset; `newlineBefore` says whether a line break
   * was passed.
   */
  skipBlanks(pos: number): number {
    const length = this.length;
    const window = this.window;
    const codes = window.codes;
    // Comments, quoted strings and Lua bodies may end past the window.
    if (pos > window.limit) window.skipTo(pos);
    let base = window.base;
    let newline = false;
    for (;;) {
      let at = pos - base;
      // Indentation is a quarter of a typical file: four spaces are passed with one test.
      while (codes[at] === SPACE && codes[at + 1] === SPACE && codes[at + 2] === SPACE && codes[at + 3] === SPACE) at += 4;
      pos = at + base;
      const c = codes[at]!;
      if (c === SPACE) pos++;
      else if (c > SPACE) {
        if (c !== WINDOW_END || pos >= length) break;
        window.fill(pos);
        base = pos;
      } else if (c === LF) {
        newline = true;
        pos++;
      } else if (c === TAB || c === CR) pos++;
      else break;
    }
    this.newlineBefore = newline;
    return pos;
  }

  /** Scans the next token and returns its kind; its extent is in `start`/`end`. */
  next(): TokenKind {
    const length = this.length;
    const pos = this.skipBlanks(this.pos);
    const c = this.window.codes[pos - this.window.base]!;
    this.start = pos;
    if (pos >= length) {
      this.end = this.pos = length;
      return TOKEN_EOF;
    }
    switch (c) {
      case SEMICOLON:
        this.end = this.pos = pos + 1;
        return TOKEN_SEMICOLON;
      case OPEN_BRACE:
        this.end = this.pos = pos + 1;
        return TOKEN_OPEN;
      case CLOSE_BRACE:
        this.end = this.pos = pos + 1;
        return TOKEN_CLOSE;
      case HASH:
        return this.scanComment(pos);
      case DOUBLE_QUOTE:
      case SINGLE_QUOTE:
        return this.scanQuoted(pos, c);
      default:
        return this.scanWord(pos);
    }
  }

  /**
   * The value nginx sees for the current word: quotes removed, escapes resolved. The parser does
   * not call this (it keeps spans and makes values on demand); it is here for tests and tools.
   */
  value(): string {
    const raw =
      this.quote === 0
        ? this.text.slice(this.start, this.end)
        : this.text.slice(this.start + 1, this.closed ? this.end - 1 : this.end);
    return this.escaped ? unescapeNginx(raw) : raw;
  }

  /** The text of the current comment without its `#`. */
  commentText(): string {
    return this.text.slice(this.start + 1, this.end);
  }

  /**
   * Skips the raw body of a Lua block whose `{` was the last token and returns the offset of its
   * closing `}`, or -1 when the body runs to the end of the text. The next token starts after it.
   */
  skipLuaBlock(): number {
    const close = skipLuaBody(this.text, this.pos);
    this.pos = close < 0 ? this.length : close + 1;
    return close;
  }

  private scanComment(pos: number): TokenKind {
    const text = this.text;
    // indexOf runs natively over the rest of the line, faster than a loop over its characters.
    let end = text.indexOf('\n', pos + 1);
    if (end < 0) end = this.length;
    this.pos = end;
    // A CRLF file keeps the CR out of the comment, so the span ends where the line's text ends.
    if (end > pos + 1 && text.charCodeAt(end - 1) === CR) end--;
    this.end = end;
    return TOKEN_COMMENT;
  }

  private scanQuoted(pos: number, quote: number): TokenKind {
    const text = this.text;
    const length = this.length;
    const window = this.window;
    const codes = window.codes;
    let base = window.base;
    let limit = window.limit;
    this.quote = quote;
    this.strayBrace = -1;
    let i = pos + 1;
    let escaped = false;
    for (;;) {
      if (i >= limit && i < length) {
        window.fill(i);
        base = i;
        limit = window.limit;
      }
      if (i >= length) {
        this.closed = false;
        this.escaped = escaped;
        this.end = this.pos = length;
        this.errors.push({
          message:
            `unterminated string: the ${String.fromCharCode(quote)} opened here is never closed, so nginx reads ` +
            `the rest of the file as part of it; add the closing ${String.fromCharCode(quote)}`,
          span: { start: pos, end: length },
        });
        return TOKEN_WORD;
      }
      const c = codes[i - base]!;
      if (c === BACKSLASH) {
        escaped = true;
        i += 2;
      } else if (c === quote) break;
      else i++;
    }
    i++;
    this.closed = true;
    this.escaped = escaped;
    this.end = this.pos = i;
    if (i < length) {
      const c = text.charCodeAt(i);
      // nginx accepts whitespace, ";", "{" and ")" after a closing quote. A "}" is left to the
      // parser, which reports the missing ";" that it really means.
      if (
        c !== SPACE &&
        c !== TAB &&
        c !== CR &&
        c !== LF &&
        c !== SEMICOLON &&
        c !== OPEN_BRACE &&
        c !== CLOSE_BRACE &&
        c !== CLOSE_PAREN
      ) {
        const ch = text.charAt(i);
        this.errors.push({
          message:
            `unexpected "${ch}" right after a quoted string: nginx needs a space, ";" or "{" after the ` +
            `closing quote; add a space before "${ch}" or put the whole argument in quotes`,
          span: { start: i, end: i + 1 },
        });
      }
    }
    return TOKEN_WORD;
  }

  private scanWord(pos: number): TokenKind {
    const length = this.length;
    const window = this.window;
    const codes = window.codes;
    let base = window.base;
    let i = pos;
    let escaped = false;
    let variableBraces = 0;
    /** Where a "{" still belongs to the word: right after a "$" or after such a "{". */
    let braceKeptAt = -1;
    let stray = -1;
    for (;;) {
      let at = i - base;
      // Most characters of a word are ordinary: four of them are passed with one test, whose loads
      // do not wait for each other, and then one table load per character sends them on.
      while ((WORD_CHAR[codes[at]!]! & WORD_CHAR[codes[at + 1]!]! & WORD_CHAR[codes[at + 2]!]! & WORD_CHAR[codes[at + 3]!]!) === 1) at += 4;
      i = at + base;
      const c = codes[at]!;
      if (WORD_CHAR[c] === 1) {
        i++;
        continue;
      }
      if (c === WINDOW_END) {
        if (i >= length) break;
        window.fill(i);
        base = i;
        continue;
      }
      if (c === BACKSLASH) {
        escaped = true;
        // The escaped character may be the window's last, or past the text's end.
        i += 2;
        if (i > window.limit) {
          if (i >= length) break;
          window.fill(i);
          base = i;
        }
        continue;
      }
      if (c === DOLLAR) {
        // nginx keeps a "{" that directly follows "$" in the word: "${var}", and so "${{".
        braceKeptAt = ++i;
        continue;
      }
      if (c === OPEN_BRACE && i === braceKeptAt) {
        variableBraces++;
        braceKeptAt = ++i;
        continue;
      }
      if (c !== CLOSE_BRACE) break;
      if (variableBraces > 0) variableBraces--;
      else stray = i;
      i++;
    }
    this.strayBrace = stray;
    if (i > length) i = length;
    this.quote = 0;
    this.closed = true;
    this.escaped = escaped;
    this.end = this.pos = i;
    // A directive name is looked up by its bytes while they are still in the window.
    if (this.expectName && this.names !== undefined) {
      this.nameId = !escaped && pos >= base ? this.names.find(window.view, pos - base, i - base) : -1;
    }
    return TOKEN_WORD;
  }
}

/**
 * Resolves backslash escapes the way nginx does when it copies a token into its argument array:
 * `\"`, `\'`, `\\` drop the backslash, `\t`, `\r`, `\n` become control characters, and any other
 * backslash stays together with the character after it.
 */
export function unescapeNginx(raw: string): string {
  let out = '';
  let from = 0;
  const length = raw.length;
  let i = raw.indexOf('\\');
  while (i >= 0 && i + 1 < length) {
    const next = raw.charCodeAt(i + 1);
    let replacement: string | null = null;
    if (next === DOUBLE_QUOTE || next === SINGLE_QUOTE || next === BACKSLASH) replacement = raw.charAt(i + 1);
    else if (next === 116) replacement = '\t';
    else if (next === 114) replacement = '\r';
    else if (next === 110) replacement = '\n';
    if (replacement === null) {
      // Both characters stay; the next character is then read normally, as nginx does.
      i = raw.indexOf('\\', i + 1);
      continue;
    }
    out += raw.slice(from, i) + replacement;
    from = i + 2;
    i = raw.indexOf('\\', from);
  }
  return from === 0 ? raw : out + raw.slice(from);
}
