/**
 * Issue 12: a prediction of HAProxy shares reads the serving group by member index
 * (`servingMembers`), without a server object per member, and writes its caveat when the caveat
 * is read. Checked against the balancer's server objects on random backends, and by counting what
 * a prediction reads of its members.
 */
import { describe, expect, it } from 'vitest';
import { noIncludes } from '../../server/src/core/dialect';
import type { Member, Pool } from '../../server/src/core/model';
import { analyzeHaproxy } from '../../server/src/dialects/haproxy/lower';
import { plainMember } from '../../server/src/rules/haproxy/common';
import { balancerOf, firstServer } from '../../server/src/traffic/haproxy/balancer';
import { chashShares } from '../../server/src/traffic/haproxy/chash';
import { ServerMap } from '../../server/src/traffic/haproxy/map';
import { servingMembers } from '../../server/src/traffic/haproxy/servers';
import { consistentTreeShares, predictHaproxyShares } from '../../server/src/traffic/haproxy/shares';

/** A small deterministic generator (the cases are the same on every run). */
function random(seed: number): () => number {
  let state = seed;
  return () => (state = (Math.imul(state, 1103515245) + 12345) >>> 0) / 2 ** 32;
}

const BALANCES = ['roundrobin', 'static-rr', 'leastconn', 'first', 'random', 'source', 'uri', 'hdr(host)'];

/** Random backends: weights with zeros, disabled servers, backups, explicit ids, allbackups, both hash types. */
function randomBackends(seed: number, count: number): Pool[] {
  const next = random(seed);
  const sections: string[] = [];
  for (let b = 0; b < count; b++) {
    const lines = [`backend b${b}`, '    mode http', `    balance ${BALANCES[b % BALANCES.length]!}`];
    if (next() < 0.4) lines.push('    hash-type consistent');
    if (next() < 0.3) lines.push('    option allbackups');
    const servers = 1 + Math.floor(next() * 7);
    for (let i = 0; i < servers; i++) {
      const weight = next() < 0.2 ? 0 : 1 + Math.floor(next() * 40);
      const flags = [`weight ${weight}`];
      if (next() < 0.25) flags.push('backup');
      if (next() < 0.15) flags.push('disabled');
      if (next() < 0.2) flags.push(`id ${1 + Math.floor(next() * 12)}`);
      if (next() < 0.3) flags.push('maxconn 50');
      lines.push(`    server s${i} 10.${b >> 8}.${b & 255}.${i}:80 ${flags.join(' ')}`);
    }
    sections.push(lines.join('\n'));
  }
  return analyzeHaproxy({ path: '/t/haproxy.cfg', text: `${sections.join('\n\n')}\n` }, noIncludes).model.pools.slice();
}

/** The shares the balancer's server objects give (the way shares were predicted before issue 12's change). */
function sharesByServers(pool: Pool): number[] {
  const { group, servers, used } = balancerOf(pool);
  const out = new Array<number>(pool.members.length).fill(0);
  if (!group) return out;
  const put = (server: { member: number }, share: number) => (out[server.member] = share);
  const total = group.servers.reduce((sum, s) => sum + s.weight, 0);
  const hashing = !['roundrobin', 'round-robin', 'static-rr', 'least-conn', 'first', 'random'].includes(pool.algorithm);
  if (group.only) put(group.only, 1);
  else if (pool.algorithm === 'least-conn') group.servers.forEach((s) => put(s, 1 / group.servers.length));
  else if (pool.algorithm === 'first') put(firstServer(group), 1);
  else if (pool.algorithm === 'random' || (hashing && pool.hash?.consistent && used > 1)) chashShares(group).forEach((share, i) => put(group.servers[i]!, share));
  else if (hashing && used === 1) put(pool.hash?.consistent ? group.servers[0]! : new ServerMap(group, servers).byHash(0), 1);
  else if (hashing) {
    const table = new ServerMap(group, servers);
    table.slotCounts().forEach((slots, i) => put(group.servers[i]!, slots / table.total));
  } else group.servers.forEach((s) => put(s, s.weight / total));
  return out;
}

describe('HAProxy shares by member index', () => {
  it('serve the group HAProxy serves: usable actives, else the first usable backup or, with allbackups, every one', () => {
    const usable = (m: Member) => m.state !== 'down' && m.weight > 0;
    const seen = { only: 0, allBackups: 0, none: 0 };
    for (const pool of randomBackends(11, 400)) {
      const indexes = (backup: boolean) => pool.members.flatMap((m, i) => ((m.role === 'backup') === backup && usable(m) ? [i] : []));
      const active = indexes(false);
      const backups = indexes(true);
      const all = pool.facts['option allbackups'] !== undefined;
      const expected =
        active.length > 0 ? { members: active, only: -1, backups: false } : backups.length > 0 ? { members: backups, only: all ? -1 : backups[0]!, backups: true } : undefined;
      expect(servingMembers(pool)).toEqual(expected);
      if (expected?.backups) seen[expected.only >= 0 ? 'only' : 'allBackups']++;
      if (!expected) seen.none++;
    }
    // The random backends reach every kind of group.
    expect(Math.min(seen.only, seen.allBackups, seen.none)).toBeGreaterThan(0);
  });

  it('equal the shares of the balancer\'s servers, and the tree shares of a consistent backend', () => {
    for (const pool of randomBackends(23, 400)) {
      expect(predictHaproxyShares(pool).members.map((m) => m.share)).toEqual(sharesByServers(pool));
      if (pool.hash?.consistent && pool.algorithm !== 'random') {
        const { group } = balancerOf(pool);
        const expected = new Array<number>(pool.members.length).fill(0);
        if (group) chashShares(group).forEach((share, i) => (expected[group.servers[i]!.member] = share));
        expect([...consistentTreeShares(pool)!]).toEqual(expected);
      }
    }
  });

  it('read no server name until a caveat or an explanation names one', () => {
    const text = 'backend app\n    mode http\n    balance uri\n    default-server maxconn 100\n    server a 10.0.0.1:80 weight 2\n    server b 10.0.0.2:80 weight 3\n    server c 10.0.0.3:80\n';
    const pool = analyzeHaproxy({ path: '/t/haproxy.cfg', text }, noIncludes).model.pools[0]!;
    let reads = 0;
    const counted = (member: Member): Member =>
      new Proxy(plainMember(member), {
        get(target, key, receiver) {
          if (key === 'name') reads++;
          return Reflect.get(target, key, receiver);
        },
      });
    const shares = predictHaproxyShares({ ...pool, members: pool.members.map(counted) });
    expect(reads).toBe(0);
    expect(shares.caveat).toContain('maxconn 100 on a does not send its keys elsewhere');
    expect(reads).toBe(1);
    expect(JSON.parse(JSON.stringify(shares)).caveat).toBe(shares.caveat);
  });
});
