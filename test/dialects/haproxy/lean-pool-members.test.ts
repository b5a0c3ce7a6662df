/**
 * Issue 12: a backend's servers are read into one scratch list every pool shares, and the pool
 * keeps a copy at its size: no list of its own grows server by server (to room for 17 or more,
 * then thrown away).
 */
import { describe, expect, it } from 'vitest';
import { noIncludes } from '../../../server/src/core/dialect';
import { analyzeHaproxy } from '../../../server/src/dialects/haproxy/lower';
import { HaproxyMember } from '../../../server/src/dialects/haproxy/servers';

const backend = (i: number) =>
  [`backend b${i}`, '  default-server check', ...Array.from({ length: 6 }, (_, s) => `  server s${s} 10.0.${i}.${s}:80 weight ${s + 1}`), `  server-template t 1-4 10.0.${i}.9:80`].join('\n');

describe('the members of a pool', () => {
  it('are read without a list pushed server by server', () => {
    const text = ['defaults', '  mode http', ...Array.from({ length: 10 }, (_, i) => backend(i)), ''].join('\n');
    // Counted by hand: a spy would record every push of the process.
    const push = Array.prototype.push;
    let pushedMembers = 0;
    Array.prototype.push = function (this: unknown[], ...items: unknown[]): number {
      for (let i = 0; i < items.length; i++) if (items[i] instanceof HaproxyMember) pushedMembers++;
      return push.apply(this, items);
    };
    let pools;
    try {
      pools = analyzeHaproxy({ path: 'haproxy.cfg', text }, noIncludes).model.pools;
    } finally {
      Array.prototype.push = push;
    }
    expect(pools.map((p) => p.members.length)).toEqual(new Array(10).fill(10));
    expect(pools[3]!.members.map((m) => m.name)).toEqual(['s0', 's1', 's2', 's3', 's4', 's5', 't1', 't2', 't3', 't4']);
    // Before, each of the 100 servers was pushed onto a list of its pool's own.
    expect(pushedMembers).toBe(0);
  });

});
