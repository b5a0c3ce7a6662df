/**
 * What lb-drift can tell from an nginx address as written, without DNS: whether it is a literal
 * IP or socket (exactly one peer) or a name nginx resolves (possibly several peers).
 */

const IPV6_BRACKETED = /^\[[0-9a-fA-F:.]+(?:%[\w.]+)?\](?::\d+)?$/;

/** Whether nginx resolves this address by name (not an IP literal, not a unix socket). */
export function resolvesByName(address: string): boolean {
  const first = address.charCodeAt(0);
  // An address starting with a digit is an IPv4 literal when it parses as one; `[` is IPv6.
  if (first >= 48 && first <= 57) return !isIpv4WithPort(address);
  if (first === 91) return !IPV6_BRACKETED.test(address);
  return !address.startsWith('unix:');
}

/**
 * Whether `address` is four groups of one to three digits joined by dots, with an optional
 * `:port` of digits: what `/^(?:\d{1,3}\.){3}\d{1,3}(?::\d+)?$/` matches, without the regular
 * expression (this runs once per upstream server).
 */
function isIpv4WithPort(address: string): boolean {
  const length = address.length;
  let i = 0;
  for (let group = 0; group < 4; group++) {
    if (group > 0) {
      if (i >= length || address.charCodeAt(i) !== DOT) return false;
      i++;
    }
    const from = i;
    while (i < length && i - from < 3 && isDigit(address.charCodeAt(i))) i++;
    if (i === from) return false;
  }
  if (i === length) return true;
  if (address.charCodeAt(i) !== COLON || i + 1 === length) return false;
  for (i++; i < length; i++) if (!isDigit(address.charCodeAt(i))) return false;
  return true;
}

const DOT = 46;
const COLON = 58;

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

export interface PassTarget {
  /** The upstream name or host the directive points at, without scheme, port or path. */
  readonly host: string;
  readonly hasPort: boolean;
  /** Offset of `host` within the argument's value. */
  readonly hostOffset: number;
  /** The host is built from variables at request time. */
  readonly dynamic: boolean;
}

/**
 * Splits a `proxy_pass`-style target (`http://backend/path`, `grpcs://name`, `name:9000`,
 * `unix:/run/app.sock`) into the host it names. Returns undefined for unix sockets.
 */
export function passTarget(value: string): PassTarget | undefined {
  const found: PassHost = { start: 0, end: 0, hasPort: false };
  if (!passHost(value, 0, value.length, found)) return undefined;
  const host = value.slice(found.start, found.end);
  return { host, hasPort: found.hasPort, hostOffset: found.start, dynamic: host.includes('$') };
}

/** Where the host of a `*_pass` target lies in the text it was read from (`passHost`). */
export interface PassHost {
  start: number;
  end: number;
  /** Whether a port follows the host. */
  hasPort: boolean;
}

/**
 * Finds the host a `proxy_pass`-style target names (`http://backend/path`, `grpcs://name`,
 * `name:9000`, `unix:/run/app.sock`), without scheme, port or path, in the target written at
 * `text[from, to)`, and writes its offsets into `into`. Returns false for a unix socket or a
 * target without a host. It reads the target where it is written and makes nothing: this runs
 * once per `*_pass` directive, on the file's own text when the argument is written bare.
 */
export function passHost(text: string, from: number, to: number, into: PassHost): boolean {
  const offset = from + schemeLength(text, from, to);
  if (to - offset >= 5 && text.startsWith('unix:', offset)) return false;
  let end = to;
  for (let i = offset; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === SLASH || c === QUESTION) {
      end = i;
      break;
    }
  }
  let hostEnd = end;
  let hasPort = false;
  if (text.charCodeAt(offset) === OPEN_BRACKET) {
    // A bracketed IPv6 host keeps its port (`]:` and digits ending the host part).
    let i = end - 1;
    while (i > offset && isDigit(text.charCodeAt(i))) i--;
    hasPort = i < end - 1 && text.charCodeAt(i) === COLON && i - 1 >= offset && text.charCodeAt(i - 1) === CLOSE_BRACKET;
  } else {
    // Any other host ends at the last colon before the path.
    for (let i = end - 1; i >= offset; i--) {
      if (text.charCodeAt(i) === COLON) {
        hostEnd = i;
        hasPort = true;
        break;
      }
    }
  }
  if (hostEnd === offset) return false;
  into.start = offset;
  into.end = hostEnd;
  into.hasPort = hasPort;
  return true;
}

const OPEN_BRACKET = 91;
const CLOSE_BRACKET = 93;
const SLASH = 47;
const QUESTION = 63;

/**
 * The length of a leading `scheme://` in `text[from, to)`, a letter then letters, digits, `+`,
 * `.` or `-` in any case (`/^[a-z][a-z0-9+.-]*:\/\//i`), or 0 when the target has none.
 */
function schemeLength(text: string, from: number, to: number): number {
  if (from >= to || !isLetter(text.charCodeAt(from))) return 0;
  let i = from + 1;
  while (i < to) {
    const c = text.charCodeAt(i);
    if (isLetter(c) || isDigit(c) || c === 43 || c === 46 || c === 45) i++;
    else break;
  }
  return to - i >= 3 && text.startsWith('://', i) ? i + 3 - from : 0;
}

function isLetter(c: number): boolean {
  const lower = c | 0x20;
  return lower >= 97 && lower <= 122;
}
