/**
 * The quick pick of "Choose Stable Revision": stable tags, other tags, branches, recent commits,
 * each newest first.
 */
import { describe, expect, it } from 'vitest';
import { listRevisions } from '../../../server/src/host/git';
import { gitRepo } from '../../helpers/git-repo';

describe('listRevisions', () => {
  it('lists stable tags, then other tags, then branches, then commits, each newest first', async () => {
    const repo = gitRepo({ 'nginx.conf': '1\n' }, { date: '2026-05-01T00:00:00Z' });
    const c1 = repo.head();
    repo.tag('lb-stable/2026-05-01T000100Z', { message: 'first mark', date: '2026-05-01T00:01:00Z' });
    repo.tag('v1', { message: 'release one', date: '2026-05-01T00:02:00Z' });
    const c2 = repo.commit('second', { 'nginx.conf': '2\n' }, { date: '2026-05-02T00:00:00Z' });
    repo.tag('lb-stable/2026-05-02T000100Z', { message: 'second mark', date: '2026-05-02T00:01:00Z' });
    repo.tag('light');
    repo.branch('release/1');
    const c3 = repo.commit('third', { 'nginx.conf': '3\n' }, { date: '2026-05-03T00:00:00Z' });

    const result = await listRevisions(repo.dir, { tagPattern: 'lb-stable*', commits: 30 });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.revisions.map((r) => [r.kind, r.ref])).toEqual([
      ['stable-tag', 'lb-stable/2026-05-02T000100Z'],
      ['stable-tag', 'lb-stable/2026-05-01T000100Z'],
      ['tag', 'light'],
      ['tag', 'v1'],
      ['branch', 'main'],
      ['branch', 'release/1'],
      ['commit', c3],
      ['commit', c2],
      ['commit', c1],
    ]);
    expect(result.revisions[0]).toEqual({
      kind: 'stable-tag',
      ref: 'lb-stable/2026-05-02T000100Z',
      sha: c2,
      shortSha: c2.slice(0, 7),
      date: '2026-05-02T00:01:00+00:00',
      subject: 'second',
      tagMessage: 'second mark',
    });
    // A branch reads by its name, with the subject and date of its commit.
    expect(result.revisions[5]).toEqual({ kind: 'branch', ref: 'release/1', sha: c2, shortSha: c2.slice(0, 7), date: '2026-05-02T00:00:00+00:00', subject: 'second' });
    expect(result.revisions[6]).toEqual({
      kind: 'commit',
      ref: c3,
      sha: c3,
      shortSha: expect.stringMatching(/^[0-9a-f]{7,}$/),
      date: '2026-05-03T00:00:00+00:00',
      subject: 'third',
      author: 'lb-drift test',
    });
  });

  it('limits the commits', async () => {
    const repo = gitRepo({ 'a': '1' });
    for (let i = 2; i <= 5; i++) repo.commit(`commit ${i}`, { a: String(i) });
    const result = await listRevisions(repo.dir, { commits: 2 });
    expect(result.ok && result.revisions.filter((r) => r.kind === 'commit').map((r) => r.subject)).toEqual(['commit 5', 'commit 4']);
  });

  it('gives an empty list before the first commit', async () => {
    expect(await listRevisions(gitRepo().dir)).toEqual({ ok: true, revisions: [] });
  });

  it('refuses a hostile tag pattern', async () => {
    const result = await listRevisions(gitRepo().dir, { tagPattern: '--contains=HEAD' });
    expect(result).toEqual({ ok: false, message: expect.stringContaining('is not a tag pattern') });
  });
});
