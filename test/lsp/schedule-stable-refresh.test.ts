/**
 * An edit never waits for git once its document has a stable side: an answer past its 3 s
 * lifetime serves the next analysis at once while git is asked again behind it. The same answer
 * lives on and re-analyses nothing; a different one (a tag made outside the editor) re-analyses.
 */
import { describe, expect, it } from 'vitest';
import { StableProvider } from '../../server/src/lsp/stable-provider';
import { DEFAULT_SETTINGS } from '../../server/src/protocol/settings';
import { gitRepo } from '../helpers/git-repo';

function taggedRepo() {
  const repo = gitRepo({ 'lb/site.nginx': 'upstream app { server 127.0.0.1:8081; }\n' });
  repo.tag('lb-stable/2026-01-01T000000Z', { message: 'stable' });
  return repo;
}

describe('the stable side after its lifetime', () => {
  it('serves the answer it has at once and keeps it when git says the same', async () => {
    const repo = taggedRepo();
    let clock = 0;
    let late = 0;
    // A wait long enough that any answer that is not served from the cache would come from git.
    const provider = new StableProvider(() => late++, { waitMs: 60_000, now: () => clock });
    const first = await provider.side(repo.path('lb/site.nginx'), DEFAULT_SETTINGS);
    expect(first.summary).toMatchObject({ state: 'resolved', ref: 'lb-stable/2026-01-01T000000Z' });
    clock += 3_000;
    // Past its lifetime: the same object, not a new answer from git (which makes a new object).
    expect(await provider.side(repo.path('lb/site.nginx'), DEFAULT_SETTINGS)).toBe(first);
    await provider.revalidated();
    expect(late).toBe(0);
    clock += 1_000;
    expect(await provider.side(repo.path('lb/site.nginx'), DEFAULT_SETTINGS)).toBe(first);
  });

  it('re-analyses when git answers with another stable revision, and serves that one next', async () => {
    const repo = taggedRepo();
    let clock = 0;
    let lateAnswer!: () => void;
    const answered = new Promise<void>((resolve) => (lateAnswer = resolve));
    const provider = new StableProvider(() => lateAnswer(), { waitMs: 60_000, now: () => clock });
    const path = repo.path('lb/site.nginx');
    expect((await provider.side(path, DEFAULT_SETTINGS)).summary.ref).toBe('lb-stable/2026-01-01T000000Z');
    // Marked stable outside the editor, on a new commit.
    repo.commit('weights', { 'lb/site.nginx': 'upstream app { server 127.0.0.1:8081 weight=2; }\n' });
    repo.tag('lb-stable/2026-02-01T000000Z', { message: 'stable again' });
    clock += 3_000;
    expect((await provider.side(path, DEFAULT_SETTINGS)).summary.ref).toBe('lb-stable/2026-01-01T000000Z');
    await answered;
    const next = await provider.side(path, DEFAULT_SETTINGS);
    expect(next.summary.ref).toBe('lb-stable/2026-02-01T000000Z');
    expect(next.input?.file.text).toContain('weight=2');
  });
});
