/**
 * Finding `.lb-drift.yaml`: nearest wins, from nested folders, stopping at the repository root,
 * and cached per folder and per file so a long run reads each config once.
 */
import { rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ProjectConfigCache, hasConfigErrors } from '../../server/src/host/project-config';
import { tmpTree } from '../helpers/tmp';

function configFor(root: string, file: string, cache = new ProjectConfigCache()): string | undefined {
  const found = cache.find(join(root, file));
  return found && relative(root, found.path);
}

describe('discovery', () => {
  const repo = tmpTree({
    '.git/HEAD': 'ref: refs/heads/main\n',
    '.lb-drift.yaml': 'failOn: error\n',
    'nginx.conf': '',
    'lb/.lb-drift.yaml': 'failOn: info\n',
    'lb/a/b/c/site.conf': '',
    'other/deep/er/nginx.conf': '',
    'yml/.lb-drift.yml': 'failOn: warning\n',
    'yml/nginx.conf': '',
  });

  it('takes the config beside the file', () => {
    expect(configFor(repo, 'nginx.conf')).toBe('.lb-drift.yaml');
  });

  it('walks up from nested folders, and the nearest config wins whole', () => {
    expect(configFor(repo, 'lb/a/b/c/site.conf')).toBe(join('lb', '.lb-drift.yaml'));
    expect(new ProjectConfigCache().find(join(repo, 'lb/a/b/c/site.conf'))?.config.failOn).toBe('info');
    expect(configFor(repo, 'other/deep/er/nginx.conf')).toBe('.lb-drift.yaml');
  });

  it('accepts .lb-drift.yml', () => {
    expect(configFor(repo, 'yml/nginx.conf')).toBe(join('yml', '.lb-drift.yml'));
  });

  it('works for a path that does not exist yet (an unsaved file)', () => {
    expect(configFor(repo, 'lb/new/folder/draft.conf')).toBe(join('lb', '.lb-drift.yaml'));
  });

  it('reads .lb-drift.yaml when both names are in one folder, and warns about the other', () => {
    const dir = tmpTree({ '.lb-drift.yaml': 'failOn: error\n', '.lb-drift.yml': 'failOn: info\n', 'nginx.conf': '' });
    const found = new ProjectConfigCache().find(join(dir, 'nginx.conf'))!;
    expect(found.path).toBe(join(dir, '.lb-drift.yaml'));
    expect(found.config.failOn).toBe('error');
    expect(found.problems).toEqual([
      expect.objectContaining({ severity: 'warning', line: 1, column: 1, message: expect.stringContaining(`${join(dir, '.lb-drift.yml')} is ignored`) }),
    ]);
    expect(hasConfigErrors(found)).toBe(false);
  });

  it('stops at the repository root: a config above the checkout does not apply', () => {
    const outer = tmpTree({ '.lb-drift.yaml': 'failOn: info\n', 'repo/.git/HEAD': '', 'repo/deploy/nginx.conf': '' });
    expect(configFor(outer, 'repo/deploy/nginx.conf')).toBeUndefined();
  });

  it('stops at a worktree or submodule root, where .git is a file', () => {
    const outer = tmpTree({ '.lb-drift.yaml': 'failOn: info\n', 'sub/.git': 'gitdir: ../.git/modules/sub\n', 'sub/nginx.conf': '' });
    expect(configFor(outer, 'sub/nginx.conf')).toBeUndefined();
  });

  it('outside any repository, looks all the way up', () => {
    const outer = tmpTree({ '.lb-drift.yaml': 'failOn: info\n', 'a/b/c/nginx.conf': '' });
    expect(configFor(outer, 'a/b/c/nginx.conf')).toBe('.lb-drift.yaml');
  });

  it('finds nothing when there is no config', () => {
    const dir = tmpTree({ '.git/HEAD': '', 'a/nginx.conf': '' });
    expect(configFor(dir, 'a/nginx.conf')).toBeUndefined();
  });

  it('finds the config for a folder, so a walk can prune ignored folders', () => {
    const cache = new ProjectConfigCache();
    expect(cache.findForFolder(join(repo, 'lb'))?.path).toBe(join(repo, 'lb', '.lb-drift.yaml'));
    expect(cache.findForFolder(join(repo, 'other'))?.path).toBe(join(repo, '.lb-drift.yaml'));
    expect(cache.findForFolder(repo)?.path).toBe(join(repo, '.lb-drift.yaml'));
  });

  it('reports a folder named .lb-drift.yaml as a config error instead of skipping it', () => {
    const dir = tmpTree({ '.git/HEAD': '', '.lb-drift.yaml/readme': '', 'nginx.conf': '' });
    expect(new ProjectConfigCache().find(join(dir, 'nginx.conf'))?.problems).toMatchObject([{ severity: 'error', message: expect.stringContaining('is a folder') }]);
  });
});

describe('caching', () => {
  it('reads a config once for every file under it', () => {
    const dir = tmpTree({ '.git/HEAD': '', '.lb-drift.yaml': 'failOn: info\n' });
    const cache = new ProjectConfigCache();
    const first = cache.find(join(dir, 'a/1.conf'));
    for (let i = 0; i < 200; i++) expect(cache.find(join(dir, `a/b${i % 7}/${i}.conf`))).toBe(first);
  });

  it('keeps what it read until cleared (the language server clears on a watched-file change)', () => {
    const dir = tmpTree({ '.git/HEAD': '', '.lb-drift.yaml': 'failOn: info\n', 'a/nginx.conf': '' });
    const cache = new ProjectConfigCache();
    expect(cache.find(join(dir, 'a/nginx.conf'))?.config.failOn).toBe('info');
    writeFileSync(join(dir, '.lb-drift.yaml'), 'failOn: error\n');
    expect(cache.find(join(dir, 'a/nginx.conf'))?.config.failOn).toBe('info');
    cache.clear();
    expect(cache.find(join(dir, 'a/nginx.conf'))?.config.failOn).toBe('error');
  });

  it('remembers folders without a config until cleared', () => {
    const dir = tmpTree({ '.git/HEAD': '', 'a/nginx.conf': '' });
    const cache = new ProjectConfigCache();
    expect(cache.find(join(dir, 'a/nginx.conf'))).toBeUndefined();
    writeFileSync(join(dir, 'a/.lb-drift.yaml'), 'failOn: info\n');
    expect(cache.find(join(dir, 'a/nginx.conf'))).toBeUndefined();
    cache.clear();
    expect(cache.find(join(dir, 'a/nginx.conf'))?.config.failOn).toBe('info');
    rmSync(join(dir, 'a/.lb-drift.yaml'));
    cache.clear();
    expect(cache.find(join(dir, 'a/nginx.conf'))).toBeUndefined();
  });

  it('loads a named config (--config FILE) by path, relative or absolute, and caches it', () => {
    const dir = tmpTree({ 'ci/lb.yaml': 'failOn: error\n' });
    const cache = new ProjectConfigCache();
    const loaded = cache.load(join(dir, 'ci/lb.yaml'));
    expect(loaded.config).toEqual({ root: join(dir, 'ci'), rules: {}, ignore: [], files: {}, failOn: 'error' });
    expect(cache.load(relative(process.cwd(), join(dir, 'ci/lb.yaml')))).toBe(loaded);
  });

  it('reports a named config that does not exist as an error, not as "no config"', () => {
    const dir = tmpTree({});
    const loaded = new ProjectConfigCache().load(join(dir, 'nope.yaml'));
    expect(hasConfigErrors(loaded)).toBe(true);
    expect(loaded.problems[0]!.message).toBe(`cannot read ${join(dir, 'nope.yaml')}: no such file`);
  });
});
