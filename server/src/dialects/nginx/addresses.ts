/**
 * What lb-drift can tell from an nginx address as written, without DNS: whether it is a literal
 * IP or socket (exactly one peer) or a name nginx resolves (possibly several peers).
 */

const IPV4 = /^(?:\d{1,3}\.){3}\d{1,3}(?::\d+)?$/;
const IPV6_BRACKETED = /^\[[0-9a-fA-F:.]+(?:%[\w.]+)?\](?::\d+)?$/;

/** Whether nginx resolves this address by name (not an IP literal, not a unix socket). */
export function resolvesByName(address: string): boolean {
  const first = address.charCodeAt(0);
  // An address starting with a digit is an IPv4 literal when it parses as one; `[` is IPv6.
  if (first >= 48 && first <= 57) return !IPV4.test(address);
  if (first === 91) return !IPV6_BRACKETED.test(address);
  return !address.startsWith('unix:');
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

const SCHEME = /^([a-z][a-z0-9+.-]*):\/\//i;

/**
 * Splits a `proxy_pass`-style target (`http://backend/path`, `grpcs://name`, `name:9000`,
 * `unix:/run/app.sock`) into the host it names. Returns undefined for unix sockets.
 */
export function passTarget(value: string): PassTarget | undefined {
  let rest = value;
  let offset = 0;
  const scheme = SCHEME.exec(rest);
  if (scheme) {
    offset = scheme[0].length;
    rest = rest.slice(offset);
  }
  if (rest.startsWith('unix:')) return undefined;
  let end = rest.length;
  for (const stop of ['/', '?']) {
    const at = rest.indexOf(stop);
    if (at >= 0 && at < end) end = at;
  }
  let hostPort = rest.slice(0, end);
  let hasPort = false;
  if (hostPort.startsWith('[')) {
    hasPort = /\]:\d+$/.test(hostPort);
  } else {
    const colon = hostPort.lastIndexOf(':');
    if (colon >= 0) {
      hasPort = true;
      hostPort = hostPort.slice(0, colon);
    }
  }
  if (hostPort === '') return undefined;
  return { host: hostPort, hasPort, hostOffset: offset, dynamic: hostPort.includes('$') };
}
