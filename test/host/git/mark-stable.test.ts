/**
 * "Mark Current Commit as Stable": an annotated `lb-stable/<UTC timestamp>` tag on HEAD that
 * becomes the auto choice; never on a repository without commits, never moving a tag.
 */
import { describe, expect, it } from 'vitest';
import { markStable, resolveStable, stableTagName } from '../../../server/src/host/git';
import { gitRepo } from '../../helpers/git-repo';

describe('markStable', () => {
  it('names tags after the UTC time, without ":" so they are valid ref names', () => {
    expect(stableTagName(new Date('2026-11-25T10:15:00.789Z'))).toBe('lb-stable/2026-11-25T101500Z');
    expect(stableTagName(new Date('2026-01-02T03:04:05+02:00'))).toBe('lb-stable/2026-01-02T010405Z');
  });

  it('creates an annotated tag at HEAD that becomes the auto stable revision', async () => {
    const repo = gitRepo({ 'nginx.conf': 'upstream a { server 10.0.0.1; }\n' });
    repo.tag('lb-stable/older', { message: 'older', date: '2026-01-01T00:00:00Z' });
    const head = repo.commit('second', { 'nginx.conf': 'upstream a { server 10.0.0.2; }\n' });

    const result = await markStable(repo.dir);
    expect(result).toEqual({ ok: true, tag: expect.stringMatching(/^lb-stable\/\d{4}-\d{2}-\d{2}T\d{6}Z$/), sha: head });
    if (!result.ok) return;
    expect(repo.git('cat-file', '-t', `refs/tags/${result.tag}`)).toBe('tag');
    expect(repo.git('rev-parse', `${result.tag}^{commit}`)).toBe(head);
    expect(repo.git('tag', '-l', '--format=%(contents:subject)', result.tag)).toBe('Marked as stable by lb-drift');
    expect(repo.git('check-ref-format', `refs/tags/${result.tag}`)).toBe('');

    expect(await resolveStable(repo.path('nginx.conf'), { stableRef: 'auto' })).toEqual({
      kind: 'resolved',
      ref: result.tag,
      sha: head,
      source: 'tag',
      root: repo.dir,
    });
  });

  it('keeps a message that looks like an option as text', async () => {
    const repo = gitRepo({ 'nginx.conf': '' });
    const result = await markStable(repo.dir, '--delete everything\n# not a comment', { now: new Date('2026-06-01T00:00:00Z') });
    expect(result).toEqual({ ok: true, tag: 'lb-stable/2026-06-01T000000Z', sha: repo.head() });
    expect(repo.git('tag', '-l', '--format=%(contents)', 'lb-stable/2026-06-01T000000Z')).toBe('--delete everything\n# not a comment');
  });

  it('never moves an existing tag; marking the same commit twice in one second is the same mark', async () => {
    const repo = gitRepo({ 'nginx.conf': '' });
    const now = new Date('2026-06-01T12:00:00Z');
    const first = repo.head();
    expect(await markStable(repo.dir, undefined, { now })).toEqual({ ok: true, tag: 'lb-stable/2026-06-01T120000Z', sha: first });
    expect(await markStable(repo.dir, undefined, { now })).toEqual({ ok: true, tag: 'lb-stable/2026-06-01T120000Z', sha: first });

    repo.commit('next', { 'nginx.conf': '#\n' });
    const again = await markStable(repo.dir, undefined, { now });
    expect(again).toEqual({ ok: false, message: expect.stringContaining('already exists on another commit') });
    expect(repo.sha('lb-stable/2026-06-01T120000Z')).toBe(first);
  });

  it('refuses a repository without commits', async () => {
    const repo = gitRepo();
    expect(await markStable(repo.dir)).toEqual({ ok: false, message: expect.stringContaining('has no commits yet') });
    expect(repo.git('tag', '-l')).toBe('');
  });

  it('says how to set a name and email when git has none', async () => {
    const repo = gitRepo({ 'nginx.conf': '' });
    repo.git('config', '--unset', 'user.name');
    repo.git('config', '--unset', 'user.email');
    // Without config, git would guess an identity from the host; this makes it ask instead.
    repo.git('config', 'user.useConfigOnly', 'true');
    const saved = { global: process.env.GIT_CONFIG_GLOBAL, nosystem: process.env.GIT_CONFIG_NOSYSTEM };
    process.env.GIT_CONFIG_GLOBAL = '/dev/null';
    process.env.GIT_CONFIG_NOSYSTEM = '1';
    try {
      const result = await markStable(repo.dir);
      expect(result).toEqual({ ok: false, message: expect.stringContaining('git needs your name and email') });
    } finally {
      restore('GIT_CONFIG_GLOBAL', saved.global);
      restore('GIT_CONFIG_NOSYSTEM', saved.nosystem);
    }
  });
});

function restore(name: string, value: string | undefined): void {
  if (value === undefined) delete process.env[name];
  else process.env[name] = value;
}
