/**
 * Issue 12: weight-skew reports thousands of members on a generated file (2,591 on the ring-heavy
 * bench file), and the cap lists 100. An nginx report is one object holding what its words say (no
 * closure per report), and whether its fix has weights to remove is read from the members'
 * `weightExplicit` without making their weight locations: only the reported member's is made.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { noIncludes } from '../../server/src/core/dialect';
import type { Report } from '../../server/src/core/rule';
import { analyzeNginx } from '../../server/src/dialects/nginx/lower';
import weightSkew from '../../server/src/rules/weight-skew';
import { predictShares } from '../../server/src/traffic';

const TEXT =
  'events {}\nhttp {\n' +
  '    upstream skewed {\n        server 10.0.0.1:80 weight=6;\n        server 10.0.0.2:80 weight=1;\n        server 10.0.0.3:80 weight=1;\n        server 10.0.0.4:80 backup weight=9;\n    }\n' +
  '    upstream unwritten {\n        server 10.0.1.1:80 weight=4;\n        server 10.0.1.2:80 backup weight=3;\n        server 10.0.1.3:80;\n    }\n' +
  '    server { location /a { proxy_pass http://skewed; } location /b { proxy_pass http://unwritten; } }\n}\n';

describe('weight-skew reports one object per member (issue 12)', () => {
  afterEach(() => vi.restoreAllMocks());

  it('makes only the reported weight locations and keeps no function before its words are read', () => {
    const { model } = analyzeNginx({ path: '/skew/nginx.conf', text: TEXT }, noIncludes);
    const proto = Object.getPrototypeOf(model.pools[0]!.members[0]!) as object;
    const weightLoc = vi.spyOn(proto, 'weightLoc' as never, 'get' as never);
    const found: Report[] = [];
    for (const pool of model.pools) {
      weightSkew.check({ model: { ...model, pools: [pool] }, problems: [], options: {}, sources: new Map(), shares: predictShares, report: (r) => found.push(r) });
    }
    const reads = weightLoc.mock.calls.length;
    vi.restoreAllMocks();
    expect(found.map((r) => TEXT.slice(r.loc.start, r.loc.end))).toEqual(['weight=6', 'weight=4']);
    expect(reads).toBe(2);
    expect(found.map((r) => Object.values(r).filter((v) => typeof v === 'function').length)).toEqual([0, 0]);
    // The fix removes the active members' written weights, never a backup's.
    expect(found[0]!.message).toBe(
      '10.0.0.1:80 gets 75% of requests in skewed (weight 6 of 8), 6 times the 13% the other 2 get on average; an even split gives each 33%. Equalise the weights if the members are interchangeable.',
    );
    expect(found.map((r) => r.fixes?.[0]?.intents.map((i) => (i.kind === 'remove-param' ? TEXT.slice(i.param.start, i.param.end) : i.kind)))).toEqual([
      ['weight=6', 'weight=1', 'weight=1'],
      ['weight=4'],
    ]);
  });
});
