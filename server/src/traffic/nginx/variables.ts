/**
 * Evaluates an nginx complex value (`$request_uri`, `$remote_addr$uri`, `${host}x`,
 * `prefix-$arg_id`) for a `RouteRequest`, into the bytes nginx would hash. The syntax follows
 * ngx_http_script_compile: `$name` takes letters, digits and `_`; `${name}` must close; `$1`..`$9`
 * are regex captures. Variable names are case-insensitive, and a variable that is not found
 * evaluates to nothing.
 */
import { utf8 } from './crc32';
import { formatIp } from '../ip-address';
import { hostValue, NginxRequest, type Value } from './request';
import type { RouteRequest } from '../types';

export type KeyContext = 'http' | 'stream';

type Resolver = (request: NginxRequest) => Value;

export type KeyPart = { readonly text: Uint8Array } | { readonly variable: string; readonly resolve: Resolver };

export interface CompiledKey {
  readonly source: string;
  readonly parts: readonly KeyPart[];
  /** Whether the key has no variables, so every request hashes the same bytes. */
  readonly constant: boolean;
}

export type CompileResult = { ok: true; key: CompiledKey } | { ok: false; reason: string };

const EMPTY = new Uint8Array(0);
const found = (bytes: Uint8Array): Value => ({ ok: true, bytes });
const text = (value: string): Value => found(utf8(value));

function fromTarget(pick: (path: Uint8Array, args: Uint8Array | undefined) => Uint8Array): Resolver {
  return (request) => {
    const parsed = request.parsedTarget();
    return parsed.ok ? found(pick(parsed.target.path, parsed.target.args)) : parsed;
  };
}

const httpVariables: Record<string, Resolver> = {
  request_uri: (request) => found(request.rawUri),
  uri: fromTarget((path) => path),
  document_uri: fromTarget((path) => path),
  args: fromTarget((_, args) => args ?? EMPTY),
  query_string: fromTarget((_, args) => args ?? EMPTY),
  is_args: fromTarget((_, args) => (args && args.length > 0 ? utf8('?') : EMPTY)),
  remote_addr: remoteAddr,
  binary_remote_addr: binaryRemoteAddr,
  host: (request) => hostValue(request.headers().get('host')),
  scheme: () => text('http'),
  request_method: () => text('GET'),
  server_protocol: () => text('HTTP/1.1'),
};

const streamVariables: Record<string, Resolver> = {
  remote_addr: remoteAddr,
  binary_remote_addr: binaryRemoteAddr,
};

/** Variables nginx knows but whose value a `RouteRequest` does not determine. */
const unknowable: Record<string, string> = {
  server_port: 'depends on the listening socket, which a route request does not name',
  server_addr: 'depends on the listening socket, which a route request does not name',
  server_name: 'depends on which server block matches, which lb-drift does not follow here',
  hostname: 'is the machine name of the nginx host',
  remote_port: 'is the client port, which a route request does not carry',
  request_id: 'is random per request, so it cannot be replayed',
  msec: 'is the current time',
  time_local: 'is the current time',
  time_iso8601: 'is the current time',
  pid: 'is the worker process id',
  connection: 'is a connection serial number',
  connection_requests: 'counts requests on a connection',
  request_time: 'is measured while the request runs',
  request_length: 'depends on the bytes on the wire',
  request_body: 'depends on the request body, which a route request does not carry',
  content_length: 'depends on the request body, which a route request does not carry',
  content_type: 'depends on the request headers nginx parses specially; pass it as $http_content_type',
  https: 'depends on the listening socket',
  document_root: 'depends on the location configuration',
  realpath_root: 'depends on the file system',
  request_filename: 'depends on the location configuration and the file system',
};

function remoteAddr(request: NginxRequest): Value {
  const address = request.clientAddress('$remote_addr');
  return address.ok ? text(formatIp(address.bytes)) : address;
}

function binaryRemoteAddr(request: NginxRequest): Value {
  return request.clientAddress('$binary_remote_addr');
}

/** `$arg_NAME` as ngx_http_arg finds it: the first `NAME=` at the start or after `&`, any case. */
export function findArg(args: Uint8Array, name: Uint8Array): Uint8Array | undefined {
  const len = name.length;
  for (let p = 0; p + len < args.length; p++) {
    if (p > 0 && args[p - 1] !== 0x26) continue;
    if (args[p + len] !== 0x3d || !sameIgnoringCase(args, p, name)) continue;
    let end = args.indexOf(0x26, p + len + 1);
    if (end < 0) end = args.length;
    return args.slice(p + len + 1, end);
  }
  return undefined;
}

function sameIgnoringCase(haystack: Uint8Array, at: number, needle: Uint8Array): boolean {
  if (at + needle.length > haystack.length) return false;
  for (let k = 0; k < needle.length; k++) {
    const a = haystack[at + k]!;
    const b = needle[k]!;
    const la = a >= 0x41 && a <= 0x5a ? a | 0x20 : a;
    const lb = b >= 0x41 && b <= 0x5a ? b | 0x20 : b;
    if (la !== lb) return false;
  }
  return true;
}

/**
 * `$cookie_NAME` as ngx_http_parse_multi_header_lines finds it in the Cookie header: a
 * case-insensitive NAME at the start of an item (items end at `;` or `,`), optional spaces, `=`,
 * then the value up to the next `;`.
 */
export function findCookie(header: Uint8Array, name: Uint8Array): Uint8Array | undefined {
  const end = header.length;
  let start = 0;
  while (start < end) {
    if (sameIgnoringCase(header, start, name)) {
      let p = start + name.length;
      while (p < end && header[p] === 0x20) p++;
      if (p < end && header[p] === 0x3d) {
        p++;
        while (p < end && header[p] === 0x20) p++;
        let last = p;
        while (last < end && header[last] !== 0x3b) last++;
        return header.slice(p, last);
      }
      // nginx has consumed the byte that was not "=" before it skips to the next item, so a
      // value-less cookie directly followed by ";" also swallows the item after it.
      start = p < end ? p + 1 : p;
    }
    while (start < end) {
      const ch = header[start++]!;
      if (ch === 0x3b || ch === 0x2c) break;
    }
    while (start < end && header[start] === 0x20) start++;
  }
  return undefined;
}

function prefixResolver(name: string): Resolver | undefined {
  if (name.startsWith('arg_')) {
    const arg = utf8(name.slice(4));
    return fromTarget((_, args) => (args ? findArg(args, arg) ?? EMPTY : EMPTY));
  }
  if (name.startsWith('http_')) {
    const wanted = name.slice(5);
    return (request) => {
      for (const [header, value] of request.headers()) {
        if (header.replace(/-/g, '_') === wanted) return text(value);
      }
      return found(EMPTY);
    };
  }
  if (name.startsWith('cookie_')) {
    const cookie = utf8(name.slice(7));
    return (request) => {
      const header = request.headers().get('cookie');
      return found(header === undefined ? EMPTY : findCookie(utf8(header), cookie) ?? EMPTY);
    };
  }
  return undefined;
}

/** A table's own entry for a variable name: `$constructor` or `${__proto__}` must not find Object's prototype members. */
function own<T>(table: Readonly<Record<string, T>>, name: string): T | undefined {
  return Object.hasOwn(table, name) ? table[name] : undefined;
}

function resolverFor(name: string, context: KeyContext): Resolver | string {
  if (context === 'stream') {
    return (
      own(streamVariables, name) ??
      `lb-drift cannot evaluate "$${name}" in the stream context; it knows $remote_addr and $binary_remote_addr there`
    );
  }
  const direct = own(httpVariables, name) ?? prefixResolver(name);
  if (direct) return direct;
  const why = own(unknowable, name);
  if (why) return `"$${name}" ${why}, so lb-drift cannot evaluate it`;
  return `unknown variable "$${name}": lb-drift cannot evaluate it (variables set by map, set, geo or other modules are not followed yet)`;
}

const NAME_CHAR = /[A-Za-z0-9_]/;

export function compileKey(source: string, context: KeyContext = 'http'): CompileResult {
  const parts: KeyPart[] = [];
  let literal = '';
  const flush = (): void => {
    if (literal) parts.push({ text: utf8(literal) });
    literal = '';
  };
  let i = 0;
  while (i < source.length) {
    if (source[i] !== '$') {
      literal += source[i++];
      continue;
    }
    i++;
    if (i === source.length) return { ok: false, reason: `invalid variable name in key "${source}"` };
    if (source[i]! >= '1' && source[i]! <= '9') {
      return { ok: false, reason: `the key "${source}" uses the regex capture $${source[i]}, which lb-drift cannot replay` };
    }
    const bracket = source[i] === '{';
    if (bracket) i++;
    let name = '';
    while (i < source.length && NAME_CHAR.test(source[i]!)) name += source[i++];
    if (bracket) {
      if (source[i] !== '}') return { ok: false, reason: `the closing bracket in "${name}" variable is missing in key "${source}"` };
      i++;
    }
    if (name === '') return { ok: false, reason: `invalid variable name in key "${source}"` };
    const lower = name.toLowerCase();
    const resolver = resolverFor(lower, context);
    if (typeof resolver === 'string') return { ok: false, reason: resolver };
    flush();
    parts.push({ variable: lower, resolve: resolver });
  }
  flush();
  return { ok: true, key: { source, parts, constant: parts.every((p) => 'text' in p) } };
}

export function evaluateKey(key: CompiledKey, request: RouteRequest | NginxRequest): Value {
  const nginxRequest = request instanceof NginxRequest ? request : new NginxRequest(request);
  const chunks: Uint8Array[] = [];
  let length = 0;
  for (const part of key.parts) {
    const value = 'text' in part ? found(part.text) : part.resolve(nginxRequest);
    if (!value.ok) return value;
    chunks.push(value.bytes);
    length += value.bytes.length;
  }
  const out = new Uint8Array(length);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return found(out);
}

/** Compiles and evaluates in one go; for callers with a single request. */
export function evaluateNginxKey(source: string, request: RouteRequest, context: KeyContext = 'http'): Value {
  const compiled = compileKey(source, context);
  return compiled.ok ? evaluateKey(compiled.key, request) : compiled;
}
