/**
 * HAProxy lowering: the model rules see (pools, members, algorithms, hashes, facts, health,
 * references) and the problems HAProxy itself would report.
 */
import { describe, expect, it } from 'vitest';
import { noIncludes } from '../../../server/src/core/dialect';
import type { Model } from '../../../server/src/core/model';
import { analyzeHaproxy } from '../../../server/src/dialects/haproxy/lower';

function analyse(text: string, version?: string): { model: Model; problems: string[]; text: string } {
  const analysis = analyzeHaproxy({ path: 'haproxy.cfg', text }, noIncludes, version);
  return { model: analysis.model, problems: analysis.problems.map((p) => `${text.slice(p.loc.start, p.loc.end)}: ${p.message}`), text };
}

const BASE = `global
  nbthread 4
defaults
  mode http
  balance leastconn
  default-server weight 3 check
  timeout connect 5s
  timeout client 30s
frontend www
  bind :80
  use_backend api if { path_beg /api } || { hdr(host) api.example.com }
  use_backend %[req.hdr(host),lower]
  default_backend app
backend app
  server a 10.0.0.1:8080
  server b 10.0.0.2:8080 weight 1 no-check
  default-server weight 7
  server c unix@/run/c.sock backup disabled
defaults tuned
  mode http
  balance source
  hash-type consistent
  option allbackups
backend api from tuned
  timeout server 1m
  server x 10.0.1.1:80 id 10
  server-template node 1-3 app.internal:80 weight 2 maxconn 50
  server y 10.0.1.2:80 backup
listen stats
  bind :8404
  stats enable
`;

describe('analyzeHaproxy', () => {
  it('lowers backends with defaults, default-server order, templates and server ids', () => {
    const { model, problems } = analyse(BASE);
    expect(problems).toEqual([]);
    expect(model.complete).toBe(true);
    expect(model.facts.nbthread?.value).toBe('4');
    expect(model.pools.map((p) => p.key)).toEqual(['backend app', 'backend api']);
    const [app, api] = model.pools;
    expect(app!.algorithm).toBe('least-conn');
    expect(app!.algorithmText).toBe('balance leastconn');
    expect(app!.members.map((m) => [m.name, m.address, m.weight, m.role, m.state, m.hashId])).toEqual([
      ['a', '10.0.0.1:8080', 3, 'primary', 'up', 1],
      ['b', '10.0.0.2:8080', 1, 'primary', 'up', 2],
      ['c', 'unix@/run/c.sock', 7, 'backup', 'down', 3],
    ]);
    expect(app!.health.active).toBe(false);
    expect(app!.facts['timeout connect']?.value).toBe('5s');
    // `from tuned` (here also the latest defaults) replaces the anonymous one: no default-server weight, no connect timeout.
    expect(api!.algorithm).toBe('source-hash');
    expect(api!.hash).toMatchObject({ key: 'source', consistent: true, function: 'sdbm avalanche' });
    expect(api!.facts['option allbackups']).toBeDefined();
    expect(api!.facts['timeout connect']).toBeUndefined();
    expect(api!.facts['timeout server']?.value).toBe('1m');
    expect(api!.members.map((m) => [m.name, m.address, m.weight, m.limits.maxConns, m.hashId])).toEqual([
      ['x', '10.0.1.1:80', 1, undefined, 10],
      ['node1', 'app.internal:80', 2, 50, 2],
      ['node2', 'app.internal:80', 2, 50, 3],
      ['node3', 'app.internal:80', 2, 50, 4],
      ['y', '10.0.1.2:80', 1, undefined, 5],
    ]);
  });

  it('keeps spans that point at the text', () => {
    const { model, text } = analyse(BASE);
    const b = model.pools[0]!.members[1]!;
    expect(text.slice(b.loc.start, b.loc.end)).toBe('server b 10.0.0.2:8080 weight 1 no-check');
    expect(text.slice(b.addressLoc.start, b.addressLoc.end)).toBe('10.0.0.2:8080');
    expect(text.slice(b.weightLoc!.start, b.weightLoc!.end)).toBe('weight 1');
    // An inherited weight points at the default-server line that sets it.
    const a = model.pools[0]!.members[0]!;
    expect(text.slice(a.weightLoc!.start, a.weightLoc!.end)).toBe('weight 3');
    expect(text.slice(model.pools[1]!.nameLoc.start, model.pools[1]!.nameLoc.end)).toBe('api');
  });

  it('resolves use_backend and default_backend, keeping the condition and skipping dynamic names', () => {
    const { model } = analyse(BASE);
    expect(model.references.map((r) => [r.kind, r.name, r.pool, r.scope])).toEqual([
      ['use_backend', 'api', 'backend api', 'frontend www > use_backend if { path_beg /api } || { hdr(host) api.example.com }'],
      ['default_backend', 'app', 'backend app', 'frontend www > default_backend'],
    ]);
    // Any backend may be chosen at run time, which unused-pool must know.
    expect(model.facts['dynamic use_backend']?.value).toBe('%[req.hdr(host),lower]');
  });

  it('maps every balance algorithm and hash type', () => {
    const cases: [string, string, string | undefined, boolean | undefined, string | undefined][] = [
      ['balance roundrobin', 'round-robin', undefined, undefined, undefined],
      ['balance static-rr', 'static-rr', undefined, undefined, undefined],
      ['balance first', 'first', undefined, undefined, undefined],
      ['balance random(3)', 'random', undefined, undefined, undefined],
      ['balance uri whole depth 3', 'uri-hash', 'uri whole depth 3', false, 'sdbm'],
      ['balance url_param uid\n  hash-type consistent', 'consistent-hash', 'url_param uid', true, 'sdbm avalanche'],
      ['balance hdr(Host) use_domain_only\n  hash-type map-based djb2 avalanche', 'header-hash', 'hdr(Host) use_domain_only', false, 'djb2 avalanche'],
      ['balance hash req.cook(sid)\n  hash-type consistent crc32', 'consistent-hash', 'hash req.cook(sid)', true, 'crc32'],
      ['balance rdp-cookie', 'hash', 'rdp-cookie', false, 'sdbm'],
    ];
    for (const [lines, algorithm, key, consistent, fn] of cases) {
      const { model, problems } = analyse(`defaults\n  mode http\nbackend b\n  ${lines}\n  server a 10.0.0.1:80\n`);
      expect(problems, lines).toEqual([]);
      const pool = model.pools[0]!;
      expect([pool.algorithm, pool.hash?.key, pool.hash?.consistent, pool.hash?.function], lines).toEqual([algorithm, key, consistent, fn]);
    }
    const { model } = analyse('backend b\n  balance random\n  server a 10.0.0.1:80\n');
    expect(model.pools[0]!.facts['random-draws']?.value).toBe('2');
  });

  it('falls back to round-robin, with a fact saying why, for a layer-7 hash outside mode http', () => {
    const { model } = analyse('backend b\n  balance uri\n  server a 10.0.0.1:80\n');
    expect(model.pools[0]!.algorithm).toBe('round-robin');
    expect(model.pools[0]!.hash).toBeUndefined();
    expect(model.pools[0]!.facts['layer7-fallback']?.value).toContain('mode is tcp');
  });

  it('reports removed keywords with their replacement, and what HAProxy rejects', () => {
    const { problems } = analyse(
      [
        'global',
        '  nbproc 2',
        'defaults',
        '  contimeout 5s',
        '  option forceclose',
        'backend b',
        '  reqadd X-Foo:\\ bar',
        '  balance roundrobinx',
        '  hash-type consistent md5',
        '  hash-balance-factor 90',
        '  server a 10.0.0.1:80 weight 257',
        '  server a 10.0.0.2:80',
        '  server c',
        'backend b',
        '  server d 10.0.0.3:80',
      ].join('\n'),
    );
    expect(problems).toEqual([
      'nbproc: "nbproc" was removed in HAProxy 2.5: use nbthread (threads replace processes) instead',
      'contimeout: "contimeout" was removed in HAProxy 2.1: use timeout connect instead',
      'option forceclose: "option forceclose" was removed in HAProxy 2.0: use option httpclose instead',
      'reqadd: "reqadd" was removed in HAProxy 2.1: use http-request add-header instead',
      expect.stringMatching(/^roundrobinx: unknown balance algorithm "roundrobinx"/),
      "md5: hash-type only supports 'sdbm', 'djb2', 'crc32', or 'wt6' hash functions (got 'md5')",
      '90: hash-balance-factor must be 0 or an integer greater than 100 (got "90")',
      '257: weight of server a is "257": it must be an integer between 0 and 256',
      'a: backend b: another server named "a" is already defined; use distinct names',
      'server c: server c needs an address: server NAME ADDRESS[:PORT] [params]',
      'b: backend "b" has the same name as the backend on line 6: proxy names must be unique',
    ]);
  });

  it('says when an algorithm or hash function is newer than the target version', () => {
    const text = 'backend b\n  balance hash path\n  hash-type consistent none\n  server a 10.0.0.1:80\n';
    expect(analyse(text, '2.4').problems).toEqual([
      'hash: balance hash needs HAProxy 2.6 or newer, and the target version is 2.4 (set haproxy.version in .lb-drift.yaml if you run a newer HAProxy)',
      'none: hash function none needs HAProxy 2.8 or newer, and the target version is 2.4 (set haproxy.version in .lb-drift.yaml if you run a newer HAProxy)',
    ]);
    expect(analyse(text, '2.8').problems).toEqual([]);
  });

  it('treats a file of backends only as a fragment, and a listen with servers as a pool', () => {
    expect(analyse('backend b\n  server a 10.0.0.1:80\n').model.complete).toBe(false);
    const { model } = analyse('listen web\n  bind :80\n  server a 10.0.0.1:80 check\n  server b 10.0.0.2:80 check\n');
    expect(model.complete).toBe(true);
    expect(model.pools[0]!.key).toBe('listen web');
    expect(model.pools[0]!.health.active).toBe(true);
  });

  it('finds nothing for words that name properties of plain objects', () => {
    const { problems } = analyse('backend b\n  constructor 1\n  __proto__ x\n  option toString\n  balance toString\n  hash-type map-based hasOwnProperty\n  server a 10.0.0.1:80\n');
    expect(problems).toEqual([
      expect.stringMatching(/^toString: unknown balance algorithm "toString"/),
      "hasOwnProperty: hash-type only supports 'sdbm', 'djb2', 'crc32', or 'wt6' hash functions (got 'hasOwnProperty')",
    ]);
  });

  it('never throws on broken input', () => {
    for (const text of ['backend', 'backend b from', 'defaults x from nowhere\nbackend b from nope\n server', 'server-template\nbackend b\n server-template x 0 a:80\n server-template y 3-1 a:80', '\u0000\r\r\n"\'']) {
      expect(() => analyse(text)).not.toThrow();
    }
  });
});
