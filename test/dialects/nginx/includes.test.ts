/**
 * `include` as nginx follows it: globs in sorted order, the includer's context, loops and missing
 * files as problems, fan-out bounded; and the host loader's lookup from the prefix, then from the
 * including file's folder.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeNginx } from '../../../server/src/dialects/nginx/lower';
import { createIncludeLoader } from '../../../server/src/host/include-loader';
import { memoryLoader } from '../../helpers/memory-loader';
import { tmpTree } from '../../helpers/tmp';

describe('nginx includes (in memory)', () => {
  it('splices globbed files in sorted order, in the includer context', () => {
    const files = {
      '/etc/nginx/nginx.conf': 'http {\n    include conf.d/*.conf;\n}\nstream {\n    include streams/*.conf;\n}\n',
      '/etc/nginx/conf.d/b.conf': 'upstream b { server 10.0.0.2:80; }\n',
      '/etc/nginx/conf.d/a.conf': 'upstream a { server 10.0.0.1:80; }\nserver { location / { proxy_pass http://b; } }\n',
      '/etc/nginx/streams/db.conf': 'upstream db { server 10.0.0.3:5432; }\n',
    };
    const { model, problems, sources } = analyzeNginx({ path: '/etc/nginx/nginx.conf', text: files['/etc/nginx/nginx.conf'] }, memoryLoader(files));
    expect(problems).toEqual([]);
    expect(model.pools.map((p) => [p.key, p.loc.file])).toEqual([
      ['http:upstream a', '/etc/nginx/conf.d/a.conf'],
      ['http:upstream b', '/etc/nginx/conf.d/b.conf'],
      ['stream:upstream db', '/etc/nginx/streams/db.conf'],
    ]);
    expect(model.references[0]).toMatchObject({ name: 'b', pool: 'http:upstream b' });
    expect([...sources.keys()].sort()).toEqual(Object.keys(files).sort());
  });

  it('follows includes inside an upstream block', () => {
    const files = {
      '/etc/nginx/nginx.conf': 'upstream u {\n    include servers.conf;\n    server 10.0.0.9:80;\n}\n',
      '/etc/nginx/servers.conf': 'server 10.0.0.1:80 weight=2;\nserver 10.0.0.2:80;\n',
    };
    const { model, problems } = analyzeNginx({ path: '/etc/nginx/nginx.conf', text: files['/etc/nginx/nginx.conf'] }, memoryLoader(files));
    expect(problems).toEqual([]);
    expect(model.pools[0]!.members.map((m) => [m.address, m.weight, m.loc.file])).toEqual([
      ['10.0.0.1:80', 2, '/etc/nginx/servers.conf'],
      ['10.0.0.2:80', 1, '/etc/nginx/servers.conf'],
      ['10.0.0.9:80', 1, '/etc/nginx/nginx.conf'],
    ]);
  });

  it('reports an include loop at the include that closes it, once', () => {
    const files = {
      '/etc/nginx/nginx.conf': 'http {\n    include a.conf;\n}\n',
      '/etc/nginx/a.conf': 'include b.conf;\nupstream a { server 10.0.0.1:80; }\n',
      '/etc/nginx/b.conf': 'include a.conf;\n',
    };
    const { model, problems } = analyzeNginx({ path: '/etc/nginx/nginx.conf', text: files['/etc/nginx/nginx.conf'] }, memoryLoader(files));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ kind: 'include', loc: { file: '/etc/nginx/b.conf', start: 0 } });
    expect(problems[0]!.message).toContain('include loop: a.conf -> b.conf -> a.conf');
    expect(model.pools).toHaveLength(1);
  });

  it('reports a file including itself', () => {
    const text = 'include nginx.conf;\n';
    const { problems } = analyzeNginx({ path: '/etc/nginx/nginx.conf', text }, memoryLoader({ '/etc/nginx/nginx.conf': text }));
    expect(problems.map((p) => p.message)).toEqual([expect.stringContaining('include loop: nginx.conf -> nginx.conf')]);
  });

  it('bounds exponential include fan-out', () => {
    // Each level includes the next twice: 2^30 visits if nothing stopped it.
    const files: Record<string, string> = { '/c/nginx.conf': 'include l0.conf;\ninclude l0.conf;\n' };
    for (let i = 0; i < 30; i++) files[`/c/l${i}.conf`] = `include l${i + 1}.conf;\ninclude l${i + 1}.conf;\n`;
    files['/c/l30.conf'] = 'upstream u { server a:1; }\n';
    const { problems } = analyzeNginx({ path: '/c/nginx.conf', text: files['/c/nginx.conf']! }, memoryLoader(files));
    expect(problems.some((p) => p.message.includes('more than 2000 included files'))).toBe(true);
  });

  it('reports a missing plain include but accepts a glob that matches nothing', () => {
    const text = 'http {\n    include missing.conf;\n    include none/*.conf;\n}\n';
    const { problems } = analyzeNginx({ path: '/etc/nginx/nginx.conf', text }, memoryLoader({ '/etc/nginx/nginx.conf': text }));
    expect(problems).toHaveLength(1);
    expect(text.slice(problems[0]!.loc.start, problems[0]!.loc.end)).toBe('include missing.conf;');
  });

  it('reads an included file in the includer context, not as a fragment of its own', () => {
    // In http context `server` is a block; the included file would otherwise be inferred as upstream.
    const files = {
      '/etc/nginx/nginx.conf': 'upstream u {\n    include members.conf;\n}\n',
      '/etc/nginx/members.conf': 'server 10.0.0.1:80;\n',
    };
    const { problems } = analyzeNginx({ path: '/etc/nginx/nginx.conf', text: files['/etc/nginx/nginx.conf'] }, memoryLoader(files));
    expect(problems).toEqual([]);
  });
});

describe('host include loader', () => {
  it('looks relative paths up from the prefix first, then from the including file', () => {
    const dir = tmpTree({
      'nginx.conf': 'http {\n    include conf.d/site.conf;\n}\n',
      'conf.d/site.conf': 'include upstreams.conf;\ninclude local.conf;\n',
      'upstreams.conf': 'upstream from_prefix { server 10.0.0.1:80; }\n',
      'conf.d/upstreams.conf': 'upstream from_folder_shadowed { server 10.0.0.2:80; }\n',
      'conf.d/local.conf': 'upstream from_folder { server 10.0.0.3:80; }\n',
    });
    const root = join(dir, 'nginx.conf');
    const { model, problems } = analyzeNginx({ path: root, text: 'http {\n    include conf.d/site.conf;\n}\n' }, createIncludeLoader());
    expect(problems).toEqual([]);
    expect(model.pools.map((p) => p.name)).toEqual(['from_prefix', 'from_folder']);
  });

  it('uses a configured prefix and says where it looked when nothing is there', () => {
    const dir = tmpTree({ 'etc/nginx/mime.conf': 'upstream m { server 10.0.0.1:80; }\n', 'site/nginx.conf': '' });
    const text = 'http {\n    include mime.conf;\n    include nope.conf;\n}\n';
    const withPrefix = analyzeNginx({ path: join(dir, 'site/nginx.conf'), text }, createIncludeLoader({ prefix: join(dir, 'etc/nginx') }));
    expect(withPrefix.model.pools.map((p) => p.name)).toEqual(['m']);
    expect(withPrefix.problems).toHaveLength(1);
    expect(withPrefix.problems[0]!.message).toContain(`looked for ${join(dir, 'etc/nginx/nope.conf')} and ${join(dir, 'site/nope.conf')}`);
  });

  it('prefers open editor text over the disk', () => {
    const dir = tmpTree({ 'nginx.conf': '', 'u.conf': 'upstream disk { server a:1; }\n' });
    const overlay = (p: string) => (p === join(dir, 'u.conf') ? 'upstream editor { server a:1; }\n' : undefined);
    const { model } = analyzeNginx({ path: join(dir, 'nginx.conf'), text: 'http { include u.conf; }\n' }, createIncludeLoader({ overlay }));
    expect(model.pools.map((p) => p.name)).toEqual(['editor']);
  });

  it('reads globbed files sorted and skips directories', () => {
    const dir = tmpTree({ 'conf.d/b.conf': 'upstream b { server a:1; }\n', 'conf.d/a.conf': 'upstream a { server a:1; }\n', 'conf.d/sub.conf/x': '' });
    const { model, problems } = analyzeNginx({ path: join(dir, 'nginx.conf'), text: 'http { include conf.d/*.conf; }\n' }, createIncludeLoader());
    expect(problems).toEqual([]);
    expect(model.pools.map((p) => p.name)).toEqual(['a', 'b']);
  });
});
