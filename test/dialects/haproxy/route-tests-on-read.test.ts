/**
 * Route tests (the ACL tests of a `use_backend` condition) keep their words and make their text
 * and location when read: lowering stores only what every analysis reads (sample, kind, values,
 * case), as shadowed-route reads a test's text only for the findings it lists. The texts and
 * locations read are checked against the config as written (named, anonymous, flagged, `--`,
 * quoted and empty-named ACLs), in the fields and order a plain test serialised to.
 */
import { describe, expect, it } from 'vitest';
import { noIncludes } from '../../../server/src/core/dialect';
import type { Reference, RouteTest } from '../../../server/src/core/model';
import { analyzeHaproxy } from '../../../server/src/dialects/haproxy/lower';

const text = `frontend www
    bind :80
    acl api path_beg /api /v2
    acl api hdr(host) -i API.example.com
    acl exact path -m beg /exact
    acl dashed path_beg -- -x
    acl "" path /empty
    use_backend one if api || { hdr_beg(host) -i static. }
    use_backend two if exact or dashed || ""
    use_backend two if api || unknown
    use_backend one if { path   /spaced }
    default_backend two
backend one
    server a 10.0.0.1:80
backend two
    server b 10.0.0.2:80
`;

function useBackends(): Reference[] {
  return analyzeHaproxy({ path: 'haproxy.cfg', text }, noIncludes).model.references.filter((r) => r.kind === 'use_backend');
}

/** Where `written` is in the config (it occurs once): the location a test of it must have. */
function locOf(written: string): { file: string; start: number; end: number } {
  const start = text.indexOf(written);
  expect(text.indexOf(written, start + 1)).toBe(-1);
  return { file: 'haproxy.cfg', start, end: start + written.length };
}

describe('route tests made on read', () => {
  it('stores only what every analysis reads until the text or location is asked for', () => {
    const tests = useBackends().flatMap((r) => r.match?.tests ?? []);
    expect(tests).toHaveLength(7);
    // Before, every test was lowered with its text and location written out (fails there); its
    // sample, kind and case are bits of one private number since, read through getters.
    for (const test of tests) expect(Object.keys(test)).toEqual(['values']);
    expect(tests.map((t) => `${t.sample} ${t.kind} ${t.ignoreCase}`)).toEqual([
      'path prefix false',
      'host exact true',
      'host prefix true',
      'path prefix false',
      'path prefix false',
      'path exact false',
      'path exact false',
    ]);
  });

  it('reads the texts and locations as written, named tests shared between conditions', () => {
    const [first, second, , third] = useBackends();
    const read = (test: RouteTest) => [test.text, test.loc];
    expect(first!.match!.tests.map(read)).toEqual([
      ['api (path_beg /api /v2)', locOf('path_beg /api /v2')],
      ['api (hdr(host) -i API.example.com)', locOf('hdr(host) -i API.example.com')],
      ['{ hdr_beg(host) -i static. }', locOf('hdr_beg(host) -i static.')],
    ]);
    expect(second!.match!.tests.map(read)).toEqual([
      ['exact (path -m beg /exact)', locOf('path -m beg /exact')],
      ['dashed (path_beg -- -x)', locOf('path_beg -- -x')],
      // An ACL named "" is written as an anonymous one, as before.
      ['{ path /empty }', locOf('path /empty')],
    ]);
    // Words written more than one space apart are joined by one.
    expect(third!.match!.tests.map(read)).toEqual([['{ path /spaced }', locOf('path   /spaced')]]);
    expect(second!.match!.tests.map((t) => [t.sample, t.kind, t.values, t.ignoreCase])).toEqual([
      ['path', 'prefix', ['/exact'], false],
      ['path', 'prefix', ['-x'], false],
      ['path', 'exact', ['/empty'], false],
    ]);
    // Read twice, the same text and location objects.
    const test = first!.match!.tests[0]!;
    expect(test.text).toBe(test.text);
    expect(test.loc).toBe(test.loc);
  });

  it('serialises as a plain test did, fields in the same order', () => {
    const test = useBackends()[0]!.match!.tests[1]!;
    expect(JSON.stringify(test)).toBe(
      JSON.stringify({ sample: 'host', kind: 'exact', values: ['API.example.com'], ignoreCase: true, text: 'api (hdr(host) -i API.example.com)', loc: locOf('hdr(host) -i API.example.com') }),
    );
  });

  it('gives every condition a list of its own tests only', () => {
    const [first, second, unread, third] = useBackends();
    // A condition that fails after an alternative it read has no match, and leaves none of its
    // tests in the next condition's list.
    expect(unread!.match).toBeUndefined();
    expect(third!.match!.tests).toHaveLength(1);
    expect([first, second].map((r) => r!.match!.tests.length)).toEqual([3, 3]);
  });
});
