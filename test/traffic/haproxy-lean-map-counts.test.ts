/**
 * Issue 12: a map-based backend's shares are its table's slot counts, which `fullTableCounts`
 * gives without building the table (a full table's smooth pass holds each server exactly its
 * weight over the divisor). Checked against the table itself on random weights, and the shares
 * of whole backends against the counted table.
 */
import { describe, expect, it } from 'vitest';
import { noIncludes } from '../../server/src/core/dialect';
import { analyzeHaproxy } from '../../server/src/dialects/haproxy/lower';
import { balancerOf } from '../../server/src/traffic/haproxy/balancer';
import { fullTableCounts, ServerMap } from '../../server/src/traffic/haproxy/map';
import type { HaServer, ServingGroup } from '../../server/src/traffic/haproxy/servers';
import { predictHaproxyShares } from '../../server/src/traffic/haproxy/shares';

/** A small deterministic generator (the cases are the same on every run). */
function random(seed: number): () => number {
  let state = seed;
  return () => (state = (Math.imul(state, 1103515245) + 12345) >>> 0) / 2 ** 32;
}

function server(member: number, weight: number, backup = false): HaServer {
  return { member, weight, backup, usable: weight > 0, id: member + 1, name: `s${member}` };
}

describe('map-based slot counts', () => {
  it('equal the slots each server holds in the built table', () => {
    const next = random(7);
    for (let t = 0; t < 5_000; t++) {
      const count = 2 + Math.floor(next() * (t % 4 === 0 ? 40 : 8));
      const most = [2, 5, 10, 40, 256][t % 5]!;
      // Some weights 0 and a backup among all the servers: they change the divisor, not the group.
      const all = Array.from({ length: count }, (_, i) => server(i, Math.floor(next() * (most + 1)), i === count - 1 && t % 3 === 0));
      const group: ServingGroup = { servers: all.filter((s) => s.usable && !s.backup), backups: false };
      if (group.servers.length < 2) continue;
      const { counts, total } = fullTableCounts(group, all);
      const table = new ServerMap(group, all);
      expect([...counts]).toEqual(table.slotCounts());
      expect(total).toBe(table.total);
    }
  });

  it('give the shares the counted table gives', () => {
    const text = [
      'backend a\n    balance uri\n    server a1 10.0.0.1:80 weight 3\n    server a2 10.0.0.2:80 weight 6\n    server a3 10.0.0.3:80 weight 0\n    server a4 10.0.0.4:80 weight 9 backup\n',
      'backend b\n    balance source\n    server b1 10.0.1.1:80 weight 7\n    server b2 10.0.1.2:80 weight 5\n    server b3 10.0.1.3:80 disabled\n',
      'backend c\n    balance hdr(host)\n    server c1 10.0.2.1:80 weight 256\n    server c2 10.0.2.2:80 weight 1\n    server c3 10.0.2.3:80 weight 100\n',
    ].join('\n');
    const { model } = analyzeHaproxy({ path: '/t/haproxy.cfg', text }, noIncludes);
    for (const pool of model.pools) {
      const { group, servers } = balancerOf(pool);
      const table = new ServerMap(group!, servers);
      const counts = table.slotCounts();
      const expected = pool.members.map((_, index) => {
        const at = group!.servers.findIndex((s) => s.member === index);
        return at < 0 ? 0 : counts[at]! / table.total;
      });
      expect(predictHaproxyShares(pool).members.map((m) => m.share)).toEqual(expected);
    }
  });
});
