/**
 * The nginx member and pool views compute their facts once per analysis: every getter returns the
 * right value, and the same object on a second read (so rules that read them for every pool
 * allocate nothing). Servers with equal limits share one limits object; different limits never do.
 */
import { describe, expect, it } from 'vitest';
import { noIncludes } from '../../../server/src/core/dialect';
import { activeMembers, type Member, type Pool } from '../../../server/src/core/model';
import { analyzeNginx } from '../../../server/src/dialects/nginx/lower';
import { ngxParseSeconds } from '../../../server/src/dialects/nginx/upstream-server';

const TEXT = `http {
    upstream backend {
        hash $request_uri consistent;
        zone backend 64k;
        server 10.0.0.1:8080 weight=5 max_fails=3 fail_timeout=30s max_conns=100;
        server 10.0.0.2:8080 weight=2 max_fails=3 fail_timeout=30s max_conns=100;
        server 10.0.0.3:8080 max_fails=0;
        server 10.0.0.4:8080 backup;
        server 10.0.0.5:8080 down slow_start=10s;
        server 10.0.0.6:8080;
        keepalive 16 extra;
    }
}`;

function pool(): Pool {
  const { model, problems } = analyzeNginx({ path: '/etc/nginx/nginx.conf', text: TEXT }, noIncludes);
  expect(problems).toEqual([]);
  return model.pools[0]!;
}

const at = (loc: { start: number; end: number }) => TEXT.slice(loc.start, loc.end);

describe('nginx member views', () => {
  it('return the values the config says', () => {
    const [first, , zeroFails, backup, down, plain] = pool().members as [Member, Member, Member, Member, Member, Member];
    expect(at(first.loc)).toBe('server 10.0.0.1:8080 weight=5 max_fails=3 fail_timeout=30s max_conns=100;');
    expect(at(first.addressLoc)).toBe('10.0.0.1:8080');
    expect(at(first.weightLoc!)).toBe('weight=5');
    expect(first.limits).toEqual({ maxConns: 100, maxFails: 3, failTimeout: '30s' });
    expect(first.params.map((p) => [p.name, p.value, at(p.loc)])).toEqual([
      ['weight', '5', 'weight=5'],
      ['max_fails', '3', 'max_fails=3'],
      ['fail_timeout', '30s', 'fail_timeout=30s'],
      ['max_conns', '100', 'max_conns=100'],
    ]);
    expect(zeroFails.limits).toEqual({ maxFails: 0 });
    expect(backup.params.map((p) => [p.name, p.value])).toEqual([['backup', '']]);
    expect(down.limits).toEqual({ slowStart: '10s' });
    expect(plain.weightLoc).toBeUndefined();
    expect(plain.params).toEqual([]);
    expect(plain.limits).toEqual({});
  });

  it('return the same object on a second read', () => {
    for (const member of pool().members) {
      expect(member.loc).toBe(member.loc);
      expect(member.addressLoc).toBe(member.addressLoc);
      expect(member.weightLoc).toBe(member.weightLoc);
      expect(member.params).toBe(member.params);
      expect(member.limits).toBe(member.limits);
    }
  });

  it('share a limits object between servers with equal limits, and only then', () => {
    const [first, second, zeroFails, , , plain] = pool().members as Member[];
    expect(second!.limits).toBe(first!.limits);
    expect(zeroFails!.limits).not.toBe(first!.limits);
    expect(Object.isFrozen(first!.limits)).toBe(true);
    expect(Object.isFrozen(plain!.params)).toBe(true);
  });

  it('serialise with every field', () => {
    const json = JSON.parse(JSON.stringify(pool().members[0]));
    expect(json).toMatchObject({ address: '10.0.0.1:8080', weight: 5, limits: { maxFails: 3 }, params: [{ name: 'weight', value: '5' }, {}, {}, {}] });
  });
});

describe('nginx pool views', () => {
  it('return the values the config says', () => {
    const upstream = pool();
    expect(at(upstream.nameLoc)).toBe('backend');
    expect(upstream.algorithmText).toBe('hash $request_uri consistent');
    expect(at(upstream.algorithmLoc!)).toBe('hash $request_uri consistent;');
    expect(upstream.facts.keepalive?.value).toBe('16 extra');
    expect(upstream.facts.zone?.value).toBe('backend 64k');
    expect(upstream.health.passive).toBe(true);
    expect(upstream.health.passiveDisabledAt.map(at)).toEqual(['max_fails=0']);
    expect(activeMembers(upstream).map((m) => m.address)).toEqual(['10.0.0.1:8080', '10.0.0.2:8080', '10.0.0.3:8080', '10.0.0.6:8080']);
  });

  it('return the same object on a second read', () => {
    const upstream = pool();
    for (const read of [(p: Pool) => p.loc, (p: Pool) => p.nameLoc, (p: Pool) => p.algorithmLoc, (p: Pool) => p.facts, (p: Pool) => p.health]) {
      expect(read(upstream)).toBe(read(upstream));
    }
    expect(activeMembers(upstream)).toBe(activeMembers(upstream));
  });

  it('report passive checks off only when every serving primary has max_fails=0', () => {
    const text = 'upstream u {\n    server a:1 max_fails=0;\n    server b:1 max_fails=0;\n    server c:1 backup;\n}';
    const [off] = analyzeNginx({ path: '/etc/nginx/conf.d/u.conf', text }, noIncludes).model.pools;
    expect(off!.health.passive).toBe(false);
    expect(off!.health.passiveDisabledAt).toHaveLength(2);
  });
});

describe('fail_timeout parsing', () => {
  it('agrees with nginx on the common forms and the edge cases', () => {
    expect(ngxParseSeconds('10s')).toBe(10n);
    expect(ngxParseSeconds('30')).toBe(30n);
    expect(ngxParseSeconds('2M')).toBe(5184000n);
    expect(ngxParseSeconds('9999999999y')).toBe(9999999999n * 31536000n);
    expect(ngxParseSeconds('1m30s')).toBe(90n);
    expect(ngxParseSeconds('10ms')).toBeUndefined();
    expect(ngxParseSeconds('10x')).toBeUndefined();
    expect(ngxParseSeconds('s')).toBeUndefined();
    expect(ngxParseSeconds('')).toBeUndefined();
  });
});
