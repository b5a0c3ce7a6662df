/**
 * Which backend a member address names, independent of how it is spelled: host names without
 * regard to case, IPv6 literals in any spelling, the default port 80 of an http upstream, and
 * `localhost`, which nginx resolves to both 127.0.0.1 and ::1. `duplicate-member` uses it to find
 * repeats within a pool; the drift engine and the key-remap math use it to tell whether a member
 * of one revision is the same backend as a member of another.
 */
import type { Member, Pool } from '../core/model';
import { formatIp, parseIp } from './ip-address';

/**
 * Whether the address is `a.b.c.d:port` without leading zeros: its own one key, so two such
 * addresses name the same backend exactly when they are the same text. The text
 * `/^(?:(?:[1-9]\d{0,2}|0)\.){3}(?:[1-9]\d{0,2}|0):[1-9]\d{0,4}$/` matches, read character by
 * character: duplicate-member asks it for every member of every pool.
 */
export function isPlainIpv4Port(address: string): boolean {
  let at = 0;
  // Four numbers of up to three digits (0 alone, or no leading zero), then `.`, `.`, `.`, `:`.
  for (let part = 0; part < 4; part++) {
    const digits = digitRun(address, at, 3);
    if (digits === 0 || (digits > 1 && address.charCodeAt(at) === 48)) return false;
    at += digits;
    if (address.charCodeAt(at) !== (part < 3 ? 46 : 58)) return false;
    at++;
  }
  // A port of one to five digits, without a leading zero, ending the text.
  const digits = digitRun(address, at, 5);
  return digits > 0 && address.charCodeAt(at) !== 48 && at + digits === address.length;
}

/**
 * A number that names a plain `a.b.c.d:port` address (`isPlainIpv4Port`) whose octets are at most
 * 255, or -1 for any other address. Two such addresses are the same backend exactly when their
 * numbers are equal, so a lowering can tell while it reads a pool's servers that none repeats
 * (`Pool.distinctPlainAddresses`) without keeping a string per member. The number is exact: the
 * octets make at most 2^32 - 1, times 100,000 for the port stays below 2^53.
 */
export function plainIpv4PortKey(address: string): number {
  // One pass that checks what isPlainIpv4Port checks while it adds the numbers up: duplicate-member
  // asks this of every HAProxy server, where checking first and reading again cost twice the reads.
  let at = 0;
  let host = 0;
  for (let part = 0; part < 4; part++) {
    const from = at;
    let value = 0;
    // Past the end charCodeAt gives NaN, which is no digit and no separator.
    let c = address.charCodeAt(at);
    while (c >= 48 && c <= 57) {
      value = value * 10 + c - 48;
      c = address.charCodeAt(++at);
    }
    const digits = at - from;
    if (digits === 0 || digits > 3 || (digits > 1 && address.charCodeAt(from) === 48) || value > 255) return -1;
    if (c !== (part < 3 ? 46 : 58)) return -1;
    host = host * 256 + value;
    at++;
  }
  // A port of one to five digits, without a leading zero, ending the text.
  const from = at;
  let port = 0;
  for (; at < address.length; at++) {
    const c = address.charCodeAt(at);
    if (c < 48 || c > 57) return -1;
    port = port * 10 + c - 48;
  }
  const digits = at - from;
  if (digits === 0 || digits > 5 || address.charCodeAt(from) === 48) return -1;
  return host * 100000 + port;
}

/** How many digits (at most `max`) start at `from`. */
function digitRun(text: string, from: number, max: number): number {
  let n = 0;
  while (n < max) {
    // Past the end charCodeAt gives NaN, which is no digit.
    const c = text.charCodeAt(from + n);
    if (!(c >= 48 && c <= 57)) break;
    n++;
  }
  return n;
}

/**
 * Every `host|port` an address stands for: one for an IP, a socket or a name, two for localhost
 * (127.0.0.1 and ::1). An http upstream server without a port uses 80; a stream one has none.
 */
export function addressKeys(address: string, poolContext: string): string[] {
  // Most addresses are plain IPv4:port, already canonical unless an octet or port has a leading zero.
  if (isPlainIpv4Port(address)) return [address.replace(':', '|')];
  if (address.toLowerCase().startsWith('unix:')) return [`unix|${address.slice(5)}`];
  let host = address;
  let port = '';
  const bracket = /^\[([^\]]+)\](?::(\d+))?$/.exec(address);
  if (bracket) {
    host = bracket[1]!;
    port = bracket[2] ?? '';
  } else {
    const match = /^([^:]+):(\d+)$/.exec(address);
    if (match) {
      host = match[1]!;
      port = match[2]!;
    }
  }
  if (port === '' && poolContext === 'http') port = '80';
  const bytes = parseIp(host);
  const name = bytes ? formatIp(bytes) : host.toLowerCase().replace(/\.$/, '');
  const hosts = name === 'localhost' ? ['127.0.0.1', '::1'] : [name];
  return hosts.map((h) => `${h}|${Number(port) || port}`);
}

/**
 * One string per backend, equal for two members exactly when they name the same backend. The
 * parts of a traffic split (split_clients values, canary services) are named by their value as
 * written, which is not an address. `localhost` keeps both of its sockets in its identity, so it
 * is not the same member as `127.0.0.1` alone: it is two peers where that is one.
 */
export function memberIdentity(member: Member, pool: Pick<Pool, 'kind' | 'context'>): string {
  if (pool.kind === 'split') return `=${member.address}`;
  const keys = addressKeys(member.address, pool.context);
  return keys.length === 1 ? keys[0]! : keys.sort().join(',');
}
