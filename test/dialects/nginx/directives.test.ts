import { describe, expect, it } from 'vitest';
import {
  ANY,
  HTTP,
  LIF,
  SIF,
  STREAM,
  STREAM_UPS,
  UPS,
  arityAccepts,
  describeArity,
} from '../../../server/src/dialects/nginx/directive-model';
import { knownDirectiveNames, lookupDirective } from '../../../server/src/dialects/nginx/directives';

const REQUIRED = [
  // Structure and balancing.
  'http', 'events', 'server', 'location', 'if', 'limit_except', 'upstream', 'stream', 'mail', 'map',
  'split_clients', 'geo', 'types', 'include',
  'proxy_pass', 'grpc_pass', 'fastcgi_pass', 'uwsgi_pass', 'scgi_pass', 'memcached_pass',
  'hash', 'ip_hash', 'least_conn', 'random', 'zone', 'keepalive', 'keepalive_timeout', 'keepalive_requests',
  'keepalive_time', 'ntlm', 'least_time', 'sticky', 'queue', 'resolver', 'resolver_timeout',
  // Common directives.
  'worker_processes', 'user', 'worker_connections', 'listen', 'server_name', 'root', 'return', 'rewrite', 'set',
  'error_log', 'access_log', 'log_format', 'default_type', 'try_files', 'add_header', 'real_ip_header',
  'set_real_ip_from', 'proxy_next_upstream', 'proxy_set_header', 'daemon', 'env', 'index', 'error_page',
  'sendfile', 'client_max_body_size', 'proxy_http_version', 'proxy_buffering', 'proxy_connect_timeout',
];

describe('the nginx directive table', () => {
  it('knows the structural, balancing and common directives', () => {
    for (const name of REQUIRED) expect(lookupDirective(name), name).toBeDefined();
  });

  it('has well-formed entries', () => {
    for (const name of knownDirectiveNames()) {
      expect(name).toMatch(/^[a-z][a-z0-9_]*$/);
      const uses = lookupDirective(name)!;
      expect(uses.length).toBeGreaterThan(0);
      for (const use of uses) {
        expect(use.contexts, name).toBeGreaterThan(0);
        expect(use.contexts & ~ANY, name).toBe(0);
        if (Array.isArray(use.args)) expect(use.args.length, name).toBeGreaterThan(0);
      }
    }
  });

  it('tells "server" in http and stream (a block) from "server" in an upstream (addresses)', () => {
    const uses = lookupDirective('server')!;
    const inUpstream = uses.filter((u) => (u.contexts & (UPS | STREAM_UPS)) !== 0);
    const inMain = uses.filter((u) => (u.contexts & (HTTP | STREAM)) !== 0);
    expect(inUpstream.every((u) => !u.block && u.args === '1+')).toBe(true);
    expect(inMain.every((u) => u.block && Array.isArray(u.args) && u.args.join() === '0')).toBe(true);
  });

  it('has ip_hash in http upstreams only, and hash in both kinds', () => {
    const ipHash = lookupDirective('ip_hash')!;
    expect(ipHash.some((u) => (u.contexts & STREAM_UPS) !== 0)).toBe(false);
    expect(ipHash.some((u) => (u.contexts & UPS) !== 0)).toBe(true);
    const hash = lookupDirective('hash')!;
    expect(hash.some((u) => (u.contexts & STREAM_UPS) !== 0) && hash.some((u) => (u.contexts & UPS) !== 0)).toBe(true);
  });

  it('lets "include" go everywhere, "if" blocks included, and "return" into both kinds of "if"', () => {
    expect(lookupDirective('include')![0]!.contexts).toBe(ANY);
    expect(lookupDirective('return')!.some((u) => (u.contexts & SIF) !== 0 && (u.contexts & LIF) !== 0)).toBe(true);
  });
});

describe('arity', () => {
  it('accepts counts as nginx does', () => {
    expect(arityAccepts([1, 2], 0)).toBe(false);
    expect(arityAccepts([1, 2], 2)).toBe(true);
    expect(arityAccepts([0, 1, 2], 0)).toBe(true);
    expect(arityAccepts('flag', 1)).toBe(true);
    expect(arityAccepts('flag', 2)).toBe(false);
    expect(arityAccepts('1+', 0)).toBe(false);
    expect(arityAccepts('1+', 50)).toBe(true);
    expect(arityAccepts('2+', 1)).toBe(false);
    expect(arityAccepts('any', 0)).toBe(true);
    expect(arityAccepts([7], 7)).toBe(true);
    expect(arityAccepts([7, 8], 8)).toBe(false);
  });

  it('describes counts in words', () => {
    expect(describeArity([1])).toBe('1');
    expect(describeArity([1, 2])).toBe('1 or 2');
    expect(describeArity([0, 1, 2])).toBe('0, 1 or 2');
    expect(describeArity('1+')).toBe('at least 1');
    expect(describeArity('flag')).toBe('1 (on or off)');
  });
});
