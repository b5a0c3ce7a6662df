/**
 * How nginx turns a request target into `$uri` and `$args` (ngx_http_parse_complex_uri with
 * merge_slashes on, the default): percent-decoding, merging runs of slashes, removing `.` segments
 * and resolving `..` ones (a `..` above the root is a 400), and cutting at `?` (arguments) or `#`.
 * A decoded `%3F` stays a literal `?` in the path, and `%25` and `%23` stay literal `%` and `#`;
 * any other decoded byte (`%2F`, `%2E`) is processed as if it had been written plainly. `%00`
 * and a malformed escape are a 400.
 */

export interface ParsedTarget {
  /** `$uri`: the normalised, decoded path. */
  readonly path: Uint8Array;
  /** `$args`: the bytes after the first `?` (up to a `#`), or undefined when there is no `?`. */
  readonly args: Uint8Array | undefined;
}

export type ParseTargetResult = { ok: true; target: ParsedTarget } | { ok: false; reason: string };

const enum State {
  Usual,
  Slash,
  Dot,
  DotDot,
  Quoted,
  QuotedSecond,
}

const SLASH = 0x2f;
const DOT = 0x2e;
const PERCENT = 0x25;
const QUESTION = 0x3f;
const HASH = 0x23;

function hexValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  const lower = c | 0x20;
  if (lower >= 0x61 && lower <= 0x66) return lower - 0x61 + 10;
  return -1;
}

/**
 * Backs up over a `..` segment that has just been written (`/x/..` becomes `/`): from four bytes
 * before the end, walk back to the previous slash. Returns the new length, or -1 above the root.
 */
function popSegment(out: number[], length: number): number {
  let u = length - 4;
  for (;;) {
    if (u < 0) return -1;
    if (out[u] === SLASH) return u + 1;
    u--;
  }
}

export function parseRequestTarget(raw: Uint8Array): ParseTargetResult {
  if (raw.length === 0 || raw[0] !== SLASH) {
    return { ok: false, reason: 'the request uri must start with "/"' };
  }
  const invalid = (why: string): ParseTargetResult => ({ ok: false, reason: `nginx rejects this uri with 400 Bad Request: ${why}` });
  const out: number[] = [];
  let len = 0;
  const emit = (c: number): void => {
    out[len++] = c;
  };
  let state = State.Usual;
  let quotedState = State.Usual;
  let decoded = 0;
  let argsStart = -1;
  let i = 0;
  // `pending` holds a decoded byte that must be processed again without consuming input.
  let pending = -1;

  while (pending >= 0 || i < raw.length) {
    const ch = pending >= 0 ? pending : raw[i++]!;
    pending = -1;
    switch (state) {
      case State.Usual:
      case State.Slash:
      case State.Dot:
      case State.DotDot: {
        if (ch === PERCENT) {
          quotedState = state;
          state = State.Quoted;
          break;
        }
        if (ch === QUESTION || ch === HASH) {
          if (state === State.Dot) len--;
          if (state === State.DotDot) {
            len = popSegment(out, len);
            if (len < 0) return invalid('".." goes above the root');
          }
          if (ch === QUESTION) argsStart = i;
          i = raw.length;
          state = State.Usual;
          break;
        }
        if (ch === SLASH) {
          if (state === State.Usual) emit(ch);
          else if (state === State.Dot) len--;
          else if (state === State.DotDot) {
            len = popSegment(out, len);
            if (len < 0) return invalid('".." goes above the root');
          }
          // In the Slash state a repeated slash is merged away.
          state = State.Slash;
          break;
        }
        if (ch === DOT && state === State.Slash) {
          emit(ch);
          state = State.Dot;
          break;
        }
        if (ch === DOT && state === State.Dot) {
          emit(ch);
          state = State.DotDot;
          break;
        }
        emit(ch);
        state = State.Usual;
        break;
      }
      case State.Quoted: {
        const v = hexValue(ch);
        if (v < 0) return invalid('a "%" is not followed by two hex digits');
        decoded = v;
        state = State.QuotedSecond;
        break;
      }
      case State.QuotedSecond: {
        const v = hexValue(ch);
        if (v < 0) return invalid('a "%" is not followed by two hex digits');
        const byte = (decoded << 4) + v;
        if (byte === 0) return invalid('"%00" in the path');
        if (byte === PERCENT || byte === HASH || byte === QUESTION) {
          emit(byte);
          state = State.Usual;
          break;
        }
        state = quotedState;
        pending = byte;
        break;
      }
    }
  }

  if (state === State.Quoted || state === State.QuotedSecond) {
    return invalid('the uri ends inside a "%" escape');
  }
  if (argsStart < 0) {
    if (state === State.Dot) len--;
    else if (state === State.DotDot) {
      len = popSegment(out, len);
      if (len < 0) return invalid('".." goes above the root');
    }
  }
  let args: Uint8Array | undefined;
  if (argsStart >= 0) {
    let end = raw.indexOf(HASH, argsStart);
    if (end < 0) end = raw.length;
    args = raw.slice(argsStart, end);
  }
  return { ok: true, target: { path: Uint8Array.from(out.slice(0, len)), args } };
}
