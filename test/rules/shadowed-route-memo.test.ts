/**
 * shadowed-route remembers, per proxy, which earlier rules take each later one, by the tests'
 * value lists (which a moved reference keeps): a proxy whose conditions are the same is not
 * worked out again, and any change in its conditions (a value list, the case, the order, a rule
 * more) is.
 */
import { describe, expect, it, vi } from 'vitest';
import type { Reference, RouteTest } from '../../server/src/core/model';
import { rememberedDecisions, type Decisions } from '../../server/src/rules/haproxy/shadowed-route-memo';

const loc = (start: number) => ({ file: '/h.cfg', start, end: start + 10 });
const test = (values: readonly string[], ignoreCase = false): RouteTest => ({ sample: 'path', kind: 'prefix', values, ignoreCase, text: `path_beg ${values.join(' ')}`, loc: loc(0) });
const rule = (name: string, start: number, tests: RouteTest[]): Reference => ({ kind: 'use_backend', name, context: 'frontend', loc: loc(start), nameLoc: loc(start), scope: 'frontend www > use_backend', match: { always: false, tests } });

describe('shadowed-route decisions remembered by the conditions', () => {
  const api = ['/api'];
  const apiV2 = ['/api/v2'];
  const rules = [rule('a', 10, [test(api)]), rule('b', 40, [test(apiV2)])];
  const answer: Decisions = [undefined, [0]];

  it('works a proxy out once while its conditions stay the same, moved or not', () => {
    const decide = vi.fn(() => answer);
    expect(rememberedDecisions(rules, decide)).toBe(answer);
    // The same conditions at other offsets, in new reference objects (an edit before the proxy).
    const moved = rules.map((r) => ({ ...r, loc: loc(r.loc.start + 3), match: { always: false, tests: r.match!.tests.map((t) => ({ ...t, loc: loc(3) })) } }));
    expect(rememberedDecisions(moved, decide)).toBe(answer);
    expect(decide).toHaveBeenCalledTimes(1);
  });

  it('works it out again when a condition changes', () => {
    const decide = vi.fn((): Decisions => [undefined, undefined]);
    const variants: Reference[][] = [
      [rules[0]!, rule('b', 40, [test(['/api/v2'])])],
      [rules[0]!, rule('b', 40, [test(apiV2, true)])],
      [rules[1]!, rules[0]!],
      [...rules, rule('c', 70, [test(api)])],
    ];
    for (const variant of variants) rememberedDecisions(variant, decide);
    expect(decide).toHaveBeenCalledTimes(variants.length);
  });
});
