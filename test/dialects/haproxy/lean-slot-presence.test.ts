/**
 * Issue 12: whether a server has a slot parameter (`check`, `observe`, `id`: health checks,
 * duplicate names and rules ask it of every server) is answered without making the parameter a
 * default-server line sets: a level keeping its line (servers.ts) makes one from its words each
 * time it is read, as garbage, where presence needs only where it is written. What the members
 * answer is held by lean-default-levels and lean-server-lists (every parameter replayed in order).
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { noIncludes } from '../../../server/src/core/dialect';
import { analyzeHaproxy } from '../../../server/src/dialects/haproxy/lower';
import { slotParamAt } from '../../../server/src/dialects/haproxy/server-params';

vi.mock('../../../server/src/dialects/haproxy/server-params', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../../server/src/dialects/haproxy/server-params')>();
  return { ...actual, slotParamAt: vi.fn(actual.slotParamAt) };
});

afterEach(() => vi.mocked(slotParamAt).mockClear());

describe('the presence of a slot parameter', () => {
  it('is read without making the parameter', () => {
    const backends = Array.from({ length: 20 }, (_, i) =>
      [`backend b${i}`, '  default-server check maxconn 10', `  server a 10.0.${i}.1:80 weight 3`, `  server b 10.0.${i}.2:80`, `  server c 10.0.${i}.3:80 no-check`].join('\n'),
    );
    const text = ['defaults', '  default-server inter 2s', ...backends, ''].join('\n');
    const pools = analyzeHaproxy({ path: 'haproxy.cfg', text }, noIncludes).model.pools;
    // Each level applies its two slots to the scratch slots once (40), and each pool's health
    // reads its first checked server's parameter for its location (20); the other servers are
    // asked whether they check (80 before: the parameter of every server inheriting it was made).
    expect(vi.mocked(slotParamAt).mock.calls).toHaveLength(60);
    expect(pools.map((p) => p.health.active)).toEqual(Array(20).fill(false));
    vi.mocked(slotParamAt).mockClear();
    const members = pools.flatMap((p) => p.members) as unknown as { paramPresent(name: string): boolean }[];
    expect(members.map((m) => ['check', 'maxconn', 'id', 'observe'].map((n) => m.paramPresent(n)).join())).toEqual(
      Array.from({ length: 20 }, () => ['true,true,false,false', 'true,true,false,false', 'false,true,false,false']).flat(),
    );
    expect(vi.mocked(slotParamAt).mock.calls).toHaveLength(0);
  });
});
