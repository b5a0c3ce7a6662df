/**
 * The stable side's wait for git: an analysis that stops waiting goes ahead with "pending", and
 * the answer, whenever it comes, re-analyses; an answer within the wait re-analyses nothing.
 * The decision rests on what the analysis got, not on two clocks: with the clock frozen (so
 * "answered 0 ms after it started"), an analysis that went ahead must still get its drift.
 */
import { describe, expect, it } from 'vitest';
import { StableProvider } from '../../server/src/lsp/stable-provider';
import { DEFAULT_SETTINGS } from '../../server/src/protocol/settings';
import { gitRepo } from '../helpers/git-repo';

function taggedRepo() {
  const repo = gitRepo({ 'lb/site.nginx': 'upstream app { server 127.0.0.1:8081; }\n' });
  repo.tag('lb-stable/2026-01-01T000000Z', { message: 'stable' });
  return repo.path('lb/site.nginx');
}

describe('the stable side while git is slow', () => {
  it('re-analyses when git answers after an analysis went ahead without it, whatever the clock says', async () => {
    const path = taggedRepo();
    let lateAnswer!: () => void;
    const answered = new Promise<void>((resolve) => (lateAnswer = resolve));
    // No wait at all, and a clock that never moves: git's answer always comes "0 ms" after the start.
    const provider = new StableProvider(() => lateAnswer(), { waitMs: 0, now: () => 0 });
    const first = await provider.side(path, DEFAULT_SETTINGS);
    expect(first.summary.state).toBe('pending');
    await answered;
    const second = await provider.side(path, DEFAULT_SETTINGS);
    expect(second.summary).toMatchObject({ state: 'resolved', ref: 'lb-stable/2026-01-01T000000Z' });
  });

  it('re-analyses nothing when git answers within the wait', async () => {
    const path = taggedRepo();
    let late = 0;
    const provider = new StableProvider(() => late++, { waitMs: 60_000 });
    const side = await provider.side(path, DEFAULT_SETTINGS);
    expect(side.summary.state).toBe('resolved');
    await new Promise((resolve) => setImmediate(resolve));
    expect(late).toBe(0);
  });
});

describe('the stable side under load', () => {
  it('keeps an answer until an analysis has used it, however long the analyses queued', async () => {
    const path = taggedRepo();
    let clock = 0;
    let lateAnswer!: () => void;
    const answered = new Promise<void>((resolve) => (lateAnswer = resolve));
    const provider = new StableProvider(() => lateAnswer(), { waitMs: 0, now: () => clock });
    expect((await provider.side(path, DEFAULT_SETTINGS)).summary.state).toBe('pending');
    await answered;
    // The re-analysis the late answer started comes 10 s later (a long queue on a busy machine):
    // it gets the answer, instead of asking git again and going ahead without it once more.
    clock += 10_000;
    expect((await provider.side(path, DEFAULT_SETTINGS)).summary.state).toBe('resolved');
    // Once used, the answer lives 3 s, so a tag made outside the editor is seen soon after: then
    // it serves at once while git is asked again (schedule-stable-refresh.test.ts).
    clock += 3_000;
    expect((await provider.side(path, DEFAULT_SETTINGS)).summary.state).toBe('resolved');
    await provider.revalidated();
  });
});
