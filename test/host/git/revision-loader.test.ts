/**
 * The revision loader expands nginx includes against the tree of a commit exactly as the disk
 * loader does against the disk: same lookup order, same globs, same sort. Files that exist only
 * in the working tree are not seen; files deleted since are.
 */
import { symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { IncludeResult, SourceLoader } from '../../../server/src/core/dialect';
import { analyzeNginx } from '../../../server/src/dialects/nginx/lower';
import { createRevisionLoader } from '../../../server/src/host/git';
import { createIncludeLoader } from '../../../server/src/host/include-loader';
import { gitRepo, tmpDir } from '../../helpers/git-repo';

const ROOT_TEXT = 'http {\n    include conf.d/*.conf;\n    include upstreams.conf;\n}\n';

describe('createRevisionLoader', () => {
  it('reads globbed includes from the old tree: deleted files are seen, new ones are not', () => {
    const repo = gitRepo({
      'nginx.conf': ROOT_TEXT,
      'conf.d/a.conf': 'upstream a { server 10.0.0.1:80; }\n',
      'conf.d/b.conf': 'upstream b { server 10.0.0.2:80; }\n',
      'upstreams.conf': 'upstream u { server 10.0.0.3:80; }\n',
    });
    const stable = repo.head();
    repo.remove('conf.d/a.conf');
    repo.commit('drop a, rename b, add c', { 'conf.d/b.conf': 'upstream b2 { server 10.0.0.2:80; }\n', 'conf.d/c.conf': 'upstream c { server 10.0.0.4:80; }\n' });
    repo.write({ 'conf.d/d.conf': 'upstream d { server 10.0.0.5:80; }\n' });
    const root = repo.path('nginx.conf');

    const atStable = analyzeNginx({ path: root, text: ROOT_TEXT }, createRevisionLoader(repo.dir, stable));
    expect(atStable.problems).toEqual([]);
    expect(atStable.model.pools.map((p) => p.name)).toEqual(['a', 'b', 'u']);
    expect([...atStable.sources.keys()]).toEqual([root, repo.path('conf.d/a.conf'), repo.path('conf.d/b.conf'), repo.path('upstreams.conf')]);

    const onDisk = analyzeNginx({ path: root, text: ROOT_TEXT }, createIncludeLoader());
    expect(onDisk.model.pools.map((p) => p.name)).toEqual(['b2', 'c', 'd', 'u']);
  });

  it('looks relative paths up from the prefix first, then from the including file, like the disk loader', () => {
    const repo = gitRepo({
      'nginx.conf': 'http {\n    include conf.d/site.conf;\n}\n',
      'conf.d/site.conf': 'include upstreams.conf;\ninclude local.conf;\n',
      'upstreams.conf': 'upstream from_prefix { server 10.0.0.1:80; }\n',
      'conf.d/upstreams.conf': 'upstream from_folder_shadowed { server 10.0.0.2:80; }\n',
      'conf.d/local.conf': 'upstream from_folder { server 10.0.0.3:80; }\n',
      'etc/nginx/site.conf': '',
    });
    const sha = repo.head();
    const root = repo.path('nginx.conf');
    const { model, problems } = analyzeNginx({ path: root, text: 'http {\n    include conf.d/site.conf;\n}\n' }, createRevisionLoader(repo.dir, sha));
    expect(problems).toEqual([]);
    expect(model.pools.map((p) => p.name)).toEqual(['from_prefix', 'from_folder']);

    const withPrefix = createRevisionLoader(repo.dir, sha, { prefix: repo.path('etc/nginx') });
    expect(paths(withPrefix.include('site.conf', root, root))).toEqual([repo.path('etc/nginx/site.conf')]);
    const missing = withPrefix.include('nope.conf', root, root);
    expect(missing).toEqual({
      ok: false,
      message: expect.stringContaining(`looked for ${repo.path('etc/nginx/nope.conf')} and ${repo.path('nope.conf')} at ${sha.slice(0, 12)}`),
    });
  });

  it('accepts a glob that matches nothing, and refuses a plain include that names nothing', () => {
    const repo = gitRepo({ 'nginx.conf': '' });
    const loader = createRevisionLoader(repo.dir, repo.head());
    const root = repo.path('nginx.conf');
    expect(loader.include('nothing/*.conf', root, root)).toEqual({ ok: true, files: [] });
    expect(loader.include('nothing.conf', root, root)).toMatchObject({ ok: false, message: expect.stringContaining('include "nothing.conf" names no file') });
  });

  it('expands exactly like the disk loader on a checkout of the same commit', () => {
    const files = {
      'nginx.conf': '',
      // Texts the disk loader takes for configs (it refuses files without a single ";", "{" or "}").
      'conf.d/b.conf': 'b;\n',
      'conf.d/a.conf': 'a;\n',
      'conf.d/.hidden.conf': 'hidden;\n',
      'conf.d/sub.conf/x': 'a folder named like a file;\n',
      'conf.d/deep/z.conf': 'z;\n',
      'conf.d/c.txt': 'c;\n',
      'streams/db.conf': 'db;\n',
      'upstreams.conf': 'u;\n',
    };
    const repo = gitRepo(files);
    const root = repo.path('nginx.conf');
    const fromRevision = createRevisionLoader(repo.dir, repo.head());
    const fromDisk = createIncludeLoader();
    const patterns = [
      'conf.d/*.conf',
      'conf.d/*',
      '*/*.conf',
      'conf.d/[ab].conf',
      'conf.d/?.conf',
      'conf.d/.hidden*',
      'conf.d/**/*.conf',
      'missing/*.conf',
      'upstreams.conf',
      'conf.d/deep/z.conf',
      'conf.d',
      `${repo.dir}/conf.d/*.conf`,
      `${repo.dir}/upstreams.conf`,
    ];
    for (const pattern of patterns) {
      const disk = fromDisk.include(pattern, root, root);
      const tree = fromRevision.include(pattern, root, root);
      expect({ pattern, ok: tree.ok, files: contents(tree) }).toEqual({ pattern, ok: disk.ok, files: contents(disk) });
    }
  });

  it('escapes folder names that look like globs', () => {
    const repo = gitRepo({ 'lb/nginx.conf': '', 'lb/conf.d/a.conf': 'a\n', 'lb/conf.d/b.conf': 'b\n' }, { dir: join(tmpDir(), 'we[i]rd*{x}') });
    const root = repo.path('lb/nginx.conf');
    const result = createRevisionLoader(repo.dir, repo.head()).include('conf.d/*.conf', root, root);
    expect(paths(result)).toEqual([repo.path('lb/conf.d/a.conf'), repo.path('lb/conf.d/b.conf')]);
  });

  it('follows symbolic links in the tree (sites-enabled)', () => {
    const repo = gitRepo({ 'nginx.conf': '', 'sites-available/one': 'upstream one { server a:1; }\n', 'sites-enabled/.keep': '' });
    symlinkSync('../sites-available/one', repo.path('sites-enabled/one'));
    repo.commit('enable one');
    const root = repo.path('nginx.conf');
    const result = createRevisionLoader(repo.dir, repo.head()).include('sites-enabled/*', root, root);
    expect(result).toEqual({ ok: true, files: [{ path: repo.path('sites-enabled/one'), text: 'upstream one { server a:1; }\n' }] });
  });

  it('hands absolute includes outside the repository to the `outside` loader, or says it cannot read them', () => {
    const repo = gitRepo({ 'nginx.conf': '' });
    const elsewhere = tmpDir();
    const root = repo.path('nginx.conf');
    const pattern = join(elsewhere, 'mime.types');
    const without = createRevisionLoader(repo.dir, repo.head()).include(pattern, root, root);
    expect(without).toMatchObject({ ok: false, message: expect.stringContaining('names no file') });
    const outside: SourceLoader = { include: (p) => ({ ok: true, files: [{ path: p, text: 'types {}\n' }] }) };
    const withOutside = createRevisionLoader(repo.dir, repo.head(), { outside }).include(pattern, root, root);
    expect(withOutside).toEqual({ ok: true, files: [{ path: pattern, text: 'types {}\n' }] });
  });

  it('reports an unknown commit as an include problem, not an exception', () => {
    const repo = gitRepo({ 'nginx.conf': '' });
    const root = repo.path('nginx.conf');
    const result = createRevisionLoader(repo.dir, 'a'.repeat(40)).include('*.conf', root, root);
    expect(result).toMatchObject({ ok: false, message: expect.stringContaining(`cannot list the files of ${'a'.repeat(12)}`) });
  });

  it('warns about invalid UTF-8 in an included file', () => {
    const repo = gitRepo({ 'nginx.conf': '', 'bad.conf': Buffer.from([0x75, 0xff, 0x0a]) });
    const warnings: string[] = [];
    const root = repo.path('nginx.conf');
    const result = createRevisionLoader(repo.dir, repo.head(), { onWarning: (w) => warnings.push(w) }).include('bad.conf', root, root);
    expect(contents(result)).toEqual([[repo.path('bad.conf'), 'u\uFFFD\n']]);
    expect(warnings).toEqual([expect.stringContaining('is not valid UTF-8')]);
  });
});

function paths(result: IncludeResult): string[] | string {
  return result.ok ? result.files.map((f) => f.path) : result.message;
}

function contents(result: IncludeResult): Array<[string, string]> {
  return result.ok ? result.files.map((f) => [f.path, f.text]) : [];
}
