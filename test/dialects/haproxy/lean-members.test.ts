/**
 * A lowered HAProxy server is one small object: it keeps its line and parameters, not word
 * objects (their spans are read from the line when a location is asked for), and which of the
 * parameters lowering reads of every server (id, check, observe, track, cookie, ...) its own line
 * sets is one number, the others being read from the inherited default-server settings. Those
 * reads must give what looking the parameter up by name gives, and the locations what the words
 * say.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { noIncludes } from '../../../server/src/core/dialect';
import { analyzeHaproxy } from '../../../server/src/dialects/haproxy/lower';
import { paramText } from '../../../server/src/dialects/haproxy/server-params';
import { HaproxyMember } from '../../../server/src/dialects/haproxy/servers';
import { replay, SERVER_SLOTS } from './lean-server-replay';

const SLOTS = SERVER_SLOTS;
const PARAMS = ['weight 3', 'backup', 'no-backup', 'disabled', 'enabled', 'check', 'no-check', 'maxconn 7', 'slowstart 10s', 'id 12', 'id 40', 'observe layer7', 'track other/s1', 'cookie c1', 'cookie c2', 'inter 2s'];

/** Whether a value is a word object of the syntax tree (a span with a value and a quoted flag). */
const isWord = (value: unknown): boolean => typeof value === 'object' && value !== null && 'quoted' in value && 'value' in value;

describe('a lowered server', () => {
  it('keeps no word objects, only its line and parameters, in thirteen fields or fewer', () => {
    const text = ['defaults', '  default-server check inter 2s', 'backend app', '  server a 10.0.0.1:80 weight 3 cookie a', '  server-template t 1-2 10.0.0.9:80 backup', ''].join('\n');
    const members = analyzeHaproxy({ path: 'haproxy.cfg', text }, noIncludes).model.pools[0]!.members;
    expect(members).toHaveLength(3);
    for (const member of members) {
      const fields = Object.values(member as object);
      expect(fields.length).toBeLessThanOrEqual(13);
      expect(fields.filter(isWord)).toEqual([]);
      // Its parameters name their words by index on the line.
      for (const field of fields) if (Array.isArray(field)) for (const param of field) expect(Object.values(param as object).filter(isWord)).toEqual([]);
    }
  });

  it('reads each slot as the inherited and own parameters looked up by name give, with the words\u2019 spans', () => {
    const params = fc.array(fc.constantFrom(...PARAMS), { maxLength: 5 });
    fc.assert(
      fc.property(params, params, params, (inDefaults, beforeFirst, own) => {
        const serverLine = `  server a 10.0.0.1:80 ${own.join(' ')}`;
        const text = [
          'defaults',
          ...(inDefaults.length ? [`  default-server ${inDefaults.join(' ')}`] : []),
          'backend app',
          ...(beforeFirst.length ? [`  default-server ${beforeFirst.join(' ')}`] : []),
          serverLine,
          '',
        ].join('\n');
        const member = analyzeHaproxy({ path: 'haproxy.cfg', text }, noIncludes).model.pools[0]!.members[0] as HaproxyMember;
        const expected = replay([inDefaults, beforeFirst, own]);
        for (const [name, slot] of Object.entries(SLOTS)) {
          const param = member.slotParam(slot);
          expect(param?.name).toBe(expected.has(name) ? name : undefined);
          if (param) expect(paramText(param)).toBe(expected.get(name));
          expect(member.paramValue(name)).toBe(expected.get(name));
        }
        const lineStart = text.indexOf(serverLine);
        expect(member.nameLoc).toEqual({ file: 'haproxy.cfg', start: lineStart + 9, end: lineStart + 10 });
        expect(member.addressLoc).toEqual({ file: 'haproxy.cfg', start: lineStart + 11, end: lineStart + 22 });
        const weight = member.weightLoc;
        if (weight) expect(text.slice(weight.start, weight.end)).toBe(`weight ${expected.get('weight')}`);
        for (const p of member.params) expect(text.slice(p.loc.start, p.loc.end)).toBe(p.value === '' ? p.name : `${p.name} ${p.value}`);
      }),
      { numRuns: 300, seed: 11 },
    );
  });
});
