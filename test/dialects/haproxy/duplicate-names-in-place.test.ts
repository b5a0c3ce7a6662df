/**
 * A backend's servers are compared by name in the text (neither name sliced, a template server's
 * number compared digit by digit) when both names are written plainly, by their names otherwise: the duplicate-name
 * problems must be those a comparison of the members' names gives, for plain, quoted and escaped
 * names, templates whose servers take a server's name, and servers with ids.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { noIncludes } from '../../../server/src/core/dialect';
import { analyzeHaproxy } from '../../../server/src/dialects/haproxy/lower';
import { ID } from '../../../server/src/dialects/haproxy/server-params';
import type { HaproxyMember } from '../../../server/src/dialects/haproxy/servers';

const LINES = ['server a 10.0.0.1:80', 'server ab 10.0.0.2:80', 'server "a" 10.0.0.3:80', "server 'ab' 10.0.0.4:80", 'server a\\b 10.0.0.5:80', 'server t1 10.0.0.6:80', 'server-template t 1-2 10.0.0.7:80', 'server-template t 9-11 10.0.0.10:80', 'server t10 10.0.0.11:80', 'server-template "t" 10-10 10.0.0.12:80', 'server b 10.0.0.8:80 id 9', 'server bb 10.0.0.9:80'];

describe('duplicate server names compared in place', () => {
  it('are those the members\u2019 names give', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...LINES), { minLength: 1, maxLength: 20 }), (lines) => {
        const text = ['backend app', ...lines.map((l) => `    ${l}`), ''].join('\n');
        const analysis = analyzeHaproxy({ path: 'h.cfg', text }, noIncludes);
        const members = analysis.model.pools[0]!.members as HaproxyMember[];
        const expected: string[] = [];
        members.forEach((m, i) => {
          if (m.slotParam(ID)) return;
          if (members.slice(0, i).some((o) => !o.slotParam(ID) && o.name === m.name)) expected.push(`${m.nameLoc!.start} ${m.name}`);
        });
        const found = analysis.problems.filter((p) => p.message.includes('is already defined')).map((p) => `${p.loc.start} ${/"(.*)"/.exec(p.message)![1]}`);
        expect(found).toEqual(expected);
      }),
      { numRuns: 300, seed: 21 },
    );
  });
});
