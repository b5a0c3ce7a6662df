/**
 * The text the nginx lexer reads, as one byte per UTF-16 code unit in a small window that slides
 * forward through it. Reading an element of a `Uint8Array` costs about a third of a `charCodeAt`
 * on a string (which checks the string's representation on every call), and the lexer reads every
 * character of the text, so the window makes the whole scan about twice as fast. `TextEncoder`
 * fills it natively: for ASCII, UTF-8 is one byte per code unit, so offsets in the window are
 * offsets in the text.
 *
 * The lexer tells apart only ASCII characters; every code unit of 128 and above is an ordinary
 * word character to it. So a window holds the code unit itself below 128 and `OTHER_CODE` (128)
 * for everything else, and a text with a few non-ASCII characters costs a short loop over the
 * windows that hold them.
 *
 * Memory stays small whatever the text's size: one window per lexer, refilled in place. Offsets
 * only grow while a text is read, so a window never needs what came before it.
 *
 * The byte after the window's last character is `WINDOW_END`, a value no character reads as, so
 * that the lexer's loops need no bounds check per character: every loop stops at a byte it does
 * not know, and only then asks whether that byte is the end of the window (refill) or of the text.
 */

/** The byte a window holds for any code unit of 128 and above. */
export const OTHER_CODE = 128;
/** The byte just past the window's last character. */
export const WINDOW_END = 255;
/**
 * How many bytes past `WINDOW_END` a window keeps readable, so that the lexer may read four
 * characters at once wherever `WINDOW_END` is among them: a group that holds it never passes the
 * lexer's test, and the lexer then steps one character at a time up to it.
 */
export const WINDOW_SLACK = 3;

/** 16 KB: large enough that refills cost nothing measurable, small enough to stay in cache. */
const WINDOW_SIZE = 1 << 14;
let windowSize = WINDOW_SIZE;

/**
 * Sets the size of the windows made from now on and returns the previous size. For tests: a
 * window of a few characters makes every kind of token cross a window's edge.
 */
export function setLexWindowSize(size: number): number {
  const previous = windowSize;
  windowSize = Math.max(1, size);
  return previous;
}

const encoder = new TextEncoder();
const NON_ASCII = /[^\x00-\x7f]/;

export class LexWindow {
  /**
   * The window: `codes[i - base]` is the code of `text[i]` for `base <= i < limit`,
   * `codes[limit - base]` is `WINDOW_END`, and `WINDOW_SLACK` bytes after it can be read.
   */
  readonly codes: Uint8Array;
  /** The same bytes, for reading four at once. */
  readonly view: DataView;
  base: number;
  limit: number;

  constructor(
    private readonly text: string,
    from: number,
  ) {
    this.codes = new Uint8Array(Math.max(0, Math.min(windowSize, text.length - from)) + 1 + WINDOW_SLACK);
    this.view = new DataView(this.codes.buffer);
    this.base = from;
    this.limit = from;
    this.codes[0] = WINDOW_END;
  }

  /**
   * Makes `at` readable after the lexer jumped past the window (a comment or a Lua body read on
   * the text itself): an empty window there, which the next read fills.
   */
  skipTo(at: number): void {
    if (at <= this.limit) return;
    this.base = at;
    this.limit = at;
    this.codes[0] = WINDOW_END;
  }

  /** Moves the window to start at `at`, an offset below the text's length. */
  fill(at: number): void {
    const text = this.text;
    const codes = this.codes;
    const end = Math.min(text.length, at + codes.length - 1 - WINDOW_SLACK);
    const chunk = text.substring(at, end);
    // A chunk of ASCII encodes to exactly one byte per code unit, and any other character to more
    // bytes than code units. Otherwise the bytes are right up to the first non-ASCII character, and
    // the rest of the chunk is read one code unit at a time.
    const { read, written } = encoder.encodeInto(chunk, codes);
    if (read !== chunk.length || written !== read) {
      for (let i = chunk.search(NON_ASCII); i < chunk.length; i++) {
        const c = chunk.charCodeAt(i);
        codes[i] = c < OTHER_CODE ? c : OTHER_CODE;
      }
    }
    codes[end - at] = WINDOW_END;
    this.base = at;
    this.limit = end;
  }
}
