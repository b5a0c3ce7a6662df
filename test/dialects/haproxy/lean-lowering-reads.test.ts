/**
 * The reads the HAProxy lowering does once instead of again and again must give what reading by
 * name gave: a server's weight, role, state, limits and health parameters read in one pass over
 * its own parameters onto the inherited ones' slots equal a map of every parameter applied in
 * order; the timeout and option facts read once per defaults section are each file's; duplicate
 * server names are found pairwise in small backends as with a set in large ones.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { noIncludes } from '../../../server/src/core/dialect';
import type { Pool } from '../../../server/src/core/model';
import { analyzeHaproxy } from '../../../server/src/dialects/haproxy/lower';
import { replay } from './lean-server-replay';

const PARAMS = ['weight 0', 'weight 3', 'weight 300', 'backup', 'no-backup', 'disabled', 'enabled', 'check', 'no-check', 'maxconn 7', 'maxconn 9', 'slowstart 10s', 'observe layer7', 'inter 2s', 'ssl', 'no-ssl'];

function lowered(text: string, path = 'haproxy.cfg') {
  return analyzeHaproxy({ path, text }, noIncludes);
}

describe('a server read once', () => {
  it('has the weight, role, state, limits and parameters a map of its inherited and own parameters gives', () => {
    const params = fc.array(fc.constantFrom(...PARAMS), { maxLength: 5 });
    fc.assert(
      fc.property(params, params, params, params, (inDefaults, beforeFirst, own, second) => {
        const text = [
          'defaults',
          ...(inDefaults.length ? [`  default-server ${inDefaults.join(' ')}`] : []),
          'backend app',
          ...(beforeFirst.length ? [`  default-server ${beforeFirst.join(' ')}`] : []),
          `  server a 10.0.0.1:80 ${own.join(' ')}`,
          `  server b 10.0.0.2:80 ${second.join(' ')}`,
          '',
        ].join('\n');
        const pool = lowered(text).model.pools[0]!;
        pool.members.forEach((member, i) => {
          const expected = replay([inDefaults, beforeFirst, i === 0 ? own : second]);
          const weightText = expected.get('weight');
          const weight = weightText === undefined ? 1 : Math.min(Number(weightText), 256);
          expect(member.weight).toBe(weight);
          expect(member.weightExplicit).toBe(expected.has('weight'));
          expect(member.role).toBe(expected.has('backup') ? 'backup' : 'primary');
          expect(member.state).toBe(expected.has('disabled') ? 'down' : weight === 0 ? 'drained' : 'up');
          expect(member.limits.maxConns).toBe(expected.has('maxconn') ? Number(expected.get('maxconn')) : undefined);
          expect(member.limits.slowStart).toBe(expected.get('slowstart'));
          expect(member.hashId).toBe(i + 1);
          for (const name of ['weight', 'backup', 'disabled', 'check', 'maxconn', 'observe', 'ssl', 'no-ssl', 'inter']) {
            const reader = member as unknown as { paramPresent(n: string): boolean; paramValue(n: string): string | undefined };
            expect(reader.paramPresent(name)).toBe(expected.has(name));
            expect(reader.paramValue(name)).toBe(expected.get(name));
          }
          expect(member.params.map((p) => p.name)).toEqual([...expected.keys()]);
        });
        const checked = pool.members.map((_, i) => replay([inDefaults, beforeFirst, i === 0 ? own : second]).has('check'));
        const serving = pool.members.filter((m) => m.state === 'up' && m.weight > 0);
        expect(pool.health.active).toBe(serving.length > 0 && pool.members.every((m, i) => !(m.state === 'up' && m.weight > 0) || checked[i]));
        expect(pool.health.passive).toBe(pool.members.some((_, i) => replay([inDefaults, beforeFirst, i === 0 ? own : second]).has('observe')));
      }),
      { numRuns: 400, seed: 11 },
    );
  });
});

describe('facts a defaults section gives every proxy', () => {
  const text = `defaults
  timeout connect 5s
  timeout server 30s
  option redispatch
  option allbackups
backend one
  server a 10.0.0.1:80
backend two
  server b 10.0.0.2:80
backend three
  no option allbackups
  timeout server 1s
  server c 10.0.0.3:80
`;

  // Each analysis reads its defaults sections into maps of its own, so the facts read once per map
  // are also the file's; the test holds it should the maps ever be kept between analyses.
  it('are located in the file analysed, whichever file read the same section first', () => {
    for (const path of ['first.cfg', 'second.cfg', 'first.cfg']) {
      const pools = new Map<string, Pool>(lowered(text, path).model.pools.map((p) => [p.name, p]));
      for (const pool of pools.values()) for (const fact of Object.values(pool.facts)) expect(fact.loc.file).toBe(path);
      expect(pools.get('one')!.facts['timeout server']).toBe(pools.get('two')!.facts['timeout server']);
    }
  });

  it('stay as written for the proxies that change none, in their order, when one proxy changes them', () => {
    const pools = new Map<string, Pool>(lowered(text).model.pools.map((p) => [p.name, p]));
    const named = (pool: string) => Object.entries(pools.get(pool)!.facts).filter(([k]) => k.startsWith('timeout') || k.startsWith('option')).map(([k, f]) => `${k}=${f.value}`);
    expect(named('one')).toEqual(['timeout connect=5s', 'timeout server=30s', 'option allbackups=allbackups', 'option redispatch=redispatch']);
    expect(named('two')).toEqual(named('one'));
    expect(named('three')).toEqual(['timeout connect=5s', 'timeout server=1s', 'option redispatch=redispatch']);
  });
});

describe('duplicate server names', () => {
  const backend = (count: number) => {
    const lines = ['backend app'];
    for (let i = 0; i < count; i++) lines.push(`  server s${i % 7} 10.0.0.${i}:80${i === 9 ? ' id 90' : ''}`);
    lines.push('  server-template s 1-2 10.0.1.1:80', '');
    return lines.join('\n');
  };
  const duplicates = (text: string) => lowered(text).problems.map((p) => p.message).filter((m) => m.includes('already defined')).map((m) => /"(.*)"/.exec(m)![1]);

  it('are each server after the first without an id of its name, in small and large backends alike', () => {
    // Servers s0..s6, then s0..s6 again (the one at index 9, s2, has an id), then the template's s1 and s2.
    expect(duplicates(backend(14))).toEqual(['s0', 's1', 's3', 's4', 's5', 's6', 's1', 's2']);
    expect(duplicates(backend(5))).toEqual(['s1', 's2']);
    // Past 16 servers (a set instead of pairs): the third round of names is reported too.
    expect(duplicates(backend(20))).toEqual(['s0', 's1', 's3', 's4', 's5', 's6', 's0', 's1', 's2', 's3', 's4', 's5', 's1', 's2']);
  });

  it('are not reported after a server of that name with an id', () => {
    const withId = (fillers: number) => `backend app\n  server d 10.0.0.1:80 id 500\n${Array.from({ length: fillers }, (_, i) => `  server f${i} 10.0.2.${i}:80\n`).join('')}  server d 10.0.0.2:80\n`;
    expect(duplicates(withId(2))).toEqual([]);
    expect(duplicates(withId(20))).toEqual([]);
  });
});
