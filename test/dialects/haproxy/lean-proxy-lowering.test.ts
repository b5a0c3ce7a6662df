/**
 * What the lowering of one proxy section no longer makes: a list of the section's lines that are
 * not settings (its readers are given every active line and pick their own keywords), a list of
 * problems and one of `track` references for every pool that has none, and a string for each ACL
 * criterion and flag that is written in lower case (compared in the text instead). Each shortcut
 * must give the model the long way gave.
 */
import { describe, expect, it } from 'vitest';
import { noIncludes } from '../../../server/src/core/dialect';
import { parseHaproxy } from '../../../server/src/dialects/haproxy/parser';
import { analyzeHaproxy } from '../../../server/src/dialects/haproxy/lower';
import { lowerProxy, type ProxyContext } from '../../../server/src/dialects/haproxy/lower-proxy';
import { emptySettings } from '../../../server/src/dialects/haproxy/settings';
import type { HaSection } from '../../../server/src/dialects/haproxy/syntax';

const TEXT = `global
    maxconn 100
defaults
    mode http
    timeout server 30s
frontend www
    bind :80
    acl api path_beg -i /api
    acl API_UPPER PATH_BEG /v2
    acl host hdr(host) -m str -i example.com
    option forwardfor
    use_backend plain if api || host
    use_backend tracked if API_UPPER
    use-server nowhere if TRUE
    default_backend plain
backend plain
    balance roundrobin
    option httpchk GET /
    server a 10.0.0.1:80 weight 3
    timeout connect 1s
    default-server maxconn 5
    server b 10.0.0.2:80
    use-server b if TRUE
    stick-table type ip size 1k
backend tracked
    server c 10.0.0.3:80 track plain/a
    server c 10.0.0.4:80
listen other
    balance source
    server d 10.0.0.5:80
`;

function sections(text: string): readonly HaSection[] {
  return parseHaproxy(text).syntax.sections;
}

function lower(section: HaSection, text: string) {
  const context: ProxyContext = { file: 'haproxy.cfg', text, target: '2.6', recordVersions: true, namedDefaults: new Map(), lastDefaults: emptySettings() };
  return lowerProxy(section, context, false);
}

/** Calls `run` with Array.prototype.push counting the parsed lines pushed onto any list. */
function linesPushed(lines: ReadonlySet<unknown>, run: () => void): number {
  const push = Array.prototype.push;
  let pushed = 0;
  Array.prototype.push = function (this: unknown[], ...items: unknown[]) {
    for (const item of items) if (lines.has(item)) pushed++;
    return push.apply(this, items);
  };
  try {
    run();
  } finally {
    Array.prototype.push = push;
  }
  return pushed;
}

describe('lowering a proxy section', () => {
  it('lists none of its lines for the readers of servers and references', () => {
    // Before, every line that is not a setting (servers, default-server, use-server, stick-table,
    // bind, acl, use_backend) was pushed onto a list of the section's own: 7 of the frontend's and 6 of the backend's.
    for (const section of sections(TEXT).filter((s) => s.kind !== 'global' && s.kind !== 'defaults')) {
      expect(linesPushed(new Set(section.lines), () => lower(section, TEXT)), `${section.kind} ${section.name?.value}`).toBe(0);
    }
  });

  it('gives the pools, references and member references reading every line gives', () => {
    const { model, problems } = analyzeHaproxy({ path: 'haproxy.cfg', text: TEXT }, noIncludes, undefined, true);
    expect(model.pools.map((p) => [p.name, p.members.map((m) => `${m.name} ${m.weight}`)])).toEqual([
      ['plain', ['a 3', 'b 1']],
      ['tracked', ['c 1', 'c 1']],
      ['other', ['d 1']],
    ]);
    // The default-server line applies to the server after it only; the use-server line names b.
    expect(model.pools[0]!.members.map((m) => m.limits)).toEqual([{}, { maxConns: 5 }]);
    expect(model.pools[0]!.memberReferences?.map((r) => [r.name, r.member])).toEqual([['b', 1]]);
    expect(Object.keys(model.pools[0]!.facts)).toContain('stick-table');
    expect(model.references.map((r) => `${r.kind} ${r.name} ${r.pool ?? '-'}`)).toEqual(['use_backend plain backend plain', 'use_backend tracked backend tracked', 'default_backend plain backend plain', 'track plain backend plain']);
    expect(problems.map((p) => p.message)).toEqual([expect.stringContaining('another server named "c"')]);
  });

  it('shares one empty list of problems and of tracks among the pools that have none', () => {
    const all = sections(TEXT);
    const built = all.filter((s) => s.kind === 'backend' || s.kind === 'listen').map((s) => lower(s, TEXT).built!);
    const [plain, tracked, other] = built as [NonNullable<(typeof built)[0]>, NonNullable<(typeof built)[0]>, NonNullable<(typeof built)[0]>];
    expect(plain.problems).toEqual([]);
    expect(plain.tracks).toEqual([]);
    // Before, each pool kept two empty lists of its own.
    expect(other.problems).toBe(plain.problems);
    expect(other.tracks).toBe(plain.tracks);
    // A pool with problems and tracks keeps its own, and the next pool starts with none.
    expect(tracked.problems.map((p) => p.message)).toEqual([expect.stringContaining('c')]);
    expect(tracked.tracks.map((r) => r.name)).toEqual(['plain']);
    expect(lower(all.find((s) => s.name?.value === 'other')!, TEXT).built!.problems).toEqual([]);
  });
});

describe('ACL criteria and flags', () => {
  it('are compared in the text when written in lower case, and read otherwise', () => {
    const lowerCase = String.prototype.toLowerCase;
    const lowered: string[] = [];
    String.prototype.toLowerCase = function (this: string) {
      lowered.push(String(this));
      return lowerCase.call(this);
    };
    let references;
    try {
      references = analyzeHaproxy({ path: 'haproxy.cfg', text: TEXT }, noIncludes).model.references;
    } finally {
      String.prototype.toLowerCase = lowerCase;
    }
    // Before, every criterion was sliced and lowered: path_beg and hdr(host) too.
    expect(lowered).toEqual(['PATH_BEG']);
    const tests = references.filter((r) => r.kind === 'use_backend').map((r) => r.match?.tests.map((t) => [t.sample, t.kind, t.ignoreCase, ...t.values]));
    expect(tests).toEqual([
      [
        ['path', 'prefix', true, '/api'],
        ['host', 'exact', true, 'example.com'],
      ],
      [['path', 'prefix', false, '/v2']],
    ]);
  });

  it.each([
    ['-i -m beg', 'prefix', true],
    ['-m str', 'exact', false],
    ['-- -i', 'exact', false],
    ['-I', undefined, false],
    ['-m reg', undefined, false],
    ['"-i"', 'exact', false],
  ])('read the flags %s as the words they are', (flags, kind, ignoreCase) => {
    const text = `frontend f\n    acl a hdr(host) ${flags} x.example\n    use_backend b if a\nbackend b\n    server s 10.0.0.1:80\n`;
    const match = analyzeHaproxy({ path: 'haproxy.cfg', text }, noIncludes).model.references[0]!.match;
    if (kind === undefined) return expect(match).toBeUndefined();
    const values = flags === '-- -i' ? ['-i', 'x.example'] : flags === '"-i"' ? ['-i', 'x.example'] : ['x.example'];
    expect(match?.tests.map((t) => [t.kind, t.ignoreCase, t.values])).toEqual([[kind, ignoreCase, values]]);
  });
});
