/**
 * HAProxy traffic emulation pieces, pinned to values the conformance test confirmed against
 * HAProxy 2.6.12 and to HAProxy's source: hash functions, the fwrr and static-rr schedules, the
 * consistent tree's spread, request keys (source words for IPv4 and IPv6, uri options,
 * url_param, use_domain_only), backups, and shares.
 */
import { describe, expect, it } from 'vitest';
import { noIncludes } from '../../server/src/core/dialect';
import type { Pool } from '../../server/src/core/model';
import { analyzeHaproxy } from '../../server/src/dialects/haproxy/lower';
import { createRouter, crc32, keyRemap, predictShares, remapComparable, type RouteRequest, type Router } from '../../server/src/traffic';
import { crc32Bitwise, djb2, fullHash, sdbm, wt6 } from '../../server/src/traffic/haproxy/hash';
import { compileHashKey, domainLabel, uriKey, urlParam } from '../../server/src/traffic/haproxy/request-key';

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);

function pool(body: string): Pool {
  const { model, problems } = analyzeHaproxy({ path: 'haproxy.cfg', text: `defaults\n  mode http\nbackend b\n${body}\n` }, noIncludes);
  expect(problems).toEqual([]);
  return model.pools[0]!;
}

function names(p: Pool, count: number, request: RouteRequest = { uri: '/' }): string[] {
  const r = route(p);
  return Array.from({ length: count }, () => {
    const routed = r(request);
    return routed.ok ? p.members[routed.member]!.name! : 'none';
  });
}

function route(p: Pool): Router['route'] {
  const created = createRouter(p);
  if (!created.ok) throw new Error(created.reason);
  return (request) => created.router.route(request);
}

describe('HAProxy hash functions', () => {
  it('match HAProxy src/hash.c and full_hash', () => {
    // Reference values: sdbm h = c + (h << 6) + (h << 16) - h, djb2 h = h * 33 + c from 5381.
    let s = 0;
    let d = 5381;
    for (const c of bytes('/abc')) {
      s = (c + s * 65599) % 2 ** 32;
      d = (d * 33 + c) % 2 ** 32;
    }
    expect(sdbm(bytes('/abc'))).toBe(s);
    expect(djb2(bytes('/abc'))).toBe(d);
    expect(crc32Bitwise(bytes('/abc'))).toBe(crc32(bytes('/abc')));
    expect(wt6(bytes('/abc'))).toBe(4175322074);
    expect(fullHash(1)).toBe(881230262);
    expect(fullHash(4096)).toBe(1237450891);
  });
});

describe('HAProxy schedules', () => {
  it('roundrobin (fwrr) spreads 5/1/1 as a a a b a a c', () => {
    const p = pool('  balance roundrobin\n  server a 10.0.0.1:80 weight 5\n  server b 10.0.0.2:80\n  server c 10.0.0.3:80');
    expect(names(p, 14).join(' ')).toBe('a a a b a a c a a a b a a c');
  });

  it('static-rr walks its map: 3/2/1 in one cycle of six', () => {
    const p = pool('  balance static-rr\n  server a 10.0.0.1:80 weight 3\n  server b 10.0.0.2:80 weight 2\n  server c 10.0.0.3:80');
    const cycle = names(p, 12);
    expect(cycle.slice(0, 6)).toEqual(cycle.slice(6));
    expect(cycle.slice(0, 6).sort().join('')).toBe('aaabbc');
  });

  it('leastconn at low load takes idle servers in turn whatever their weights', () => {
    const p = pool('  balance leastconn\n  server a 10.0.0.1:80 weight 9\n  server b 10.0.0.2:80\n  server c 10.0.0.3:80 disabled\n  server d 10.0.0.4:80');
    expect(names(p, 6).join(' ')).toBe('a b d a b d');
    expect(predictShares(p).members.map((m) => m.share)).toEqual([1 / 3, 1 / 3, 0, 1 / 3]);
  });

  it('first sends everything to the lowest server id', () => {
    const p = pool('  balance first\n  server a 10.0.0.1:80 id 5\n  server b 10.0.0.2:80 id 2\n  server c 10.0.0.3:80');
    // c gets id 3: the counter moves on at every server, so 1 is skipped after a and b.
    expect(p.members.map((m) => m.hashId)).toEqual([5, 2, 3]);
    expect(new Set(names(p, 5))).toEqual(new Set(['b']));
  });

  it('serves only the first usable backup without allbackups, and all of them with it', () => {
    const body = '  server a 10.0.0.1:80 weight 0\n  server b 10.0.0.2:80 backup disabled\n  server c 10.0.0.3:80 backup\n  server d 10.0.0.4:80 backup weight 3';
    expect(new Set(names(pool(`  balance roundrobin\n${body}`), 8))).toEqual(new Set(['c']));
    const all = pool(`  balance roundrobin\n  option allbackups\n${body}`);
    expect(names(all, 8).sort().join('')).toBe('ccdddddd');
    expect(predictShares(all).members.map((m) => m.share)).toEqual([0, 0, 0.25, 0.75]);
  });

  it('answers 503 when nothing can serve', () => {
    const p = pool('  server a 10.0.0.1:80 disabled\n  server b 10.0.0.2:80 weight 0');
    expect(route(p)({ uri: '/' })).toMatchObject({ ok: false, reason: expect.stringContaining('503') });
  });
});

describe('HAProxy consistent hashing', () => {
  it('gives 4 equal servers between 18.5% and 28.9% of the hash space', () => {
    const p = pool('  balance uri\n  hash-type consistent\n' + [1, 2, 3, 4].map((i) => `  server s${i} 10.0.0.${i}:80`).join('\n'));
    const shares = predictShares(p).members.map((m) => m.share);
    expect(shares.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    expect(Math.min(...shares)).toBeCloseTo(0.1853, 3);
    expect(Math.max(...shares)).toBeCloseTo(0.2891, 3);
  });

  it('keys the tree by server id, not by declaration order', () => {
    const ordered = pool('  balance uri\n  hash-type consistent\n  server a 10.0.0.1:80\n  server b 10.0.0.2:80');
    const swapped = pool('  balance uri\n  hash-type consistent\n  server a 10.0.0.1:80 id 2\n  server b 10.0.0.2:80 id 1');
    const [x, y] = predictShares(ordered).members.map((m) => m.share);
    expect(predictShares(swapped).members.map((m) => m.share)).toEqual([y, x]);
  });

  it('prices random as the tree shares', () => {
    const shares = predictShares(pool('  balance random\n  server a 10.0.0.1:80 weight 3\n  server b 10.0.0.2:80')).members.map((m) => m.share);
    expect(shares[0]).toBeGreaterThan(0.65);
    expect(shares[0]).toBeLessThan(0.85);
    expect(createRouter(pool('  balance random\n  server a 10.0.0.1:80')).ok).toBe(false);
  });
});

describe('HAProxy request keys', () => {
  it('XORs the address words for balance source, IPv4 and IPv6, without the hash function', () => {
    const key = compileHashKey('source', 'sdbm');
    if ('error' in key) throw new Error(key.error);
    expect(key.hash({ uri: '/', clientIp: '10.1.2.3' })).toEqual({ kind: 'hash', hash: 0x0a010203 });
    expect(key.hash({ uri: '/', clientIp: '2001:db8::1:0:0:7' })).toEqual({ kind: 'hash', hash: (0x20010db8 ^ 0 ^ 0x00010000 ^ 0x00000007) >>> 0 });
    const avalanche = compileHashKey('source', 'sdbm avalanche');
    if ('error' in avalanche) throw new Error(avalanche.error);
    expect(avalanche.hash({ uri: '/', clientIp: '10.1.2.3' })).toEqual({ kind: 'hash', hash: fullHash(0x0a010203) });
  });

  it('cuts the uri as balance uri options say', () => {
    const target = '/a/b/c/d?x=1';
    const plain = { whole: false, pathOnly: false, len: 0, endSlash: 0 };
    expect(uriKey(target, plain)).toBe('/a/b/c/d');
    expect(uriKey(target, { ...plain, whole: true })).toBe(target);
    expect(uriKey(target, { ...plain, endSlash: 3 })).toBe('/a/b');
    expect(uriKey(target, { ...plain, len: 5 })).toBe('/a/b/');
    expect(uriKey('http://h.example/p?q', { ...plain, pathOnly: true, whole: true })).toBe('/p?q');
  });

  it('finds url parameters and domain labels as HAProxy does', () => {
    expect(urlParam('/p?uidx=1&uid=7&uid=8', 'uid')).toBe('7');
    expect(urlParam('/p?x=1', 'uid')).toBeUndefined();
    expect(urlParam('/p?uid=', 'uid')).toBe('');
    expect(domainLabel('www.example.com')).toBe('example');
    expect(domainLabel('example.com')).toBe('example');
    expect(domainLabel('localhost')).toBe('localhost');
  });

  it('falls back to round-robin when the key is missing, and does not hash with one server', () => {
    const p = pool('  balance hdr(x-user)\n  server a 10.0.0.1:80\n  server b 10.0.0.2:80 weight 2');
    expect(names(p, 6, { uri: '/' }).sort().join('')).toBe('aabbbb');
    const one = pool('  balance url_param uid\n  server a 10.0.0.1:80\n  server b 10.0.0.2:80 disabled');
    expect(new Set(names(one, 3, { uri: '/?uid=1' }))).toEqual(new Set(['a']));
  });
});

describe('HAProxy key remap', () => {
  const servers = (n: number, extra = '') => Array.from({ length: n }, (_, i) => `  server s${i} 10.0.0.${i}:80${extra}`).join('\n');

  it('moves exactly the removed server\'s arcs of a consistent tree', () => {
    const before = pool(`  balance uri\n  hash-type consistent\n${servers(4)}`);
    const after = pool(`  balance uri\n  hash-type consistent\n${servers(3)}`);
    const remap = keyRemap(before, after)!;
    expect(remap.exact).toBe(true);
    expect(remap.fraction).toBeCloseTo(predictShares(before).members[3]!.share, 9);
  });

  it('counts a map-based table exactly over its residues', () => {
    const before = pool(`  balance uri\n${servers(4)}`);
    const after = pool(`  balance uri\n${servers(3)}`);
    // Equal weights fill the table in order, so h goes to h % 4 before and h % 3 after: the
    // owner stays for 3 of the 12 residues of lcm(4, 3) (0, 1 and 2; 3 to 11 move).
    const remap = keyRemap(before, after)!;
    expect(remap.exact).toBe(true);
    expect(remap.fraction).toBeCloseTo(9 / 12, 6);
    expect(remapComparable(before, pool(`  balance uri whole\n${servers(4)}`))).toBe(false);
    expect(keyRemap(before, before)!.fraction).toBe(0);
  });
});
