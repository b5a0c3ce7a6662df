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
 * `unix:/run/app.sock`) into the host it names. Returns undefined for unix sockets. It reads the
 * value by offsets and slices only the host (this runs once per `*_pass` directive).
 */
export function passTarget(value: string): PassTarget | undefined {
  const offset = schemeLength(value);
  if (value.startsWith('unix:', offset)) return undefined;
  let end = value.length;
  for (const stop of ['/', '?']) {
    const at = value.indexOf(stop, offset);
    if (at >= 0 && at < end) end = at;
  }
  let hostEnd = end;
  let hasPort = false;
  if (value.charCodeAt(offset) === OPEN_BRACKET) {
    hasPort = /\]:\d+$/.test(value.slice(offset, end));
  } else {
    const colon = end > offset ? value.lastIndexOf(':', end - 1) : -1;
    if (colon >= offset) {
      hasPort = true;
      hostEnd = colon;
    }
  }
  if (hostEnd === offset) return undefined;
  const host = value.slice(offset, hostEnd);
  return { host, hasPort, hostOffset: offset, dynamic: host.includes('$') };
}

const OPEN_BRACKET = 91;

/**
 * The length of a leading `scheme://`, a letter then letters, digits, `+`, `.` or `-` in any
 * case (`/^[a-z][a-z0-9+.-]*:\/\//i`), or 0 when the value has none.
 */
function schemeLength(value: string): number {
  if (!isLetter(value.charCodeAt(0))) return 0;
  let i = 1;
  for (;;) {
    const c = value.charCodeAt(i);
    if (isLetter(c) || isDigit(c) || c === 43 || c === 46 || c === 45) i++;
    else break;
  }
  return value.startsWith('://', i) ? i + 3 : 0;
}

function isLetter(c: number): boolean {
  const lower = c | 0x20;
  return lower >= 97 && lower <= 122;
}
