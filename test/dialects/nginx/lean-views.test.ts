/**
 * Issue 12: an nginx member or pool keeps what every analysis reads in fields of its own and
 * makes the rest when asked, in one object per view kind: a member that is never asked for a
 * location holds no location, and a pool holds the ids of its directives, not an object each.
 * What they make is what the config says, including the weight nginx reads (the last valid one)
 * and directives an `include` brings into the block.
 */
import { describe, expect, it } from 'vitest';
import { noIncludes } from '../../../server/src/core/dialect';
import { analyzeNginx } from '../../../server/src/dialects/nginx/lower';
import { memoryLoader } from '../../helpers/memory-loader';

const isObject = (value: unknown) => typeof value === 'object' && value !== null;

describe('lean nginx member and pool views (issue 12)', () => {
  it('hold no location, parameter list or directive record until one is read', () => {
    const text = 'http {\n    upstream app {\n        least_conn;\n        zone app 64k;\n        keepalive 8;\n        server 10.0.0.1:80 weight=2 max_fails=3;\n    }\n}\n';
    const { model } = analyzeNginx({ path: '/lean/nginx.conf', text }, noIncludes);
    const pool = model.pools[0]!;
    const member = pool.members[0]!;
    // The limits object is shared between members; nothing else of a member is an object but its tree.
    expect(Object.entries(member).filter(([key, value]) => isObject(value) && key !== 'tree' && key !== 'site' && key !== 'limits')).toEqual([]);
    // One slot for everything a member makes later, not one per view.
    expect(Object.values(member).filter((value) => value === undefined)).toHaveLength(1);
    expect(Object.entries(pool).filter(([key, value]) => isObject(value) && key !== 'tree' && key !== 'members' && key !== 'factDirectives')).toEqual([]);
    expect((pool as unknown as { factDirectives: unknown[] }).factDirectives.every((place) => typeof place === 'number')).toBe(true);
    expect(text.slice(member.weightLoc!.start, member.weightLoc!.end)).toBe('weight=2');
    expect(pool.algorithmText).toBe('least_conn');
    expect(Object.keys(pool.facts)).toEqual(['zone', 'keepalive']);
  });

  it('finds the weight nginx reads: the last valid weight=, quoted or not', () => {
    const text =
      'http {\n    upstream app {\n        server 10.0.0.1:80 weight=2 weight=3;\n        server 10.0.0.2:80 weight=5 weight=x;\n        server 10.0.0.3:80 "weight=4" max_fails=1;\n        server 10.0.0.4:80 max_fails=2;\n    }\n}\n';
    const { model } = analyzeNginx({ path: '/lean/nginx.conf', text }, noIncludes);
    const written = model.pools[0]!.members.map((m) => [m.weight, m.weightExplicit, m.weightLoc && text.slice(m.weightLoc.start, m.weightLoc.end)]);
    expect(written).toEqual([
      [3, true, 'weight=3'],
      [5, true, 'weight=5'],
      [4, true, '"weight=4"'],
      [1, false, undefined],
    ]);
  });

  it('reads the method and facts an include brings into the block from that file', () => {
    const files = {
      '/etc/nginx/nginx.conf': 'http {\n    upstream app {\n        include /etc/nginx/app.conf;\n        server 10.0.0.1:80;\n    }\n}\n',
      '/etc/nginx/app.conf': 'hash $request_uri consistent;\nkeepalive 4;\nserver 10.0.0.2:80;\n',
    };
    const { model } = analyzeNginx({ path: '/etc/nginx/nginx.conf', text: files['/etc/nginx/nginx.conf'] }, memoryLoader(files));
    const pool = model.pools[0]!;
    expect(pool.algorithm).toBe('consistent-hash');
    expect(pool.algorithmText).toBe('hash $request_uri consistent');
    expect(pool.algorithmLoc).toEqual({ file: '/etc/nginx/app.conf', start: 0, end: 29 });
    expect(pool.facts.keepalive).toEqual({ value: '4', loc: { file: '/etc/nginx/app.conf', start: 30, end: 42 } });
    expect(pool.members.map((m) => m.address)).toEqual(['10.0.0.2:80', '10.0.0.1:80']);
  });
});
