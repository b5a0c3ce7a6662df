/**
 * The port of a `server` (or `server-template`) address, judged as HAProxy 2.6's str2sa_range
 * judges it for a server: one port, an offset (`+1000`, `-5`) or none; a range (`80-90`, which only
 * `bind` takes), a word or a number past 65535 stop HAProxy at start-up. Addresses lb-drift cannot
 * judge are left alone: `${VAR}` (expanded by HAProxy, never by lb-drift), socket families other
 * than IPv4/IPv6 (`unix@`, `abns@`, `fd@`, ...), paths, and unbracketed IPv6 addresses.
 */

/** Family prefixes whose address is `HOST[:PORT]` like a plain one. */
const INET_PREFIX = /^(?:ipv4|ipv6|tcp|tcp4|tcp6)@/;
const MAX_PORT = 65535;
const PORT_OFFSET = /^[+-]\d+$/;
const PORT_RANGE = /^\d+-\d+$/;
const NOT_A_DIGIT = /[^0-9]/;

/** Why HAProxy refuses this server address, or undefined when it takes it (or lb-drift cannot tell). */
export function serverAddressProblem(address: string): string | undefined {
  if (plainAndFine(address, 0, address.length)) return undefined;
  if (address.includes('${')) return undefined;
  const bare = address.replace(INET_PREFIX, '');
  if (bare.includes('@') || bare.startsWith('/')) return undefined;
  const port = portOf(bare);
  if (port === undefined || port === '' || PORT_OFFSET.test(port)) return undefined;
  if (PORT_RANGE.test(port)) return `port range not permitted here in '${address}': a server has one port (or an offset such as +1000)`;
  const invalid = NOT_A_DIGIT.exec(port);
  if (invalid) return `invalid character '${invalid[0]}' in port number '${port}' in '${address}'`;
  if (Number(port) > MAX_PORT) return `invalid port '${port}' in '${address}': a port is at most ${MAX_PORT}`;
  return undefined;
}

/**
 * Whether the address written at `[start, end)` of `text` is a plain `HOST` or `HOST:PORT` with a
 * port of at most 65535 that HAProxy reads as written (no quote or escape), read in place: a
 * server's address word is then never sliced to be judged (every server comes here, and the member
 * reads its address from the line when asked). False means the word's value is for
 * `serverAddressProblem`.
 */
export function writtenAddressFine(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const code = text.charCodeAt(i);
    if (code === 34 /* " */ || code === 39 /* ' */ || code === 92 /* \ */) return false;
  }
  return plainAndFine(text, start, end);
}

/**
 * Whether the address (`[start, end)` of `address`) is a plain `HOST` or `HOST:PORT` with a port of
 * at most 65535, read in one pass without making strings: nearly every server has one. Anything
 * else (a family prefix, a bracket, `${`, a path, a second colon, a port with other characters) is
 * for the full reading.
 */
function plainAndFine(address: string, start: number, end: number): boolean {
  let colon = -1;
  let port = 0;
  for (let i = start; i < end; i++) {
    const code = address.charCodeAt(i);
    if (code === 58 /* : */) {
      if (colon >= 0) return false;
      colon = i;
    } else if (colon >= 0) {
      if (code < 48 || code > 57) return false;
      port = port * 10 + (code - 48);
      if (port > MAX_PORT) return false;
    } else if (code === 64 /* @ */ || code === 36 /* $ */ || code === 47 /* / */ || code === 91 /* [ */) {
      return false;
    }
  }
  return true;
}

/** The text after the port colon: `[v6]:PORT` or `HOST:PORT` with a single colon; undefined without one. */
function portOf(address: string): string | undefined {
  if (address.startsWith('[')) {
    const rest = address.slice(address.indexOf(']') + 1);
    return address.includes(']') && rest.startsWith(':') ? rest.slice(1) : undefined;
  }
  const colon = address.indexOf(':');
  return colon >= 0 && colon === address.lastIndexOf(':') ? address.slice(colon + 1) : undefined;
}
