/**
 * Issue 12: a `*_pass` reference read by an analysis is one object, with its kind, block kind and
 * whether its host is a `$variable` packed in one number; it answers every field as the site and
 * reference it replaced did. The references carried across edits are held by
 * test/engine/nginx-carried-references.test.ts (fresh equals carried after random edits).
 */
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { noIncludes } from '../../../server/src/core/dialect';
import { analyzeNginx } from '../../../server/src/dialects/nginx/lower';
import { PoolIndex, foldedName, type NginxReference } from '../../../server/src/dialects/nginx/references';

const TEXT = [
  'http {',
  '    upstream app { server 10.0.0.1:80; }',
  '    server {',
  '        server_name example.com;',
  '        location /a { proxy_pass http://App/path; }',
  '        location /b { grpc_pass grpcs://app; }',
  '        location /c { fastcgi_pass app:9000; }',
  '        location /d { uwsgi_pass $pick; }',
  '        location /e { scgi_pass app; }',
  '        location /f { memcached_pass app; }',
  '    }',
  '}',
  'stream {',
  '    upstream db { server 10.0.1.1:5432; }',
  '    server { proxy_pass db; }',
  '}',
  '',
].join('\n');

describe('read references (issue 12)', () => {
  const { model } = analyzeNginx({ path: '/lean/nginx.conf', text: TEXT }, noIncludes);
  const references = model.references as NginxReference[];

  it('answer kind, name, block kind, variable, pool, locations and scope', () => {
    expect(
      references.map((r) => [r.kind, r.name, r.context, r.variable, r.pool, TEXT.slice(r.nameLoc.start, r.nameLoc.end), TEXT.slice(r.loc.start, r.loc.end).split(' ')[0], r.scope]),
    ).toEqual([
      ['proxy_pass', 'App', 'http', false, 'http:upstream app', 'App', 'proxy_pass', 'http > server example.com > location /a'],
      ['grpc_pass', 'app', 'http', false, 'http:upstream app', 'app', 'grpc_pass', 'http > server example.com > location /b'],
      ['fastcgi_pass', 'app', 'http', false, 'http:upstream app', 'app', 'fastcgi_pass', 'http > server example.com > location /c'],
      ['uwsgi_pass', '$pick', 'http', true, undefined, '$pick', 'uwsgi_pass', 'http > server example.com > location /d'],
      ['scgi_pass', 'app', 'http', false, 'http:upstream app', 'app', 'scgi_pass', 'http > server example.com > location /e'],
      ['memcached_pass', 'app', 'http', false, 'http:upstream app', 'app', 'memcached_pass', 'http > server example.com > location /f'],
      ['proxy_pass', 'db', 'stream', false, 'stream:upstream db', 'db', 'proxy_pass', 'stream > server'],
    ]);
  });

  it('are one object each: no field holds an object but the tree', () => {
    for (const reference of references) {
      const objects = Object.values(reference).filter((value) => typeof value === 'object' && value !== null);
      expect(objects).toEqual([reference.tree]);
      expect(Object.keys(reference).length).toBeLessThanOrEqual(8);
    }
  });

  it('index an upstream by its key alone and a split by key and kind, and resolve through both', () => {
    const text = `${TEXT}http {\n    upstream B { server 10.0.2.1:80; }\n    split_clients $remote_addr $pick { 50% b; * app; }\n    server { location / { proxy_pass http://$pick; } location /b { proxy_pass http://b; } }\n}\n`;
    const analysis = analyzeNginx({ path: '/lean/nginx.conf', text }, noIncludes);
    const index = new PoolIndex(analysis.model.pools);
    const entries = [...(index as unknown as { byContext: Map<string, Map<string, unknown>> }).byContext.values()].flatMap((names) => [...names.values()]);
    expect(entries.filter((entry) => typeof entry !== 'string')).toEqual([{ key: 'http:split_clients $pick', kind: 'split' }]);
    expect(index.find('http', 'b', false)).toEqual({ key: 'http:upstream B', kind: 'members' });
    expect(index.find('http', '$pick', true)).toEqual({ key: 'http:split_clients $pick', kind: 'split' });
    const tail = analysis.model.references.slice(-4).map((r) => [r.kind, r.name, r.pool]);
    expect(tail).toEqual([
      ['proxy_pass', '$pick', 'http:split_clients $pick'],
      ['proxy_pass', 'b', 'http:upstream B'],
      ['split-target', 'b', 'http:upstream B'],
      ['split-target', 'app', 'http:upstream app'],
    ]);
  });

  it('look a lower-case name up as it is, and fold any other as toLowerCase does', () => {
    // Upstreams u0..u5 used by name, one written with capitals and one used with capitals.
    const upstreams = Array.from({ length: 6 }, (_, i) => `    upstream ${i === 5 ? 'Mixed' : `u${i}`} { server 10.0.3.${i}:80; }`);
    const uses = Array.from({ length: 6 }, (_, i) => `        location /${i} { proxy_pass http://${i === 4 ? 'U4' : i === 5 ? 'mixed' : `u${i}`}; }`);
    const text = ['http {', ...upstreams, '    server {', ...uses, '    }', '}', ''].join('\n');
    const lowered: string[] = [];
    const toLowerCase = String.prototype.toLowerCase;
    const spy = vi.spyOn(String.prototype, 'toLowerCase').mockImplementation(function (this: string) {
      lowered.push(String(this));
      return toLowerCase.call(this);
    });
    let pools: (string | undefined)[];
    try {
      pools = analyzeNginx({ path: '/lean/nginx.conf', text }, noIncludes).model.references.map((r) => r.pool);
    } finally {
      spy.mockRestore();
    }
    expect(pools).toEqual(['http:upstream u0', 'http:upstream u1', 'http:upstream u2', 'http:upstream u3', 'http:upstream u4', 'http:upstream Mixed']);
    // Only the names with capitals were lower-cased: the pool Mixed and the reference to U4.
    expect(lowered.filter((name) => /^(u\d|mixed)$/i.test(name)).sort()).toEqual(['Mixed', 'U4']);
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('a', 'Z', '_', '-', '0', 'İ', 'Σ', 'ẞ', 'é', '.', 'K') }), (name) => {
        expect(foldedName(name)).toBe(name.toLowerCase());
      }),
    );
  });
});
