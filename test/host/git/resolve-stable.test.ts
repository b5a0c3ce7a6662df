/**
 * Stable revision resolution in repositories the tests build: `auto` (newest matching tag, else
 * upstream, else HEAD), explicit settings, and every edge case as a value with a message.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fileAtRevision, GIT_MISSING_MESSAGE, repositoryOf, resolveStable, SHALLOW_HINT } from '../../../server/src/host/git';
import { gitRepo, tmpDir, withoutGit } from '../../helpers/git-repo';

const AUTO = { stableRef: 'auto', stableTagPattern: 'lb-stable*' };
const CONF = 'upstream a { server 10.0.0.1; }\n';

describe('auto: the newest tag matching the pattern', () => {
  it('picks the tag created last, not the one with the greatest name, and ignores other tags', async () => {
    const repo = gitRepo({ 'nginx.conf': CONF });
    const first = repo.head();
    repo.tag('lb-stable/zz-made-first', { message: 'first', date: '2026-02-01T00:00:00Z' });
    const second = repo.commit('second', { 'nginx.conf': CONF + '# 2\n' }, { date: '2026-02-02T00:00:00Z' });
    repo.tag('lb-stable/aa-made-second', { message: 'second', date: '2026-02-03T00:00:00Z' });
    repo.commit('third', { 'nginx.conf': CONF + '# 3\n' }, { date: '2026-02-04T00:00:00Z' });
    repo.tag('release-9', { message: 'not a stable tag', date: '2026-02-05T00:00:00Z' });

    const resolved = await resolveStable(repo.path('nginx.conf'), AUTO);
    expect(resolved).toEqual({ kind: 'resolved', ref: 'lb-stable/aa-made-second', sha: second, source: 'tag', root: repo.dir });
    expect(first).not.toBe(second);
  });

  it('matches `*` across "/" (lb-stable* finds lb-stable/...) and reads lightweight tags by commit date', async () => {
    const repo = gitRepo({ 'nginx.conf': CONF }, { date: '2026-03-01T00:00:00Z' });
    repo.tag('lb-stable-light');
    const resolved = await resolveStable(repo.path('nginx.conf'), AUTO);
    expect(resolved).toMatchObject({ kind: 'resolved', ref: 'lb-stable-light', source: 'tag' });
  });

  it('breaks a tie of creation dates by name, the greater (later timestamp) first', async () => {
    const repo = gitRepo({ 'nginx.conf': CONF });
    const date = '2026-04-01T10:15:00Z';
    repo.tag('lb-stable/2026-04-01T101500Z', { message: 'a', date });
    repo.tag('lb-stable/2026-04-01T101500Z-2', { message: 'b', date });
    repo.tag('lb-stable/2026-03-31T000000Z', { message: 'c', date });
    const resolved = await resolveStable(repo.path('nginx.conf'), AUTO);
    expect(resolved).toMatchObject({ ref: 'lb-stable/2026-04-01T101500Z-2', source: 'tag' });
  });

  it('uses the configured pattern, and `auto` is the default for an empty setting', async () => {
    const repo = gitRepo({ 'nginx.conf': CONF });
    repo.tag('prod/1', { message: 'prod' });
    repo.commit('later', { 'nginx.conf': CONF + '#\n' });
    repo.tag('lb-stable/x', { message: 'x' });
    expect(await resolveStable(repo.path('nginx.conf'), { stableRef: 'auto', stableTagPattern: 'prod/*' })).toMatchObject({ ref: 'prod/1' });
    expect(await resolveStable(repo.path('nginx.conf'), { stableRef: '' })).toMatchObject({ ref: 'lb-stable/x' });
  });
});

describe('auto: the upstream, then HEAD', () => {
  const origin = gitRepo({ 'nginx.conf': CONF });
  const bare = origin.clone({ bare: true });

  it('falls back to the upstream of the current branch (a clone tracking origin/main)', async () => {
    const work = bare.clone();
    const upstream = work.head();
    work.commit('local change', { 'nginx.conf': CONF + '# local\n' });
    const resolved = await resolveStable(work.path('nginx.conf'), AUTO);
    expect(resolved).toEqual({ kind: 'resolved', ref: 'origin/main', sha: upstream, source: 'upstream', root: work.dir });
  });

  it('falls back to HEAD on a detached HEAD (which has no upstream)', async () => {
    const work = bare.clone();
    work.commit('local change', { 'nginx.conf': CONF + '# local\n' });
    work.detach();
    const resolved = await resolveStable(work.path('nginx.conf'), AUTO);
    expect(resolved).toEqual({ kind: 'resolved', ref: 'HEAD', sha: work.head(), source: 'head', root: work.dir });
  });

  it('falls back to HEAD on a branch without an upstream', async () => {
    const repo = gitRepo({ 'nginx.conf': CONF });
    expect(await resolveStable(repo.path('nginx.conf'), AUTO)).toEqual({ kind: 'resolved', ref: 'HEAD', sha: repo.head(), source: 'head', root: repo.dir });
  });
});

describe('an explicit revision', () => {
  const repo = gitRepo({ 'nginx.conf': CONF });
  const first = repo.head();
  repo.tag('v1.0', { message: 'annotated' });
  repo.branch('stable-branch');
  const second = repo.commit('second', { 'nginx.conf': CONF + '#\n' });
  repo.tag('lb-stable/ignored', { message: 'an explicit setting wins over tags' });
  const file = repo.path('nginx.conf');

  it('resolves a branch, a tag (peeled to its commit) and HEAD~1, and keeps the name as written', async () => {
    expect(await resolveStable(file, { stableRef: 'stable-branch' })).toEqual({ kind: 'resolved', ref: 'stable-branch', sha: first, source: 'setting', root: repo.dir });
    expect(await resolveStable(file, { stableRef: 'v1.0' })).toMatchObject({ ref: 'v1.0', sha: first, source: 'setting' });
    expect(await resolveStable(file, { stableRef: 'HEAD~1' })).toMatchObject({ ref: 'HEAD~1', sha: first, source: 'setting' });
    expect(await resolveStable(file, { stableRef: 'HEAD' })).toMatchObject({ sha: second, source: 'setting' });
    expect(await resolveStable(file, { stableRef: first.slice(0, 9) })).toMatchObject({ sha: first });
  });

  it('says a revision that does not exist does not exist (no shallow hint in a full clone)', async () => {
    const resolved = await resolveStable(file, { stableRef: 'no-such-tag' });
    expect(resolved.kind).toBe('unknown-revision');
    expect('message' in resolved && resolved.message).toContain('"no-such-tag" does not exist');
    expect('message' in resolved && resolved.message).not.toContain('shallow');
  });

  it('adds the shallow hint in a shallow clone', async () => {
    const origin = gitRepo({ 'nginx.conf': CONF });
    origin.tag('lb-stable/old', { message: 'old' });
    origin.commit('newer', { 'nginx.conf': CONF + '#\n' });
    const shallow = origin.clone({ depth: 1 });
    const shallowFile = shallow.path('nginx.conf');

    for (const stableRef of ['lb-stable/old', 'HEAD~1']) {
      const resolved = await resolveStable(shallowFile, { stableRef });
      expect(resolved.kind).toBe('unknown-revision');
      expect('message' in resolved && resolved.message).toContain(SHALLOW_HINT);
    }
    // Without the tag, auto falls back to the upstream, which a shallow clone does have.
    expect(await resolveStable(shallowFile, AUTO)).toMatchObject({ kind: 'resolved', source: 'upstream', ref: 'origin/main' });
  });
});

describe('edge cases', () => {
  it('not a repository', async () => {
    const dir = tmpDir();
    writeFileSync(join(dir, 'nginx.conf'), CONF);
    const resolved = await resolveStable(join(dir, 'nginx.conf'), AUTO);
    expect(resolved.kind).toBe('not-a-repository');
    expect('message' in resolved && resolved.message).toContain('is not in a git repository');
    expect(await repositoryOf(join(dir, 'nginx.conf'))).toMatchObject({ kind: 'not-a-repository' });
  });

  it('git missing (PATH pointing at an empty folder)', async () => {
    const repo = gitRepo({ 'nginx.conf': CONF });
    const resolved = await withoutGit(() => resolveStable(repo.path('nginx.conf'), AUTO));
    expect(resolved).toEqual({ kind: 'git-missing', message: GIT_MISSING_MESSAGE });
    expect(await withoutGit(() => repositoryOf(repo.path('nginx.conf')))).toEqual({ kind: 'git-missing', message: GIT_MISSING_MESSAGE });
  });

  it('a repository without commits, with auto and with an explicit revision', async () => {
    const repo = gitRepo();
    repo.write({ 'nginx.conf': CONF });
    for (const stableRef of ['auto', 'main', 'HEAD']) {
      const resolved = await resolveStable(repo.path('nginx.conf'), { stableRef });
      expect(resolved.kind).toBe('no-commits');
      expect('message' in resolved && resolved.message).toContain('has no commits yet');
    }
  });

  it('a file that does not exist yet (a new, unsaved path) still resolves through its folder', async () => {
    const repo = gitRepo({ 'nginx.conf': CONF });
    expect(await resolveStable(repo.path('new/sub/dir/x.conf'), AUTO)).toMatchObject({ kind: 'resolved', root: repo.dir });
  });

  it('a file inside a submodule resolves against the submodule', async () => {
    const child = gitRepo({ 'lb/nginx.conf': 'upstream child { server 10.0.0.9; }\n' });
    child.tag('lb-stable/child', { message: 'child stable' });
    const parent = gitRepo({ 'nginx.conf': CONF });
    parent.tag('lb-stable/parent', { message: 'parent stable' });
    const submodule = parent.addSubmodule('vendor/child', child);
    const file = submodule.path('lb/nginx.conf');

    const repository = await repositoryOf(file);
    expect(repository).toMatchObject({ root: submodule.dir });
    expect('gitDir' in repository && repository.gitDir).toBe(parent.path('.git/modules/vendor/child'));

    const resolved = await resolveStable(file, AUTO);
    expect(resolved).toEqual({ kind: 'resolved', ref: 'lb-stable/child', sha: child.head(), source: 'tag', root: submodule.dir });
    const text = await fileAtRevision(submodule.dir, child.head(), file);
    expect(text).toMatchObject({ kind: 'found', text: 'upstream child { server 10.0.0.9; }\n' });
    expect(await resolveStable(parent.path('nginx.conf'), AUTO)).toMatchObject({ ref: 'lb-stable/parent', root: parent.dir });
  });

  it('two repositories side by side in one workspace resolve independently', async () => {
    const workspace = tmpDir();
    const a = gitRepo({ 'nginx.conf': CONF }, { dir: join(workspace, 'a') });
    a.tag('lb-stable/a', { message: 'a' });
    const b = gitRepo({ 'haproxy.cfg': 'backend b\n' }, { dir: join(workspace, 'b') });
    mkdirSync(join(workspace, 'plain'));

    expect(await resolveStable(a.path('nginx.conf'), AUTO)).toEqual({ kind: 'resolved', ref: 'lb-stable/a', sha: a.head(), source: 'tag', root: a.dir });
    expect(await resolveStable(b.path('haproxy.cfg'), AUTO)).toEqual({ kind: 'resolved', ref: 'HEAD', sha: b.head(), source: 'head', root: b.dir });
    expect((await resolveStable(join(workspace, 'plain', 'x.conf'), AUTO)).kind).toBe('not-a-repository');
  });
});
