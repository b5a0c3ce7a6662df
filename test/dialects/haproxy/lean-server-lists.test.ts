/**
 * A lowered HAProxy server whose own parameters all set slots (weight, backup, check, id, ...:
 * nearly every server line) keeps no parameter list: its slots answer every lookup, and the list
 * is read again from its line when someone asks for it. Every lookup (by slot, by name, the whole
 * list, the weight's location) must still give what applying the parameters in order gives,
 * whether the list is kept or not, with value words that look like keywords (`cookie weight`) and
 * a last keyword missing its value.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { noIncludes } from '../../../server/src/core/dialect';
import { analyzeHaproxy } from '../../../server/src/dialects/haproxy/lower';
import { paramText } from '../../../server/src/dialects/haproxy/server-params';
import type { HaproxyMember } from '../../../server/src/dialects/haproxy/servers';
import { replay, SERVER_SLOTS } from './lean-server-replay';

const SLOTS = SERVER_SLOTS;
/** Parameters that set slots only: a line of these keeps no list. */
const SLOT_PARAMS = ['weight 3', 'weight 0', 'backup', 'no-backup', 'disabled', 'enabled', 'check', 'no-check', 'maxconn 7', 'slowstart 10s', 'id 12', 'observe layer7', 'track other/s1', 'cookie c1', 'cookie weight', 'cookie backup'];
/** Parameters without a slot, and flags cancelling one: a line with one of these keeps its list. */
const OTHER_PARAMS = ['inter 2s', 'ssl', 'no-ssl', 'agent-check', 'send-proxy', 'fall 3'];
const NAMES = [...Object.keys(SLOTS), 'inter', 'ssl', 'agent-check', 'send-proxy', 'fall', 'no-backup', 'no-ssl', 'rise'];

function lowerServer(inDefaults: readonly string[], own: readonly string[], dangling: string): { member: HaproxyMember; text: string } {
  const text = ['defaults', ...(inDefaults.length ? [`  default-server ${inDefaults.join(' ')}`] : []), 'backend app', `  server a 10.0.0.1:80 ${[...own, dangling].join(' ')}`.trimEnd(), ''].join('\n');
  return { member: analyzeHaproxy({ path: 'haproxy.cfg', text }, noIncludes).model.pools[0]!.members[0] as HaproxyMember, text };
}

describe('a lowered server without a kept parameter list', () => {
  it('keeps no list for a line of slot parameters only, and keeps one otherwise', () => {
    const slotOnly = lowerServer(['inter 2s'], ['weight 3', 'backup', 'cookie weight'], '').member;
    const other = lowerServer([], ['weight 3', 'ssl'], '').member;
    const lists = (member: HaproxyMember) => Object.values(member as object).filter((field) => Array.isArray(field) && field.length > 0);
    expect(lists(slotOnly)).toEqual([]);
    // The kept list is beside the member, not a field of every member.
    expect(lists(other)).toEqual([]);
    expect((other as unknown as { own: readonly unknown[] }).own).toHaveLength(2);
    expect((slotOnly as unknown as { own: readonly unknown[] }).own).toHaveLength(0);
    // The list is still there when asked for, read again from the line.
    expect(slotOnly.params.map((p) => `${p.name}=${p.value}`)).toEqual(['inter=2s', 'weight=3', 'backup=', 'cookie=weight']);
  });

  it('answers every lookup as the parameters applied in order do, kept list or not', () => {
    const params = (from: readonly string[]) => fc.array(fc.constantFrom(...from), { maxLength: 5 });
    const own = fc.oneof(params(SLOT_PARAMS), params([...SLOT_PARAMS, ...OTHER_PARAMS]));
    fc.assert(
      fc.property(params([...SLOT_PARAMS, ...OTHER_PARAMS]), own, fc.constantFrom('', 'weight', 'maxconn', 'cookie'), (inDefaults, ownParams, dangling) => {
        const { member, text } = lowerServer(inDefaults, ownParams, dangling);
        const expected = replay([inDefaults, ownParams]);
        for (const [name, slot] of Object.entries(SLOTS)) {
          const param = member.slotParam(slot);
          expect(param?.name).toBe(expected.has(name) ? name : undefined);
          if (param) expect(paramText(param)).toBe(expected.get(name));
        }
        for (const name of NAMES) {
          expect(member.paramPresent(name)).toBe(expected.has(name));
          expect(member.paramValue(name)).toBe(expected.get(name));
          expect(member.param(name)?.value).toBe(expected.get(name));
        }
        expect(new Map(member.params.map((p) => [p.name, p.value]))).toEqual(expected);
        for (const p of member.params) expect(text.slice(p.loc.start, p.loc.end)).toBe(p.value === '' ? p.name : `${p.name} ${p.value}`);
        const weight = member.weightLoc;
        expect(weight && text.slice(weight.start, weight.end)).toBe(expected.has('weight') ? `weight ${expected.get('weight')}` : undefined);
      }),
      { numRuns: 400, seed: 12 },
    );
  });
});
