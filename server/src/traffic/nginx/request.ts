/**
 * A `RouteRequest` seen the way nginx sees it: the target split into `$uri` and `$args`, headers
 * by lower-case name, the client address as bytes. Parts are computed on first use, so a key that
 * only needs `$remote_addr` does not fail on an odd uri.
 */
import { utf8 } from './crc32';
import { parseIp } from '../ip-address';
import { parseRequestTarget, type ParsedTarget } from './uri';
import type { RouteRequest } from '../types';

export type Value = { ok: true; bytes: Uint8Array } | { ok: false; reason: string };

export class NginxRequest {
  private target: { ok: true; target: ParsedTarget } | { ok: false; reason: string } | undefined;
  private headerMap: Map<string, string> | undefined;

  constructor(readonly request: RouteRequest) {}

  get rawUri(): Uint8Array {
    return utf8(this.request.uri);
  }

  parsedTarget(): { ok: true; target: ParsedTarget } | { ok: false; reason: string } {
    this.target ??= parseRequestTarget(this.rawUri);
    return this.target;
  }

  /**
   * Headers by lower-case name. nginx ignores header names with an underscore by default
   * (`underscores_in_headers off`, `ignore_invalid_headers on`), so they are dropped here too.
   */
  headers(): Map<string, string> {
    if (!this.headerMap) {
      this.headerMap = new Map();
      for (const [name, value] of Object.entries(this.request.headers ?? {})) {
        if (name.includes('_')) continue;
        const lower = name.toLowerCase();
        if (!this.headerMap.has(lower)) this.headerMap.set(lower, value);
      }
    }
    return this.headerMap;
  }

  clientAddress(variable: string): { ok: true; bytes: Uint8Array } | { ok: false; reason: string } {
    const text = this.request.clientIp;
    if (text === undefined || text === '') {
      return { ok: false, reason: `${variable} needs the client address, and the request has no "clientIp"` };
    }
    const bytes = parseIp(text);
    if (!bytes) return { ok: false, reason: `"clientIp" ${JSON.stringify(text)} is not an IPv4 or IPv6 address` };
    return { ok: true, bytes };
  }
}

/** `$host`: the Host header validated as ngx_http_validate_host does, lower-cased, port dropped. */
export function hostValue(header: string | undefined): Value {
  if (header === undefined) return { ok: true, bytes: new Uint8Array(0) };
  const bytes = utf8(header);
  let dotPos = bytes.length;
  let hostLen = bytes.length;
  let state: 'usual' | 'literal' | 'rest' = 'usual';
  for (let i = 0; i < bytes.length; i++) {
    const ch = bytes[i]!;
    if (ch === 0x2e) {
      if (dotPos === i - 1) return badHost(header);
      dotPos = i;
    } else if (ch === 0x3a) {
      if (state === 'usual') {
        hostLen = i;
        state = 'rest';
      }
    } else if (ch === 0x5b) {
      if (i === 0) state = 'literal';
    } else if (ch === 0x5d) {
      if (state === 'literal') {
        hostLen = i + 1;
        state = 'rest';
      }
    } else if (ch === 0x2f || ch <= 0x20 || ch === 0x7f) {
      return badHost(header);
    }
  }
  if (dotPos === hostLen - 1) hostLen--;
  if (hostLen <= 0) return badHost(header);
  const out = bytes.slice(0, hostLen);
  for (let i = 0; i < out.length; i++) if (out[i]! >= 0x41 && out[i]! <= 0x5a) out[i]! |= 0x20;
  return { ok: true, bytes: out };
}

function badHost(header: string): Value {
  return { ok: false, reason: `nginx rejects the Host header ${JSON.stringify(header)} with 400 Bad Request` };
}
