/**
 * Issue 12: a `*_pass` reference read by an analysis is one object, with its kind, block kind and
 * whether its host is a `$variable` packed in one number; it answers every field as the site and
 * reference it replaced did. The references carried across edits are held by
 * test/engine/nginx-carried-references.test.ts (fresh equals carried after random edits).
 */
import { describe, expect, it } from 'vitest';
import { noIncludes } from '../../../server/src/core/dialect';
import { analyzeNginx } from '../../../server/src/dialects/nginx/lower';
import type { NginxReference } from '../../../server/src/dialects/nginx/references';

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
});
