/**
 * A server's merged parameters are read like the map HAProxy's inheritance gives (the inherited
 * `default-server` settings applied first, then the server's own; a later setting replaces an
 * earlier one, `no-X` removes `X`), though the inherited ones are merged once for every server
 * that shares them and the server's own are looked up from the last.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mergeServerParams, type ServerParam } from '../../../server/src/dialects/haproxy/server-params';

const NAMES = ['weight', 'backup', 'no-backup', 'check', 'no-check', 'disabled', 'enabled', 'maxconn', 'ssl', 'no-ssl', 'id'];

/** A parameter of its own one-word line at `at`. */
const param = (name: string, at: number): ServerParam => ({
  name,
  line: { words: [{ start: at, end: at + name.length, value: name, quoted: false }], start: at, end: at + name.length, lineStart: at, active: true },
  at: 0,
  valued: false,
});

/** The reference: one map, every parameter applied in order. */
function replay(params: readonly ServerParam[]): Map<string, ServerParam> {
  const cancels: Record<string, string> = { 'no-backup': 'backup', 'no-check': 'check', enabled: 'disabled', 'no-ssl': 'ssl' };
  const merged = new Map<string, ServerParam>();
  for (const p of params) {
    if (cancels[p.name]) merged.delete(cancels[p.name]!);
    else merged.set(p.name, p);
  }
  return merged;
}

describe('merged server parameters', () => {
  it('read like a map of the inherited then the own parameters applied in order', () => {
    const list = fc.array(fc.constantFrom(...NAMES), { maxLength: 8 });
    fc.assert(
      fc.property(list, list, (inheritedNames, ownNames) => {
        const inherited = inheritedNames.map((n, i) => param(n, i * 100));
        const own = ownNames.map((n, i) => param(n, 10_000 + i * 100));
        const expected = replay([...inherited, ...own]);
        const merged = mergeServerParams(inherited, own);
        for (const name of NAMES) {
          expect(merged.get(name)).toBe(expected.get(name));
          expect(merged.has(name)).toBe(expected.has(name));
        }
        expect([...merged.values()]).toEqual([...expected.values()]);
        // A list that grew (a default-server line read after the first server) is merged again.
        inherited.push(param('weight', 5_000));
        expect(mergeServerParams(inherited, own).get('weight')).toBe(replay([...inherited, ...own]).get('weight'));
      }),
      { numRuns: 300, seed: 7 },
    );
  });
});
