/**
 * How HAProxy turns a request into a 32-bit hash for each hashing `balance` (backend.c:
 * get_server_sh, _uh, _ph, _hh, _expr): `source` XORs the address's 32-bit words (IPv4: one,
 * IPv6: four) and is not passed through the hash function; `uri` hashes the request target up
 * to `?` (all of it with `whole`), cut at `len` characters and at the slash after `depth`
 * segments; `url_param` hashes the parameter's value; `hdr(name)` the header's first value
 * (with `use_domain_only`, the label before the top-level domain); `hash <expr>` the sample.
 * The avalanche modifier is applied last. A missing key sends the request round-robin.
 */
import { parseIp } from '../ip-address';
import type { RouteRequest } from '../types';
import { fullHash, hashBytes, parseHashFunction } from './hash';

export type KeyResult = { readonly kind: 'hash'; readonly hash: number } | { readonly kind: 'missing' } | { readonly kind: 'error'; readonly reason: string };

export interface HashKeySpec {
  /** `source`, `uri`, `url_param`, `hdr`, `rdp-cookie` or `hash`. */
  readonly method: string;
  /** Whether HAProxy skips hashing when one server is usable (every method but url_param). */
  readonly skipsWithOneServer: boolean;
  hash(request: RouteRequest): KeyResult;
}

const MISSING: KeyResult = { kind: 'missing' };
const latin1 = (text: string): Uint8Array => Uint8Array.from(text, (c) => c.charCodeAt(0) & 0xff);

export function compileHashKey(key: string, functionText: string | undefined): HashKeySpec | { error: string } {
  const { fn, avalanche } = parseHashFunction(functionText);
  const finish = (h: number): KeyResult => ({ kind: 'hash', hash: avalanche ? fullHash(h) : h >>> 0 });
  const hashText = (text: string): KeyResult => finish(hashBytes(fn, latin1(text)));
  const args = key.split(' ');
  const first = args[0] ?? '';
  if (first === 'source') {
    return { method: 'source', skipsWithOneServer: true, hash: (request) => sourceHash(request, finish) };
  }
  if (first === 'uri') {
    const options = uriOptions(args.slice(1));
    return { method: 'uri', skipsWithOneServer: true, hash: (request) => hashText(uriKey(request.uri, options)) };
  }
  if (first === 'url_param' && args[1]) {
    const name = args[1];
    return {
      method: 'url_param',
      skipsWithOneServer: false,
      hash: (request) => {
        const value = urlParam(request.uri, name);
        return value === undefined ? MISSING : hashText(value);
      },
    };
  }
  const header = /^hdr\(([^)]+)\)$/.exec(first);
  if (header) {
    const domainOnly = args[1] === 'use_domain_only';
    return {
      method: 'hdr',
      skipsWithOneServer: true,
      hash: (request) => {
        const value = firstHeaderValue(request, header[1]!);
        if (!value) return MISSING;
        return hashText(domainOnly ? domainLabel(value) : value);
      },
    };
  }
  if (first === 'hash' && args.length === 2) {
    const sample = compileSample(args[1]!);
    if (typeof sample === 'string') return { error: sample };
    return {
      method: 'hash',
      skipsWithOneServer: true,
      hash: (request) => {
        const bytes = sample(request);
        return bytes === undefined ? MISSING : finish(hashBytes(fn, bytes));
      },
    };
  }
  if (first.startsWith('rdp-cookie')) return { error: 'balance rdp-cookie hashes a cookie of the RDP protocol, which an HTTP request line cannot carry' };
  return { error: `lb-drift cannot evaluate "balance ${key}" request by request` };
}

function sourceHash(request: RouteRequest, finish: (h: number) => KeyResult): KeyResult {
  if (!request.clientIp) return { kind: 'error', reason: 'balance source needs "clientIp" in the request' };
  const bytes = parseIp(request.clientIp);
  if (!bytes) return { kind: 'error', reason: `"${request.clientIp}" is not an IPv4 or IPv6 address` };
  let h = 0;
  for (let i = 0; i + 4 <= bytes.length; i += 4) h ^= ((bytes[i]! << 24) | (bytes[i + 1]! << 16) | (bytes[i + 2]! << 8) | bytes[i + 3]!) >>> 0;
  return finish(h >>> 0);
}

interface UriOptions {
  readonly whole: boolean;
  readonly pathOnly: boolean;
  readonly len: number;
  /** The slash count that ends the key (depth + 1), or 0. */
  readonly endSlash: number;
}

function uriOptions(args: readonly string[]): UriOptions {
  let whole = false;
  let pathOnly = false;
  let len = 0;
  let endSlash = 0;
  for (let i = 0; i < args.length; i++) {
    if (args[i] === 'whole') whole = true;
    else if (args[i] === 'path-only') pathOnly = true;
    else if (args[i] === 'len') len = Number(args[++i]) || 0;
    else if (args[i] === 'depth') endSlash = (Number(args[++i]) || 0) + 1;
  }
  return { whole, pathOnly, len, endSlash };
}

/** The part of the request target `balance uri` hashes. */
export function uriKey(target: string, options: UriOptions): string {
  let uri = options.pathOnly ? pathOf(target) : target;
  if (options.len) uri = uri.slice(0, options.len);
  let slashes = 0;
  let end = 0;
  for (; end < uri.length; end++) {
    const c = uri[end];
    if (c === '/') {
      slashes++;
      if (slashes === options.endSlash) break;
    } else if (c === '?' && !options.whole) break;
  }
  return uri.slice(0, end);
}

/** http_parse_path: an absolute URI loses its scheme and authority; `*` has no path. */
function pathOf(target: string): string {
  if (target === '*' || target === '') return '';
  const scheme = /^[A-Za-z][A-Za-z0-9+.-]*:\/\//.exec(target);
  if (!scheme) return target;
  const rest = target.slice(scheme[0].length);
  const slash = rest.search(/[/?#]/);
  return slash < 0 ? '' : rest.slice(slash);
}

/** get_server_ph: the value of the first `name=` parameter after `?`, up to `&`. */
export function urlParam(target: string, name: string): string | undefined {
  const question = target.indexOf('?');
  if (question < 0) return undefined;
  let params = target.slice(question + 1);
  while (params.length > name.length) {
    if (params[name.length] === '=' && params.startsWith(name)) {
      const value = params.slice(name.length + 1);
      const amp = value.indexOf('&');
      return amp < 0 ? value : value.slice(0, amp);
    }
    const amp = params.indexOf('&');
    if (amp < 0) return undefined;
    params = params.slice(amp + 1);
  }
  return undefined;
}

function headerValue(request: RouteRequest, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(request.headers ?? {})) if (key.toLowerCase() === wanted) return value;
  return undefined;
}

/** The header's values as HAProxy splits them: at commas outside double quotes, trimmed. */
function headerValues(value: string): string[] {
  const values: string[] = [];
  let quoted = false;
  let start = 0;
  for (let i = 0; i <= value.length; i++) {
    const c = value[i];
    if (c === '"') quoted = !quoted;
    else if (i === value.length || (c === ',' && !quoted)) {
      values.push(value.slice(start, i).replace(/^[ \t]+|[ \t]+$/g, ''));
      start = i + 1;
    }
  }
  return values;
}

function firstHeaderValue(request: RouteRequest, name: string): string | undefined {
  const value = headerValue(request, name);
  return value === undefined ? undefined : headerValues(value)[0];
}

/** `use_domain_only`: the label before the last dot (`www.example.com` -> `example`). */
export function domainLabel(value: string): string {
  const lastDot = value.lastIndexOf('.');
  if (lastDot < 0) return value;
  const before = value.lastIndexOf('.', lastDot - 1);
  return value.slice(before + 1, lastDot);
}

/** The sample fetches of `balance hash` lb-drift evaluates; an error message for others. */
function compileSample(expression: string): ((request: RouteRequest) => Uint8Array | undefined) | string {
  const call = /^([\w.]+)(?:\(([^)]*)\))?$/.exec(expression);
  const refuse = `lb-drift evaluates "balance hash" for path, url, query, src, req.hdr(name) and urlp(name), not "${expression}"`;
  if (!call) return refuse;
  const [, fetch, arg] = call;
  switch (fetch) {
    case 'path':
      return (r) => latin1(r.uri.split('?')[0]!);
    case 'url':
    case 'req.uri':
      return (r) => latin1(r.uri);
    case 'query': {
      return (r) => {
        const q = r.uri.indexOf('?');
        return q < 0 ? undefined : latin1(r.uri.slice(q + 1));
      };
    }
    case 'src':
      return (r) => (r.clientIp ? parseIp(r.clientIp) : undefined);
    case 'req.hdr':
    case 'hdr':
      if (!arg || arg.includes(',')) return refuse;
      return (r) => {
        const value = headerValue(r, arg);
        if (value === undefined) return undefined;
        const values = headerValues(value);
        return latin1(values[values.length - 1]!);
      };
    case 'urlp':
    case 'url_param':
      if (!arg || arg.includes(',')) return refuse;
      return (r) => {
        const value = urlParam(r.uri, arg);
        return value === undefined ? undefined : latin1(value);
      };
    default:
      return refuse;
  }
}
