/**
 * A file as it was at the stable revision: unchanged, edited, new since stable, renamed since
 * (committed, or `git mv` and edited without committing), undecodable, out of the repository.
 */
import { symlinkSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fileAtRevision } from '../../../server/src/host/git';
import { gitRepo, tmpDir } from '../../helpers/git-repo';

const POOL = 'upstream backend {\n    server 10.0.0.1:8080 weight=1;\n    server 10.0.0.2:8080 weight=1;\n    server 10.0.0.3:8080 weight=1;\n}\n';
const EDITED = POOL.replace('weight=1;\n    server 10.0.0.2', 'weight=5;\n    server 10.0.0.2');

describe('fileAtRevision', () => {
  it('reads the text at the revision, not the working tree', async () => {
    const repo = gitRepo({ 'lb/nginx.conf': POOL });
    const stable = repo.head();
    repo.commit('skew it', { 'lb/nginx.conf': EDITED });
    repo.write({ 'lb/nginx.conf': EDITED + '# unsaved\n' });
    expect(await fileAtRevision(repo.dir, stable, repo.path('lb/nginx.conf'))).toEqual({ kind: 'found', text: POOL, path: repo.path('lb/nginx.conf') });
  });

  it('calls a file that did not exist at the revision new since stable', async () => {
    const repo = gitRepo({ 'nginx.conf': POOL });
    const stable = repo.head();
    repo.commit('add a site', { 'sites/new.conf': POOL });
    repo.write({ 'sites/untracked.conf': POOL });
    for (const path of ['sites/new.conf', 'sites/untracked.conf', 'never/written.conf']) {
      const result = await fileAtRevision(repo.dir, stable, repo.path(path));
      expect(result.kind).toBe('new-file');
      expect('message' in result && result.message).toContain(`${path} did not exist at ${stable.slice(0, 12)}`);
    }
  });

  it('follows a committed rename to the old path', async () => {
    const repo = gitRepo({ 'nginx.conf': POOL, 'other.conf': 'events {}\n' });
    const stable = repo.head();
    repo.mv('nginx.conf', 'lb/balancer.conf');
    repo.commit('move it', { 'lb/balancer.conf': EDITED });
    const result = await fileAtRevision(repo.dir, stable, repo.path('lb/balancer.conf'));
    expect(result).toEqual({ kind: 'found', text: POOL, path: repo.path('nginx.conf'), renamedFrom: 'nginx.conf' });
  });

  it('follows an uncommitted git mv followed by an edit', async () => {
    const repo = gitRepo({ 'conf/old-name.conf': POOL });
    const stable = repo.head();
    repo.mv('conf/old-name.conf', 'conf/new-name.conf');
    repo.write({ 'conf/new-name.conf': EDITED });
    const result = await fileAtRevision(repo.dir, stable, repo.path('conf/new-name.conf'));
    expect(result).toEqual({ kind: 'found', text: POOL, path: repo.path('conf/old-name.conf'), renamedFrom: 'conf/old-name.conf' });
  });

  it('follows renames over several commits and the working tree at once', async () => {
    const repo = gitRepo({ 'a.conf': POOL });
    const stable = repo.head();
    repo.mv('a.conf', 'b.conf');
    repo.commit('a -> b');
    repo.mv('b.conf', 'c/d.conf');
    expect(await fileAtRevision(repo.dir, stable, repo.path('c/d.conf'))).toMatchObject({ kind: 'found', text: POOL, renamedFrom: 'a.conf' });
  });

  it('decodes invalid UTF-8 with replacement characters and says so', async () => {
    const bytes = Buffer.concat([Buffer.from('upstream caf'), Buffer.from([0xe9]), Buffer.from(' { server a:1; }\n')]);
    const repo = gitRepo({ 'latin1.conf': bytes });
    const result = await fileAtRevision(repo.dir, repo.head(), repo.path('latin1.conf'));
    expect(result).toMatchObject({ kind: 'found', text: 'upstream caf\uFFFD { server a:1; }\n' });
    expect('warning' in result && result.warning).toContain('is not valid UTF-8');
  });

  it('reads names with spaces, wildcards and non-ASCII letters literally', async () => {
    const repo = gitRepo({ 'conf.d/a b.conf': 'space\n', 'conf.d/*.conf': 'star\n', 'conf.d/x.conf': 'x\n', 'conf.d/müller.conf': 'umlaut\n' });
    const sha = repo.head();
    expect(await fileAtRevision(repo.dir, sha, repo.path('conf.d/a b.conf'))).toMatchObject({ text: 'space\n' });
    expect(await fileAtRevision(repo.dir, sha, repo.path('conf.d/*.conf'))).toMatchObject({ text: 'star\n' });
    expect(await fileAtRevision(repo.dir, sha, repo.path('conf.d/müller.conf'))).toMatchObject({ text: 'umlaut\n' });
  });

  it('follows a symbolic link stored in the tree, as the disk would', async () => {
    const repo = gitRepo({ 'sites-available/default': POOL, 'sites-enabled/.keep': '' });
    symlinkSync('../sites-available/default', repo.path('sites-enabled/default'));
    symlinkSync('/etc/passwd', repo.path('sites-enabled/outside'));
    repo.commit('enable');
    const sha = repo.head();
    expect(await fileAtRevision(repo.dir, sha, repo.path('sites-enabled/default'))).toEqual({ kind: 'found', text: POOL, path: repo.path('sites-enabled/default') });
    expect(await fileAtRevision(repo.dir, sha, repo.path('sites-enabled/outside'))).toEqual({
      kind: 'error',
      message: 'sites-enabled/outside is a symbolic link to /etc/passwd, outside the repository',
    });
  });

  it('reports a folder, a path outside the repository and an unknown commit as errors', async () => {
    const repo = gitRepo({ 'conf.d/a.conf': POOL });
    const sha = repo.head();
    expect(await fileAtRevision(repo.dir, sha, repo.path('conf.d'))).toMatchObject({ kind: 'error', message: expect.stringContaining('is a folder') });
    expect(await fileAtRevision(repo.dir, sha, `${tmpDir()}/nginx.conf`)).toMatchObject({ kind: 'error', message: expect.stringContaining('outside the repository') });
    const unknown = await fileAtRevision(repo.dir, 'f'.repeat(40), repo.path('conf.d/a.conf'));
    expect(unknown.kind).toBe('error');
    expect('message' in unknown && unknown.message).toContain('cannot read the tree of ffffffffffff');
  });
});
