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

/** Why HAProxy refuses this server address, or undefined when it takes it (or lb-drift cannot tell). */
export function serverAddressProblem(address: string): string | undefined {
  if (address.includes('${')) return undefined;
  const bare = address.replace(INET_PREFIX, '');
  if (bare.includes('@') || bare.startsWith('/')) return undefined;
  const port = portOf(bare);
  if (port === undefined || port === '' || /^[+-]\d+$/.test(port)) return undefined;
  if (/^\d+-\d+$/.test(port)) return `port range not permitted here in '${address}': a server has one port (or an offset such as +1000)`;
  const invalid = /[^0-9]/.exec(port);
  if (invalid) return `invalid character '${invalid[0]}' in port number '${port}' in '${address}'`;
  if (Number(port) > MAX_PORT) return `invalid port '${port}' in '${address}': a port is at most ${MAX_PORT}`;
  return undefined;
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
