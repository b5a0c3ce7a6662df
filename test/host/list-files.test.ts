/**
 * Folder walking honours .gitignore files as git does: nested files for their own folder, `!`
 * re-includes, ignored folders not entered, rules above the walked folder up to the repository
 * root; files named explicitly are always taken.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listFiles } from '../../server/src/host/list-files';
import { tmpTree } from '../helpers/tmp';

const paths = (listed: ReturnType<typeof listFiles>, root: string) =>
  listed.map((l) => ('path' in l ? l.path.slice(root.length + 1) : `missing:${l.missing}`));

describe('listFiles', () => {
  const root = tmpTree({
    '.git/HEAD': 'ref: refs/heads/main\n',
    '.gitignore': 'generated/\n*.bak\n!keep.bak\n',
    'nginx/site.conf': '',
    'nginx/site.conf.bak': '',
    'nginx/keep.bak': '',
    'nginx/generated/out.conf': '',
    'nginx/conf.d/.gitignore': 'local-*.conf\n',
    'nginx/conf.d/app.conf': '',
    'nginx/conf.d/local-dev.conf': '',
    'node_modules/x/nginx.conf': '',
    'other/a.conf': '',
  });

  it('walks a folder, skipping what .gitignore files and dependency folders hold', () => {
    expect(paths(listFiles([root]), root)).toEqual([
      '.gitignore',
      'nginx/conf.d/.gitignore',
      'nginx/conf.d/app.conf',
      'nginx/keep.bak',
      'nginx/site.conf',
      'other/a.conf',
    ]);
  });

  it('applies the rules of folders above the walked one, up to the repository root', () => {
    expect(paths(listFiles([join(root, 'nginx')]), root)).toEqual([
      'nginx/conf.d/.gitignore',
      'nginx/conf.d/app.conf',
      'nginx/keep.bak',
      'nginx/site.conf',
    ]);
  });

  it('takes explicitly named files even when ignored, and can walk without .gitignore', () => {
    const explicit = listFiles([join(root, 'nginx/site.conf.bak')]);
    expect(explicit).toEqual([{ path: join(root, 'nginx/site.conf.bak'), explicit: true }]);
    expect(paths(listFiles([join(root, 'nginx')], { gitignore: false }), root)).toContain('nginx/generated/out.conf');
  });

  it('reports a missing path', () => {
    expect(listFiles([join(root, 'nope')])).toEqual([{ missing: join(root, 'nope') }]);
  });
});
