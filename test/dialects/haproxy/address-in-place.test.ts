/**
 * A server's address is judged in the text when it is written plainly (no quote or escape), so
 * that its word is not sliced for every server: the problems lowering reports must be those the
 * word's value gives, for addresses written plainly, quoted, escaped or both, after servers and
 * templates of other lengths (the span judged must be the address word's).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { noIncludes } from '../../../server/src/core/dialect';
import { analyzeHaproxy } from '../../../server/src/dialects/haproxy/lower';
import { serverAddressProblem } from '../../../server/src/dialects/haproxy/server-address';

/** Addresses as written: plain, quoted, escaped, with ports HAProxy refuses. */
const ADDRESSES: readonly string[] = [
  '10.0.0.1:80',
  '10.0.0.1:65536',
  '10.0.0.1:80-90',
  '10.0.0.1:8x',
  '"10.0.0.1:99999"',
  "'10.0.0.1':80",
  '10.0.0.1:"80"000',
  '10.0.0.1:8\\0',
  '10.0.0.1\\:99999',
  'app.internal',
  '[::1]:70000',
  '${ADDR}:99999',
  '"a b":1-2',
];

describe('a server address judged in place', () => {
  it('gives the problems its value gives', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom(...ADDRESSES), fc.boolean(), fc.constantFrom('s', 'server-long-name')), { minLength: 1, maxLength: 4 }), (servers) => {
        const lines = servers.map(([written, template, name], i) => (template ? `    server-template ${name}${i} 1-2 ${written} check` : `    server ${name}${i} ${written} weight 2`));
        const text = ['backend app', ...lines, ''].join('\n');
        const analysis = analyzeHaproxy({ path: 'h.cfg', text }, noIncludes);
        const problems = analysis.problems;
        // The value of each line's address, as its first member reads it from the word.
        const members = analysis.model.pools[0]!.members;
        const values = lines.map((line) => members.find((m) => m.loc.start === text.indexOf(line) + 4)!.address);
        const expected = servers.flatMap(([written, , name], i) => {
          const problem = serverAddressProblem(values[i]!);
          if (!problem) return [];
          const start = text.indexOf(` ${written} `, text.indexOf(lines[i]!)) + 1;
          return [{ message: `server ${name}${i}: ${problem}`, start, end: start + written.length }];
        });
        expect(problems.map((p) => ({ message: p.message, start: p.loc.start, end: p.loc.end }))).toEqual(expected);
      }),
      { numRuns: 200, seed: 9 },
    );
  });
});
