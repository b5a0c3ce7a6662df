/**
 * Files changed since a revision, for --changed-since: committed, staged, unstaged and untracked
 * (not ignored) files; deletions apart.
 */
import { describe, expect, it } from 'vitest';
import { changedFiles } from '../../../server/src/host/git';
import { gitRepo } from '../../helpers/git-repo';

describe('changedFiles', () => {
  it('collects committed, staged, unstaged and untracked changes, and lists deletions apart', async () => {
    const repo = gitRepo({
      '.gitignore': 'ignored.conf\n',
      'same.conf': 'same\n',
      'committed.conf': '1\n',
      'staged.conf': '1\n',
      'unstaged.conf': '1\n',
      'deleted.conf': '1\n',
      'old-name.conf': 'a file that moves\n',
    });
    const since = repo.head();
    repo.commit('change one', { 'committed.conf': '2\n', 'lb/added.conf': 'new\n' });
    repo.write({ 'staged.conf': '2\n' });
    repo.git('add', 'staged.conf');
    repo.write({ 'unstaged.conf': '2\n', 'untracked dir/ü.conf': 'new\n', 'ignored.conf': 'ignored\n' });
    repo.remove('deleted.conf');
    repo.mv('old-name.conf', 'new-name.conf');
    gitRepo({ 'inner.conf': '' }, { dir: repo.path('nested-repository') });

    const result = await changedFiles(repo.dir, since);
    expect(result).toEqual({
      ok: true,
      paths: ['committed.conf', 'lb/added.conf', 'new-name.conf', 'staged.conf', 'unstaged.conf', 'untracked dir/ü.conf'].map((p) => repo.path(p)),
      deleted: ['deleted.conf', 'old-name.conf'].map((p) => repo.path(p)),
    });
  });

  it('accepts names people type, and says when a revision does not exist', async () => {
    const repo = gitRepo({ 'a.conf': '1\n' });
    repo.commit('two', { 'a.conf': '2\n' });
    expect(await changedFiles(repo.dir, 'HEAD~1')).toEqual({ ok: true, paths: [repo.path('a.conf')], deleted: [] });
    expect(await changedFiles(repo.dir, 'HEAD')).toEqual({ ok: true, paths: [], deleted: [] });
    expect(await changedFiles(repo.dir, 'nope')).toEqual({ ok: false, message: expect.stringContaining('"nope" does not exist') });
  });
});
