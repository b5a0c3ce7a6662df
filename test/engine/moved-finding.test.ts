/**
 * A finding moved by an edit (`shiftFinding`) is a copy that remembers the finding it was first
 * moved from without a field anyone sees: its keys, their order, JSON, a spread copy and deep
 * equality are those of the plain object a spread gives, and `originOf` leads back to the first
 * finding across any number of moves.
 */
import { describe, expect, it } from 'vitest';
import type { Finding } from '../../server/src/core/finding';
import { originOf, shiftFinding } from '../../server/src/engine/incremental';

const PATH = '/etc/nginx/nginx.conf';
const OTHER = '/etc/nginx/conf.d/other.conf';

/** What the previous code made: a spread with the locations in the root file moved. */
function spreadShift(finding: Finding, delta: number): Finding {
  const move = (loc: Finding['loc']) => (loc.file === PATH ? { file: loc.file, start: loc.start + delta, end: loc.end + delta } : loc);
  return {
    ...finding,
    loc: move(finding.loc),
    ...(finding.related ? { related: finding.related.map((r) => ({ ...r, loc: move(r.loc) })) } : {}),
    ...(finding.fixes
      ? {
          fixes: finding.fixes.map((f) => ({
            ...f,
            intents: f.intents.map((i) => (i.kind === 'edit' ? { ...i, edits: i.edits.map((e) => ({ ...e, loc: move(e.loc) })) } : i.kind === 'remove-param' ? { ...i, param: move(i.param) } : { ...i, member: move(i.member) })),
          })),
        }
      : {}),
  };
}

const FINDINGS: Finding[] = [
  { rule: 'weight-skew', severity: 'warning', message: 'a gets 71%', loc: { file: PATH, start: 40, end: 60 } },
  {
    rule: 'uneven-failure-limits',
    severity: 'info',
    message: 'max_fails differ',
    loc: { file: PATH, start: 100, end: 130 },
    related: [
      { loc: { file: PATH, start: 140, end: 150 }, message: 'here' },
      { loc: { file: OTHER, start: 3, end: 9 }, message: 'and in an include' },
    ],
    fixes: [
      {
        title: 'Set max_fails=3',
        safety: 'safe',
        intents: [
          { kind: 'set-param', member: { file: PATH, start: 100, end: 130 }, param: 'max_fails', value: '3' },
          { kind: 'edit', edits: [{ loc: { file: PATH, start: 131, end: 131 }, text: ' ' }] },
          { kind: 'remove-param', param: { file: PATH, start: 120, end: 129 } },
        ],
      },
    ],
    tags: ['unnecessary'],
  },
  // Fields in another order, and one present but undefined, as a rule's own report may give them.
  { loc: { file: PATH, start: 7, end: 9 }, message: 'ordered otherwise', severity: 'hint', rule: 'unused-pool', related: undefined, count: 3 },
] as Finding[];

describe('a moved finding', () => {
  it('reads, spreads, serialises and compares as the spread copy did', () => {
    for (const finding of FINDINGS) {
      for (const delta of [1, -3, 250]) {
        const moved = shiftFinding(finding, PATH, delta);
        const expected = spreadShift(finding, delta);
        expect(Object.keys(moved)).toEqual(Object.keys(expected));
        expect(JSON.stringify(moved)).toBe(JSON.stringify(expected));
        expect(JSON.stringify({ ...moved })).toBe(JSON.stringify(expected));
        expect(Object.getOwnPropertySymbols(moved)).toEqual([]);
        expect(moved).toEqual(expected);
        expect(expected).toEqual(moved);
        // The original is left as it was.
        expect(finding.loc.start).toBe(FINDINGS[FINDINGS.indexOf(finding)]!.loc.start);
      }
    }
  });

  it('leads back to the first finding across moves, and a spread copy is no moved finding', () => {
    const first = FINDINGS[1]!;
    let moved = first;
    for (let i = 0; i < 5; i++) {
      moved = shiftFinding(moved, PATH, i % 2 === 0 ? 2 : -1);
      expect(originOf(moved)).toBe(first);
    }
    expect(moved.loc.start).toBe(first.loc.start + 4);
    expect(shiftFinding(moved, PATH, 0)).toBe(moved);
    expect(originOf(first)).toBeUndefined();
    expect(originOf({ ...moved })).toBeUndefined();
  });
});
