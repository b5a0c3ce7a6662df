/**
 * Matching two revisions by identity: pools by key, members by the backend their address names,
 * repeats by occurrence order, never by line; pairs in the current order with what is gone placed
 * after what preceded it.
 */
import { describe, expect, it } from 'vitest';
import type { Model, Pool } from '../../server/src/core/model';
import { align, matchMembers, matchPools } from '../../server/src/drift/match';
import { buildPool, buildSplitPool, type MemberSpec } from '../helpers/pool-builder';

const model = (pools: Pool[]): Model => ({ dialect: 'nginx', root: 'x.conf', pools, references: [], facts: {}, complete: false });
const pool = (name: string, members: (MemberSpec | string)[], context = 'http') => buildPool({ name, members, context });

/** `stable>current` per pair, `-` for a missing side. */
function show(pairs: ReturnType<typeof matchMembers>): string[] {
  return pairs.map((p) => `${p.stable?.address ?? '-'}>${p.current?.address ?? '-'}`);
}

describe('matchMembers', () => {
  it('pairs by the backend an address names, not by line or spelling', () => {
    const stable = pool('b', ['10.0.0.1', 'App.Internal:8080', '[::1]:9000', '10.0.0.9:80']);
    const current = pool('b', ['[0:0::1]:9000', '10.0.0.1:80', 'app.internal:8080']);
    expect(show(matchMembers(stable, current))).toEqual([
      '[::1]:9000>[0:0::1]:9000',
      // Gone: placed after the member that preceded it at stable, which is now first.
      '10.0.0.9:80>-',
      '10.0.0.1>10.0.0.1:80',
      'App.Internal:8080>app.internal:8080',
    ]);
  });

  it('pairs repeated addresses by occurrence order and keeps indices', () => {
    const stable = pool('b', [{ address: '10.0.0.1:80', weight: 1 }, '10.0.0.2:80', { address: '10.0.0.1:80', weight: 3 }]);
    const current = pool('b', ['10.0.0.2:80', { address: '10.0.0.1:80', weight: 5 }, { address: '10.0.0.1:80', weight: 7 }, '10.0.0.1:80']);
    const pairs = matchMembers(stable, current);
    expect(pairs.map((p) => [p.stableIndex, p.currentIndex])).toEqual([
      [1, 0],
      [0, 1],
      [2, 2],
      [undefined, 3],
    ]);
    expect(pairs.map((p) => `${p.stable?.weight ?? '-'}>${p.current?.weight}`)).toEqual(['1>1', '1>5', '3>7', '->1']);
  });

  it('places a removed member after the member that preceded it at stable, or first', () => {
    const stable = pool('b', ['10.0.0.1:80', '10.0.0.2:80', '10.0.0.3:80', '10.0.0.4:80']);
    const current = pool('b', ['10.0.0.3:80', '10.0.0.5:80']);
    expect(show(matchMembers(stable, current))).toEqual([
      '10.0.0.1:80>-',
      '10.0.0.2:80>-',
      '10.0.0.3:80>10.0.0.3:80',
      '10.0.0.4:80>-',
      '->10.0.0.5:80',
    ]);
  });

  it('does not treat localhost as 127.0.0.1 alone (it is two peers), nor http and stream ports alike', () => {
    expect(show(matchMembers(pool('b', ['localhost:80']), pool('b', ['127.0.0.1:80'])))).toEqual(['localhost:80>-', '->127.0.0.1:80']);
    expect(show(matchMembers(pool('b', ['10.0.0.1'], 'stream'), pool('b', ['10.0.0.1:80'], 'stream')))).toEqual(['10.0.0.1>-', '->10.0.0.1:80']);
  });

  it('names split_clients parts by their value', () => {
    const stable = buildSplitPool('v', '$remote_addr', [['10%', 'a'], ['*', 'b']]);
    const current = buildSplitPool('v', '$remote_addr', [['20%', 'c'], ['10%', 'a'], ['*', 'b']]);
    expect(show(matchMembers(stable, current))).toEqual(['->c', 'a>a', 'b>b']);
  });

  it('handles a missing side', () => {
    expect(show(matchMembers(undefined, pool('b', ['10.0.0.1:80'])))).toEqual(['->10.0.0.1:80']);
    expect(show(matchMembers(pool('b', ['10.0.0.1:80']), undefined))).toEqual(['10.0.0.1:80>-']);
  });
});

describe('matchPools', () => {
  it('pairs pools by key and keeps removed ones in their stable place', () => {
    const stable = model([pool('a', ['1.1.1.1:80']), pool('gone', ['2.2.2.2:80']), pool('b', ['3.3.3.3:80']), pool('c', [], 'stream')]);
    const current = model([pool('b', ['3.3.3.3:80']), pool('new', []), pool('a', ['1.1.1.1:80']), pool('c', ['9.9.9.9:1'], 'stream')]);
    const pairs = matchPools(stable, current);
    expect(pairs.map((p) => `${p.stable?.name ?? '-'}>${p.current?.name ?? '-'}`)).toEqual(['b>b', '->new', 'a>a', 'gone>-', 'c>c']);
    expect(pairs[0]!.members.map((m) => m.current?.address)).toEqual(['3.3.3.3:80']);
  });

  it('without a stable model, every pool is new', () => {
    expect(matchPools(undefined, model([pool('a', ['1.1.1.1:80'])])).map((p) => [p.stable, p.current?.name])).toEqual([[undefined, 'a']]);
  });

  it('pairs pools with a repeated key by occurrence order', () => {
    const stable = model([pool('a', ['1.1.1.1:80']), pool('a', ['2.2.2.2:80'])]);
    const current = model([pool('a', ['1.1.1.1:80'])]);
    const pairs = matchPools(stable, current);
    expect(pairs.map((p) => `${p.stable?.members[0]?.address ?? '-'}>${p.current?.members[0]?.address ?? '-'}`)).toEqual([
      '1.1.1.1:80>1.1.1.1:80',
      '2.2.2.2:80>-',
    ]);
  });
});

describe('align', () => {
  it('is linear: 200,000 items in either order pair up', () => {
    const n = 200_000;
    const stable = Array.from({ length: n }, (_, i) => `k${i}`);
    const current = [...stable].reverse();
    const pairs = align(stable, current, (x) => x);
    expect(pairs.length).toBe(n);
    expect(pairs.every((p) => stable[p.stable] === current[p.current])).toBe(true);
  });
});
