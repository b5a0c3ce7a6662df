/**
 * Client addresses as nginx holds them: 4 bytes for IPv4, 16 for IPv6 (IPv4-mapped addresses
 * stay IPv6, as nginx's realip module parses them), and the text form of `$remote_addr`.
 */

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

function parseIpv4(text: string): Uint8Array | undefined {
  const match = IPV4.exec(text);
  if (!match) return undefined;
  const bytes = match.slice(1).map(Number);
  if (bytes.some((b) => b > 255)) return undefined;
  return Uint8Array.from(bytes);
}

function parseGroups(text: string): number[] | undefined {
  if (text === '') return [];
  const groups: number[] = [];
  for (const part of text.split(':')) {
    if (!/^[0-9a-fA-F]{1,4}$/.test(part)) return undefined;
    groups.push(parseInt(part, 16));
  }
  return groups;
}

function parseIpv6(input: string): Uint8Array | undefined {
  let text = input;
  // A trailing dotted IPv4 part (::ffff:1.2.3.4) stands for the last two groups.
  const lastColon = text.lastIndexOf(':');
  if (text.indexOf('.', lastColon) >= 0) {
    const v4 = parseIpv4(text.slice(lastColon + 1));
    if (!v4) return undefined;
    const high = ((v4[0]! << 8) | v4[1]!).toString(16);
    const low = ((v4[2]! << 8) | v4[3]!).toString(16);
    text = `${text.slice(0, lastColon + 1)}${high}:${low}`;
  }
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  let groups: number[];
  if (halves.length === 2) {
    const head = parseGroups(halves[0]!);
    const rest = parseGroups(halves[1]!);
    if (!head || !rest) return undefined;
    const missing = 8 - head.length - rest.length;
    if (missing < 1) return undefined;
    groups = [...head, ...new Array<number>(missing).fill(0), ...rest];
  } else {
    const all = parseGroups(text);
    if (!all) return undefined;
    groups = all;
  }
  if (groups.length !== 8) return undefined;
  const bytes = new Uint8Array(16);
  groups.forEach((g, i) => {
    bytes[2 * i] = g >> 8;
    bytes[2 * i + 1] = g & 0xff;
  });
  return bytes;
}

/** Parses an IPv4 or IPv6 literal (brackets allowed around IPv6); undefined when invalid. */
export function parseIp(text: string): Uint8Array | undefined {
  const trimmed = text.trim();
  const inner = trimmed.startsWith('[') && trimmed.endsWith(']') ? trimmed.slice(1, -1) : trimmed;
  return parseIpv4(inner) ?? (inner.includes(':') ? parseIpv6(inner) : undefined);
}

/**
 * The text nginx prints for an address (ngx_inet6_ntop for IPv6): lower-case hex groups, the
 * longest run of two or more zero groups (the first one on ties) as `::`, and the dotted IPv4
 * tail for IPv4-mapped and IPv4-compatible addresses.
 */
export function formatIp(bytes: Uint8Array): string {
  if (bytes.length === 4) return Array.from(bytes).join('.');
  let zero = -1;
  let max = 1;
  let run = 0;
  let runStart = -1;
  for (let i = 0; i < 16; i += 2) {
    if (bytes[i] || bytes[i + 1]) {
      if (max < run) {
        zero = runStart;
        max = run;
      }
      run = 0;
      continue;
    }
    if (run++ === 0) runStart = i;
  }
  if (max < run) {
    zero = runStart;
    max = run;
  }
  let n = 16;
  let out = '';
  if (zero === 0) {
    if ((max === 5 && bytes[10] === 0xff && bytes[11] === 0xff) || max === 6 || (max === 7 && bytes[14] !== 0 && bytes[15] !== 1)) {
      n = 12;
    }
    out += ':';
  }
  for (let i = 0; i < n; i += 2) {
    if (i === zero) {
      out += ':';
      i += (max - 1) * 2;
      continue;
    }
    out += ((bytes[i]! << 8) | bytes[i + 1]!).toString(16);
    if (i < 14) out += ':';
  }
  if (n === 12) out += `${bytes[12]}.${bytes[13]}.${bytes[14]}.${bytes[15]}`;
  return out;
}
