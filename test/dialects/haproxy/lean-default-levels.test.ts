/**
 * Issue 12: a backend's `default-server` lines are levels over the defaults section's list: each
 * keeps its own parameters and which slots they touch, not a copy of the slots and of the list
 * below it, and the defaults section's level is one object for every backend inheriting it. What
 * a server reads through the levels is what every parameter applied in order gives.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { noIncludes } from '../../../server/src/core/dialect';
import { analyzeHaproxy } from '../../../server/src/dialects/haproxy/lower';
import { replay } from './lean-server-replay';

const PARAMS = ['weight 3', 'backup', 'no-backup', 'check', 'no-check', 'maxconn 7', 'inter 2s', 'inter 5s', 'ssl', 'no-ssl', 'observe layer4', 'id 9', 'cookie c1'];

interface Level {
  readonly parent?: Level;
  readonly slots?: readonly unknown[];
  readonly params: readonly unknown[];
  readonly line?: unknown;
}

const levelsOf = (member: unknown): Level => (member as { defaults: Level }).defaults;

describe('the default-server levels of a backend', () => {
  it('keep their own parameters only, over one shared root', () => {
    const text = ['defaults', '  default-server inter 3s check', ...[0, 1, 2].flatMap((i) => [`backend b${i}`, '  default-server maxconn 5', `  server a 10.0.${i}.1:80`, '  default-server weight 2 ssl', `  server b 10.0.${i}.2:80`]), ''].join('\n');
    const pools = analyzeHaproxy({ path: 'haproxy.cfg', text }, noIncludes).model.pools;
    const [first, second] = pools.map((pool) => pool.members.map(levelsOf));
    // Server b reads two levels over the root; server a one.
    expect(first![1]!.parent).toBe(first![0]);
    expect(first![1]!.params).toHaveLength(2);
    expect(first![1]!.line).toBeUndefined();
    // A line of slot parameters alone (maxconn 5) keeps its line, not a list of parameters (one before).
    expect(first![0]!.params).toHaveLength(0);
    expect(first![0]!.line).toBeDefined();
    // Only the root holds slots, and every backend shares it (before, each level was a copy of the slots and the whole list).
    expect(first![0]!.slots).toBeUndefined();
    expect(first![1]!.slots).toBeUndefined();
    expect(first![0]!.parent).toBe(second![0]!.parent);
    expect(first![0]!.parent!.slots).toBeDefined();
    const b = pools[1]!.members[1]!;
    expect(b.params.map((p) => `${p.name} ${p.value}`)).toEqual(['inter 3s', 'check ', 'maxconn 5', 'weight 2', 'ssl ']);
  });

  it('read as every parameter applied in order', () => {
    const params = fc.array(fc.constantFrom(...PARAMS), { maxLength: 4 });
    fc.assert(
      fc.property(params, params, params, params, (inDefaults, first, second, own) => {
        const text = [
          'defaults',
          ...(inDefaults.length ? [`  default-server ${inDefaults.join(' ')}`] : []),
          'backend app',
          ...(first.length ? [`  default-server ${first.join(' ')}`] : []),
          '  server a 10.0.0.1:80',
          ...(second.length ? [`  default-server ${second.join(' ')}`] : []),
          `  server b 10.0.0.2:80 ${own.join(' ')}`,
          '',
        ].join('\n');
        const [a, b] = analyzeHaproxy({ path: 'haproxy.cfg', text }, noIncludes).model.pools[0]!.members;
        const cases = [
          [a!, replay([inDefaults, first])],
          [b!, replay([inDefaults, first, second, own])],
        ] as const;
        for (const [member, expected] of cases) {
          const reader = member as unknown as { paramPresent(n: string): boolean; paramValue(n: string): string | undefined };
          for (const name of ['weight', 'backup', 'check', 'maxconn', 'inter', 'ssl', 'no-ssl', 'observe', 'id', 'cookie']) {
            expect(reader.paramPresent(name)).toBe(expected.has(name));
            expect(reader.paramValue(name)).toBe(expected.get(name));
          }
          expect(member.params.map((p) => `${p.name} ${p.value}`)).toEqual([...expected].map(([name, value]) => `${name} ${value}`));
          expect(member.role).toBe(expected.has('backup') ? 'backup' : 'primary');
          expect(member.limits.maxConns).toBe(expected.has('maxconn') ? 7 : undefined);
        }
      }),
      { numRuns: 300, seed: 5 },
    );
  });
});
