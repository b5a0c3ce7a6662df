/**
 * A lowered HAProxy server keeps six fields: its line, the default-server settings in effect
 * (with the file, shared by the servers of a pool), the mask of the slots its own parameters set
 * (the few lines with another parameter keep their list beside it), its scalars packed in one
 * number, its limits and its id. Its name and address are read
 * from its line when asked (a template's server adds its number to the prefix), and its weight,
 * role and state from the packed number: they must read as the line says, on the lowered member,
 * in its JSON and on the view of a member an edit before it moved.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { noIncludes } from '../../../server/src/core/dialect';
import type { Member } from '../../../server/src/core/model';
import { analyzeHaproxy } from '../../../server/src/dialects/haproxy/lower';
import { analyzeFile } from '../../../server/src/engine/analyze';

interface Server {
  readonly name: string;
  readonly template?: readonly [number, number];
  readonly address: string;
  readonly params: readonly string[];
}

/** What a member of `server` (with `inherited` default-server parameters) reads, by the rules HAProxy documents. */
function expected(server: Server, inherited: readonly string[], number?: number) {
  const words = [...inherited, ...server.params].join(' ').split(' ').filter(Boolean);
  let weight: string | undefined;
  let backup = false;
  let disabled = false;
  for (let i = 0; i < words.length; i++) {
    if (words[i] === 'weight') weight = words[++i];
    else if (words[i] === 'backup') backup = true;
    else if (words[i] === 'no-backup') backup = false;
    else if (words[i] === 'disabled') disabled = true;
    else if (words[i] === 'enabled') disabled = false;
  }
  const value = weight === undefined ? 1 : Math.min(Number(weight), 256);
  return {
    name: number === undefined ? server.name : `${server.name}${number}`,
    address: server.address,
    weight: value,
    weightExplicit: weight !== undefined,
    role: backup ? 'backup' : 'primary',
    state: disabled ? 'down' : value === 0 ? 'drained' : 'up',
  };
}

const scalars = (member: Member) => ({ name: member.name, address: member.address, weight: member.weight, weightExplicit: member.weightExplicit, role: member.role, state: member.state });

const PARAMS = ['weight 0', 'weight 3', 'weight 256', 'weight 300', 'backup', 'no-backup', 'disabled', 'enabled', 'check', 'inter 2s'];
const server = fc.record({
  name: fc.constantFrom('s', 'app-1', 'web'),
  template: fc.option(fc.constantFrom<readonly [number, number]>([1, 3], [7, 8], [131070, 131072], [4000000000, 4000000001]), { nil: undefined }),
  address: fc.constantFrom('10.0.0.1:80', 'db.internal', '[::1]:443', '10.9.8.7'),
  params: fc.array(fc.constantFrom(...PARAMS), { maxLength: 4 }),
});

function lineOf(s: Server): string {
  const head = s.template ? `server-template ${s.name} ${s.template[0]}-${s.template[1]}` : `server ${s.name}`;
  return `  ${head} ${s.address} ${s.params.join(' ')}`.trimEnd();
}

function textOf(servers: readonly Server[], inherited: readonly string[]): string {
  return ['defaults', ...(inherited.length ? [`  default-server ${inherited.join(' ')}`] : []), 'backend app', ...servers.map(lineOf), ''].join('\n');
}

function expectedAll(servers: readonly Server[], inherited: readonly string[]) {
  return servers.flatMap((s) => {
    if (!s.template) return [expected(s, inherited)];
    const out = [];
    for (let n = s.template[0]; n <= s.template[1]; n++) out.push(expected(s, inherited, n));
    return out;
  });
}

describe('a lowered server read from its line and packed scalars', () => {
  it('keeps six fields, none of them its name or address', () => {
    const text = textOf([{ name: 'alpha', address: '10.0.0.1:80', params: ['weight 3'] }, { name: 'tpl', template: [1, 2], address: '10.0.0.2:80', params: [] }], []);
    for (const member of analyzeHaproxy({ path: 'haproxy.cfg', text }, noIncludes).model.pools[0]!.members) {
      const fields = Object.values(member as object);
      // Six since its own parameter list (kept by few members) moved beside it.
      expect(fields.length).toBeLessThanOrEqual(6);
      expect(fields.filter((field) => typeof field === 'string')).toEqual([]);
    }
  });

  it('reads name, address, weight, role and state as the line says, in its fields and its JSON', () => {
    fc.assert(
      fc.property(fc.array(server, { minLength: 1, maxLength: 4 }), fc.array(fc.constantFrom(...PARAMS), { maxLength: 3 }), (servers, inherited) => {
        const text = textOf(servers, inherited);
        const members = analyzeHaproxy({ path: 'haproxy.cfg', text }, noIncludes).model.pools[0]!.members;
        const want = expectedAll(servers, inherited);
        expect(members.map(scalars)).toEqual(want);
        expect(members.map((m) => scalars(JSON.parse(JSON.stringify(m)) as Member))).toEqual(want);
      }),
      { numRuns: 200, seed: 5 },
    );
  });

  it('reads the same on the view of a member moved by an edit before it', () => {
    const servers: Server[] = [
      { name: 'a', address: '10.0.0.1:80', params: ['weight 0'] },
      { name: 'b', template: [131070, 131072], address: '10.0.0.2:80', params: ['backup', 'weight 7'] },
      { name: 'c', address: 'db.internal', params: ['disabled'] },
    ];
    const body = textOf(servers, ['weight 2']).replace('backend app', 'backend first\n  server f1 10.0.0.9:80\nbackend app');
    const options = { dialect: 'haproxy' as const };
    const previous = analyzeFile({ path: '/h.cfg', text: body }, noIncludes, options);
    const text = body.replace('server f1 10.0.0.9:80', 'server f1 10.0.0.9:80 weight 20');
    const next = analyzeFile({ path: '/h.cfg', text }, noIncludes, { ...options, previous });
    const fresh = analyzeFile({ path: '/h.cfg', text }, noIncludes, options);
    const moved = next.model!.pools.find((p) => p.name === 'app')!.members;
    const plain = fresh.model!.pools.find((p) => p.name === 'app')!.members;
    expect(moved.map(scalars)).toEqual(expectedAll(servers, ['weight 2']));
    expect(JSON.parse(JSON.stringify(moved))).toEqual(JSON.parse(JSON.stringify(plain)));
  });
});
