import { describe, expect, it } from 'vitest';
import { compileKey, createRouter, evaluateNginxKey, formatIp, parseIp } from '../../server/src/traffic';
import type { RouteRequest } from '../../server/src/traffic';
import { buildPool } from '../helpers/pool-builder';

function value(key: string, request: RouteRequest): string {
  const result = evaluateNginxKey(key, request);
  if (!result.ok) throw new Error(result.reason);
  return Buffer.from(result.bytes).toString('latin1');
}

function failure(key: string, request: RouteRequest): string {
  const result = evaluateNginxKey(key, request);
  if (result.ok) throw new Error(`expected a failure, got ${Buffer.from(result.bytes).toString()}`);
  return result.reason;
}

describe('$uri normalisation (ngx_http_parse_complex_uri)', () => {
  const uri = (raw: string): string => value('$uri', { uri: raw });

  it('merges slashes and resolves dot segments', () => {
    expect(uri('/a//b/./c/../d?x=1')).toBe('/a/b/d');
    expect(uri('//a///b')).toBe('/a/b');
    expect(uri('/a/.')).toBe('/a/');
    expect(uri('/a/b/..')).toBe('/a/');
    expect(uri('/a/..')).toBe('/');
    expect(uri('/a/.../b')).toBe('/a/.../b');
    expect(uri('/a/.b/c.')).toBe('/a/.b/c.');
  });

  it('percent-decodes, and decoded slashes and dots act as written', () => {
    expect(uri('/%41%62c')).toBe('/Abc');
    expect(uri('/a%2F%2Fb')).toBe('/a/b');
    expect(uri('/x/a/%2e%2E/b')).toBe('/x/b');
    expect(uri('/caf%C3%A9')).toBe('/caf\u00c3\u00a9');
  });

  it('keeps a decoded ?, % and # literal', () => {
    expect(uri('/a%3Fb')).toBe('/a?b');
    expect(value('$args', { uri: '/a%3Fb' })).toBe('');
    expect(uri('/100%25')).toBe('/100%');
    expect(uri('/a%23b')).toBe('/a#b');
  });

  it('rejects what nginx answers with 400', () => {
    expect(failure('$uri', { uri: '/..' })).toMatch(/400 Bad Request: ".." goes above the root/);
    expect(failure('$uri', { uri: '/a/../../b' })).toMatch(/400/);
    expect(failure('$uri', { uri: '/%zz' })).toMatch(/two hex digits/);
    expect(failure('$uri', { uri: '/a%2' })).toMatch(/400/);
    expect(failure('$uri', { uri: '/%00' })).toMatch(/%00/);
    expect(failure('$uri', { uri: 'a' })).toMatch(/must start with "\/"/);
  });

  it('stops at # and takes arguments after the first ?', () => {
    expect(uri('/a#frag?x=1')).toBe('/a');
    expect(value('$args', { uri: '/a?x=1?y#z' })).toBe('x=1?y');
    expect(value('$document_uri', { uri: '/a/./b?q' })).toBe('/a/b');
    expect(value('$request_uri', { uri: '/a/./b?q' })).toBe('/a/./b?q');
  });
});

describe('arguments', () => {
  it('evaluates $args, $query_string and $is_args', () => {
    expect(value('$is_args$args', { uri: '/p?a=1' })).toBe('?a=1');
    expect(value('[$is_args]', { uri: '/p?' })).toBe('[]');
    expect(value('[$is_args]', { uri: '/p' })).toBe('[]');
    expect(value('$query_string', { uri: '/p?b=2' })).toBe('b=2');
  });

  it('finds $arg_NAME case-insensitively, first occurrence, raw', () => {
    expect(value('$arg_id', { uri: '/?ID=5&id=6' })).toBe('5');
    expect(value('$arg_ID', { uri: '/?id=5' })).toBe('5');
    expect(value('$arg_id', { uri: '/?xid=1&id=2' })).toBe('2');
    expect(value('$arg_id', { uri: '/?id=a%20b&c=d' })).toBe('a%20b');
    expect(value('[$arg_id]', { uri: '/?a=1&id' })).toBe('[]');
    expect(value('[$arg_id]', { uri: '/?id=' })).toBe('[]');
    expect(value('[$arg_id]', { uri: '/path' })).toBe('[]');
  });
});

describe('headers, cookies and host', () => {
  it('matches $http_NAME case-insensitively with - as _, ignoring names with _', () => {
    expect(value('$http_x_user', { uri: '/', headers: { 'X-User': '42' } })).toBe('42');
    expect(value('[$http_x_user]', { uri: '/', headers: { X_User: '42' } })).toBe('[]');
    expect(value('$HTTP_USER_AGENT', { uri: '/', headers: { 'user-agent': 'curl/8' } })).toBe('curl/8');
  });

  it('finds $cookie_NAME as nginx parses the Cookie header', () => {
    const headers = { Cookie: 'a=1; session=xyz; b=2' };
    expect(value('$cookie_session', { uri: '/', headers })).toBe('xyz');
    expect(value('$cookie_SESSION', { uri: '/', headers: { cookie: 'Session = q1 ;x=2' } })).toBe('q1 ');
    expect(value('$cookie_session', { uri: '/', headers: { cookie: 'sess=1; session=2' } })).toBe('2');
    expect(value('[$cookie_b]', { uri: '/', headers: { cookie: 'a;b=1' } })).toBe('[1]');
    expect(value('[$cookie_a]', { uri: '/', headers: { cookie: 'a;b=1' } })).toBe('[]');
    expect(value('[$cookie_x]', { uri: '/' })).toBe('[]');
  });

  it('validates and lower-cases $host, dropping the port and a trailing dot', () => {
    expect(value('$host', { uri: '/', headers: { Host: 'Example.COM:8080' } })).toBe('example.com');
    expect(value('$host', { uri: '/', headers: { host: 'example.com.' } })).toBe('example.com');
    expect(value('$host', { uri: '/', headers: { host: '[::1]:80' } })).toBe('[::1]');
    expect(value('[$host]', { uri: '/' })).toBe('[]');
    expect(failure('$host', { uri: '/', headers: { host: 'a..b' } })).toMatch(/400/);
    expect(failure('$host', { uri: '/', headers: { host: 'a/b' } })).toMatch(/400/);
  });
});

describe('client address', () => {
  it('gives $binary_remote_addr as 4 or 16 raw bytes', () => {
    const v4 = evaluateNginxKey('$binary_remote_addr', { uri: '/', clientIp: '10.1.2.3' });
    expect(v4.ok && Array.from(v4.bytes)).toEqual([10, 1, 2, 3]);
    const v6 = evaluateNginxKey('$binary_remote_addr', { uri: '/', clientIp: '2001:db8::1' });
    expect(v6.ok && Array.from(v6.bytes)).toEqual([0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]);
  });

  it('prints $remote_addr as nginx does', () => {
    expect(value('$remote_addr', { uri: '/', clientIp: '192.168.0.7' })).toBe('192.168.0.7');
    expect(value('$remote_addr', { uri: '/', clientIp: '2001:DB8:0:0:0:0:0:1' })).toBe('2001:db8::1');
    expect(value('$remote_addr', { uri: '/', clientIp: '::ffff:1.2.3.4' })).toBe('::ffff:1.2.3.4');
    expect(value('$remote_addr', { uri: '/', clientIp: '1:0:0:1:0:0:0:1' })).toBe('1:0:0:1::1');
    expect(value('$remote_addr', { uri: '/', clientIp: '1:0:1:0:1:0:1:0' })).toBe('1:0:1:0:1:0:1:0');
    expect(value('$remote_addr', { uri: '/', clientIp: '::1' })).toBe('::1');
    expect(value('$remote_addr', { uri: '/', clientIp: '::' })).toBe('::');
  });

  it('parses and rejects addresses', () => {
    expect(parseIp('256.1.1.1')).toBeUndefined();
    expect(parseIp('1:2:3:4:5:6:7:8:9')).toBeUndefined();
    expect(parseIp('1::2::3')).toBeUndefined();
    expect(formatIp(parseIp('[fe80::1]')!)).toBe('fe80::1');
    expect(failure('$remote_addr', { uri: '/' })).toBe('$remote_addr needs the client address, and the request has no "clientIp"');
    expect(failure('$remote_addr', { uri: '/', clientIp: 'nope' })).toMatch(/not an IPv4 or IPv6 address/);
  });
});

describe('complex values', () => {
  it('concatenates text and variables, with ${name} and prefixes', () => {
    const request: RouteRequest = { uri: '/p/q?id=7', clientIp: '10.0.0.1', headers: { host: 'h.example' } };
    expect(value('$remote_addr$uri', request)).toBe('10.0.0.1/p/q');
    expect(value('${host}x', request)).toBe('h.examplex');
    expect(value('prefix-$arg_id', request)).toBe('prefix-7');
    expect(value('$scheme://$host$request_uri', request)).toBe('http://h.example/p/q?id=7');
    expect(value('$request_method', request)).toBe('GET');
  });

  it('names unknown and unknowable variables in clear errors', () => {
    const unknown = compileKey('$foo_bar');
    expect(unknown.ok).toBe(false);
    if (!unknown.ok) expect(unknown.reason).toMatch(/^unknown variable "\$foo_bar"/);
    const port = compileKey('$server_port');
    expect(!port.ok && port.reason).toMatch(/"\$server_port" depends on the listening socket/);
    const capture = compileKey('$1');
    expect(!capture.ok && capture.reason).toMatch(/regex capture \$1/);
    const bracket = compileKey('${host');
    expect(!bracket.ok && bracket.reason).toMatch(/closing bracket/);
    const stream = compileKey('$request_uri', 'stream');
    expect(!stream.ok && stream.reason).toMatch(/stream context/);
    expect(compileKey('$remote_addr', 'stream').ok).toBe(true);
  });

  it('makes the router refuse a pool whose key it cannot evaluate', () => {
    const created = createRouter(buildPool({ name: 'b', algorithm: 'hash', key: '$upstream_addr', members: ['a', 'b'] }));
    expect(created.ok).toBe(false);
    if (!created.ok) expect(created.reason).toMatch(/^pool "b": unknown variable "\$upstream_addr"/);
  });

  it('returns per-request failures from route', () => {
    const created = createRouter(buildPool({ algorithm: 'hash', key: '$uri', members: ['a', 'b'] }));
    if (!created.ok) throw new Error(created.reason);
    const result = created.router.route({ uri: '/../etc' });
    expect(result.ok).toBe(false);
  });
});
