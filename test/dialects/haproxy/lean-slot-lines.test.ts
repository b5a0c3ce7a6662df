/**
 * Issue 12: a server line whose parameters all set slots (`weight 3 backup`, nearly every line)
 * is read from its words, without a parameter list its member would not keep; a line with any
 * other parameter, or a keyword missing its value, is still read into one. What the members say
 * is held by lean-lowering-reads (every parameter replayed in order).
 */
import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { noIncludes } from '../../../server/src/core/dialect';
import { analyzeHaproxy } from '../../../server/src/dialects/haproxy/lower';
import { readServerParams } from '../../../server/src/dialects/haproxy/server-params';
import { replay } from './lean-server-replay';

vi.mock('../../../server/src/dialects/haproxy/server-params', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../../server/src/dialects/haproxy/server-params')>();
  return { ...actual, readServerParams: vi.fn(actual.readServerParams) };
});

afterEach(() => vi.mocked(readServerParams).mockClear());

/** How many times `readServerParams` read a line of keyword `keyword`. */
function readsOf(keyword: string): number {
  return vi.mocked(readServerParams).mock.calls.filter(([line]) => !Array.isArray(line) && (line as { keyword?: string }).keyword === keyword).length;
}

describe('a server line of slot parameters alone', () => {
  it('is read without a parameter list', () => {
    const backends = Array.from({ length: 20 }, (_, i) =>
      [`backend b${i}`, '  default-server check maxconn 10', `  server a 10.0.${i}.1:80 weight 3`, `  server b 10.0.${i}.2:80 backup no-check`, `  server-template t 1-3 10.0.${i}.9:80 check slowstart 5s`].join('\n'),
    );
    const text = ['defaults', '  default-server inter 2s', ...backends, ''].join('\n');
    const analysis = analyzeHaproxy({ path: 'haproxy.cfg', text }, noIncludes);
    expect(analysis.problems).toEqual([]);
    expect(analysis.model.pools.flatMap((p) => p.members)).toHaveLength(100);
    // Only the defaults section's default-server line is read into a list: a backend's line of
    // slot parameters alone is a level that keeps its line (21 reads before, one per backend).
    expect(readsOf('server')).toBe(0);
    expect(readsOf('server-template')).toBe(0);
    expect(readsOf('default-server')).toBe(1);
  });

  it('reads a line with another parameter or a missing value as before', () => {
    const text = ['backend b', '  server a 10.0.0.1:80 weight 2 ssl', '  server b 10.0.0.2:80 check weight', ''].join('\n');
    const analysis = analyzeHaproxy({ path: 'haproxy.cfg', text }, noIncludes);
    expect(readsOf('server')).toBe(2);
    expect(analysis.problems.map((p) => p.message)).toEqual(['"weight" on server b expects a value']);
    const [a, b] = analysis.model.pools[0]!.members;
    expect(a!.params.map((p) => `${p.name} ${p.value}`)).toEqual(['weight 2', 'ssl ']);
    expect(b!.params.map((p) => p.name)).toEqual(['check']);
    expect(b!.weightExplicit).toBe(false);
  });

  it('gives the weight and slowstart problems of the parameters in effect, at their values', () => {
    const params = fc.array(fc.constantFrom('weight 3', 'weight 300', 'weight x', 'slowstart 10s', 'slowstart 1q', 'backup', 'no-backup', 'maxconn 5', 'check'), { maxLength: 4 });
    fc.assert(
      fc.property(params, params, (defaults, own) => {
        const text = ['backend app', ...(defaults.length ? [`  default-server ${defaults.join(' ')}`] : []), `  server a 10.0.0.1:80 ${own.join(' ')}`, ''].join('\n');
        const analysis = analyzeHaproxy({ path: 'haproxy.cfg', text }, noIncludes);
        const expected = replay([defaults, own]);
        const weight = expected.get('weight');
        const slowstart = expected.get('slowstart');
        const messages = analysis.problems.map((p) => `${p.message.split(':')[0]} @${text.slice(p.loc.start, p.loc.end)}`);
        const wanted: string[] = [];
        if (weight !== undefined && (!/^\d+$/.test(weight) || Number(weight) > 256)) wanted.push(`weight of server a is "${weight}" @${weight}`);
        if (slowstart === '1q') wanted.push(`unexpected character 'q' in the slowstart of server a (got "1q"), so HAProxy will not start @1q`);
        expect(messages.sort()).toEqual(wanted.sort());
        // The value is the one in effect: on the server's own line when it sets the parameter, else on the default-server line.
        const serverLine = text.indexOf('  server a');
        for (const p of analysis.problems) {
          const name = p.message.startsWith('weight') ? 'weight' : 'slowstart';
          expect(p.loc.start > serverLine).toBe(own.some((param) => param.startsWith(name)));
        }
      }),
      { numRuns: 200, seed: 7 },
    );
  });
});
