/**
 * The nginx prefix a file lives under: the nearest folder holding nginx.conf and mime.types,
 * looked for upwards from the file, at most 8 levels, never above a repository root. Relative
 * includes are looked up from it first, as nginx resolves them from its conf prefix.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAX_PREFIX_LEVELS, findNginxPrefix, relativeIncludeBases } from '../../server/src/host/nginx-prefix';
import { includeBases } from '../../server/src/host/include-paths';
import { tmpTree } from '../helpers/tmp';

const MAIN = 'events {}\nhttp { include sites-enabled/*; }\n';

describe('findNginxPrefix', () => {
  it('finds the folder with nginx.conf and mime.types above a site file', () => {
    const dir = tmpTree({ 'etc/nginx/nginx.conf': MAIN, 'etc/nginx/mime.types': 'types {}\n', 'etc/nginx/sites-enabled/default': 'server {}\n' });
    expect(findNginxPrefix(join(dir, 'etc/nginx/sites-enabled/default'))).toBe(join(dir, 'etc/nginx'));
    expect(findNginxPrefix(join(dir, 'etc/nginx/nginx.conf'))).toBe(join(dir, 'etc/nginx'));
  });

  it('needs both files: a folder with only an nginx.conf is not taken for the prefix', () => {
    const dir = tmpTree({ 'deploy/nginx.conf': MAIN, 'deploy/conf.d/app.conf': 'server {}\n' });
    expect(findNginxPrefix(join(dir, 'deploy/conf.d/app.conf'))).toBeUndefined();
  });

  it('stops at the repository root', () => {
    const dir = tmpTree({ 'nginx.conf': MAIN, 'mime.types': 'types {}\n', 'repo/site/app.conf': 'server {}\n' });
    mkdirSync(join(dir, 'repo/.git'));
    expect(findNginxPrefix(join(dir, 'repo/site/app.conf'))).toBeUndefined();
  });

  it(`looks at most ${MAX_PREFIX_LEVELS} folders up`, () => {
    const near = 'a/'.repeat(MAX_PREFIX_LEVELS);
    const far = 'b/'.repeat(MAX_PREFIX_LEVELS + 1);
    const dir = tmpTree({ 'nginx.conf': MAIN, 'mime.types': 'types {}\n', [`${near}x.conf`]: 'server {}\n', [`${far}x.conf`]: 'server {}\n' });
    expect(findNginxPrefix(join(dir, near, 'x.conf'))).toBe(dir);
    expect(findNginxPrefix(join(dir, far, 'x.conf'))).toBeUndefined();
  });
});

describe('include bases', () => {
  it('look from the prefix the root lives under, then the root folder, then the including file', () => {
    const dir = tmpTree({ 'nginx.conf': MAIN, 'mime.types': 'types {}\n', 'sites-enabled/default': 'server {}\n', 'snippets/x.conf': '' });
    const root = join(dir, 'sites-enabled/default');
    expect(relativeIncludeBases(root, root, undefined)).toEqual([dir, join(dir, 'sites-enabled')]);
    expect(includeBases('snippets/y.conf', join(dir, 'snippets/x.conf'), root, undefined)).toEqual([dir, join(dir, 'sites-enabled'), join(dir, 'snippets')]);
    // An explicit prefix wins, as before, and nothing is looked up on disk for it.
    expect(includeBases('snippets/x.conf', root, root, '/etc/nginx')).toEqual(['/etc/nginx', join(dir, 'sites-enabled')]);
  });

  it('fall back last to a folder with only an nginx.conf, as a repository copy of /etc/nginx without mime.types is', () => {
    const dir = tmpTree({ 'nginx.conf': MAIN, 'sites-enabled/default': 'server {}\n' });
    const root = join(dir, 'sites-enabled/default');
    expect(relativeIncludeBases(root, root, undefined)).toEqual([join(dir, 'sites-enabled'), dir]);
  });
});
