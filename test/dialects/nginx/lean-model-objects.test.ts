/**
 * Issue 12: the nginx model lives as long as an analysis, so every object of it is copied by the
 * young-generation collector before it is promoted. A lowered member holds its tree and file as
 * one object shared by the members of a file (thirteen fields), and a directive note is four
 * fields and no location until one is read. What they say must not change: the fields, the
 * spread copy a share prediction reads, and the JSON of notes and members.
 */
import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { noIncludes } from '../../../server/src/core/dialect';
import type { DirectiveNote, Member } from '../../../server/src/core/model';
import { FlatNginxTree } from '../../../server/src/dialects/nginx/flat-tree';
import { analyzeNginx } from '../../../server/src/dialects/nginx/lower';

afterEach(() => {
  vi.restoreAllMocks();
});

const PARAMS = ['weight=3', 'weight=0', 'weight=7', 'max_fails=2', 'max_fails=0', 'fail_timeout=10s', 'max_conns=5', 'slow_start=3s', 'backup', 'down', 'drain', 'resolve', 'max_fail=2', 'weigth=2', 'route=a'];
const ADDRESSES = ['10.0.0.1:80', 'app.internal:8080', 'unix:/run/app.sock', '[::1]:81', 'localhost'];

/** What a server line says, read again from its words: the reference a lowered member must agree with. */
function expected(address: string, params: readonly string[]) {
  const valid = params.filter((p) => !p.startsWith('max_fail=') && !p.startsWith('weigth=') && p !== 'weight=0');
  const weights = valid.filter((p) => p.startsWith('weight='));
  return {
    address,
    weight: weights.length > 0 ? Number(weights[weights.length - 1]!.slice(7)) : 1,
    weightExplicit: weights.length > 0,
    resolveParam: valid.includes('resolve'),
    params: valid.map((p) => (p.includes('=') ? { name: p.slice(0, p.indexOf('=')), value: p.slice(p.indexOf('=') + 1) } : { name: p, value: '' })),
  };
}

function lower(lines: readonly (readonly [string, readonly string[]])[]) {
  const text = `http {\n    upstream app {\n${lines.map(([a, p]) => `        server ${[a, ...p].join(' ')};\n`).join('')}    }\n}\n`;
  return { text, model: analyzeNginx({ path: '/etc/nginx/nginx.conf', text }, noIncludes).model };
}

describe('a lowered nginx member', () => {
  it('is thirteen fields, and the members of a file share one tree-and-file object', () => {
    const { model } = lower([
      ['10.0.0.1:80', ['weight=2', 'max_fails=3']],
      ['10.0.0.2:80', ['backup']],
      ['app.internal:80', ['resolve']],
    ]);
    const members = model.pools[0]!.members;
    for (const member of members) expect(Object.keys(member).length).toBeLessThanOrEqual(13);
    const sites = new Set(members.map((m) => (m as unknown as { site: object }).site));
    expect(sites.size).toBe(1);
    expect([...sites][0]).toMatchObject({ file: '/etc/nginx/nginx.conf' });
  });

  it('reads weight, weightExplicit, resolveParam and params as its server line says', () => {
    const line = fc.tuple(fc.constantFrom(...ADDRESSES), fc.array(fc.constantFrom(...PARAMS), { maxLength: 6 }));
    fc.assert(
      fc.property(fc.array(line, { minLength: 1, maxLength: 5 }), (lines) => {
        const { text, model } = lower(lines);
        const members = model.pools[0]!.members;
        expect(members).toHaveLength(lines.length);
        members.forEach((member, i) => {
          const want = expected(lines[i]![0], lines[i]![1]);
          expect(member.address).toBe(want.address);
          expect(member.weight).toBe(want.weight);
          expect(member.weightExplicit).toBe(want.weightExplicit);
          expect(member.resolveParam).toBe(want.resolveParam);
          expect(member.params.map((p) => ({ name: p.name, value: p.value }))).toEqual(want.params);
          for (const p of member.params) expect(text.slice(p.loc.start, p.loc.end)).toBe(p.value === '' ? p.name : `${p.name}=${p.value}`);
          if (want.weightExplicit) expect(text.slice(member.weightLoc!.start, member.weightLoc!.end)).toBe(`weight=${want.weight}`);
          else expect(member.weightLoc).toBeUndefined();
        });
      }),
      { numRuns: 150 },
    );
  });

  it('keeps in a spread copy every field a share prediction reads, and its JSON', () => {
    const { model } = lower([
      ['10.0.0.1:80', ['weight=2', 'down']],
      ['app.internal:80', ['backup', 'max_conns=4']],
    ]);
    for (const member of model.pools[0]!.members) {
      const copy: Member = { ...member };
      for (const key of ['address', 'weight', 'weightExplicit', 'role', 'state', 'peers', 'resolvesByName', 'resolveParam', 'limits'] as const) expect(copy[key]).toEqual(member[key]);
      expect(Object.keys(JSON.parse(JSON.stringify(member)) as object)).toEqual([
        'address',
        'addressLoc',
        'loc',
        'weight',
        'weightExplicit',
        'weightLoc',
        'role',
        'state',
        'peers',
        'resolvesByName',
        'limits',
        'params',
      ].filter((key) => key !== 'weightLoc' || member.weightExplicit));
    }
  });
});

// No directive here is out of place: a context error is reported at the name, which would read its start.
const NOTES_TEXT = `http {
    upstream app {
        zone app 64k;
        sticky cookie srv_id;
        ntlm;
        server 10.0.0.1:80;
    }
    server {
        listen 80;
        location / {
            proxy_pas http://app;
            status_zone site;
        }
    }
}
`;

describe('a collected nginx directive note', () => {
  it('makes its location only when read, and then the same one', () => {
    const nameStart = vi.spyOn(FlatNginxTree.prototype, 'nameStart');
    const notes = analyzeNginx({ path: '/etc/nginx/nginx.conf', text: NOTES_TEXT }, noIncludes).model.directiveNotes!;
    expect(notes.length).toBeGreaterThanOrEqual(4);
    expect(nameStart).not.toHaveBeenCalled();
    for (const note of notes) {
      expect(NOTES_TEXT.slice(note.loc.start, note.loc.end)).toBe(note.name);
      expect(note.loc).toBe(note.loc);
    }
    expect(nameStart).toHaveBeenCalledTimes(notes.length);
  });

  it('reads as JSON with the fields of a literal note, in their order', () => {
    const notes = analyzeNginx({ path: '/etc/nginx/nginx.conf', text: NOTES_TEXT }, noIncludes).model.directiveNotes!;
    const suggested = notes.find((note) => note.name === 'proxy_pas')!;
    expect(suggested.suggestion).toBe('proxy_pass');
    for (const note of notes) {
      const literal: DirectiveNote = { name: note.name, loc: note.loc, context: note.context, builds: note.builds, ...(note.suggestion ? { suggestion: note.suggestion } : {}) };
      expect(JSON.stringify(note)).toBe(JSON.stringify(literal));
    }
  });
});
