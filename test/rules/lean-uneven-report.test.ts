/**
 * Issue 12: uneven-failure-limits reports on most upstreams of a generated file (6,819 of 7,401 on
 * the ring-heavy bench file), and the cap lists 100. Its check compares the members in place and
 * reports one object holding the pool and the usual values (`ReportOnRead`): no list of compared
 * members, no object per uneven limit and no closure per report; the words read the members again.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { noIncludes } from '../../server/src/core/dialect';
import type { Report } from '../../server/src/core/rule';
import { analyzeNginx } from '../../server/src/dialects/nginx/lower';
import unevenFailureLimits from '../../server/src/rules/uneven-failure-limits';
import { predictShares } from '../../server/src/traffic';

const TEXT = [
  'events {}',
  'http {',
  '    upstream both {\n        server 10.0.0.1:80 max_fails=3;\n        server 10.0.0.9:80 down;\n        server 10.0.0.2:80 fail_timeout=30s;\n        server 10.0.0.3:80;\n        server 10.0.0.4:80 backup max_fails=7;\n    }',
  '    upstream timeouts {\n        server 10.0.1.1:80 fail_timeout=10;\n        server 10.0.1.2:80 fail_timeout=10s;\n        server 10.0.1.3:80 fail_timeout=1m;\n    }',
  '    server { location /a { proxy_pass http://both; } location /b { proxy_pass http://timeouts; } }',
  '}',
  '',
].join('\n');

function reports(watch = (): void => {}): Report[] {
  const { model } = analyzeNginx({ path: '/lean/nginx.conf', text: TEXT }, noIncludes);
  watch();
  const found: Report[] = [];
  for (const pool of model.pools) {
    unevenFailureLimits.check({ model: { ...model, pools: [pool] }, problems: [], options: {}, sources: new Map(), shares: predictShares, report: (r) => found.push(r) });
  }
  return found;
}

describe('uneven-failure-limits reports one object per pool (issue 12)', () => {
  afterEach(() => vi.restoreAllMocks());

  it('makes no list of members and keeps no function before its words are read', () => {
    let lists = 0;
    const found = reports(() => {
      const { filter } = Array.prototype;
      vi.spyOn(Array.prototype, 'filter').mockImplementation(function (this: unknown[], ...args: Parameters<typeof filter>) {
        lists++;
        return filter.apply(this, args);
      });
    });
    vi.restoreAllMocks();
    const fields = found.map((report) => Object.values(report).filter((value) => typeof value === 'function' || Array.isArray(value)).length);
    expect(lists).toBe(0);
    expect(fields).toEqual([0, 0]);
    expect(found.map((r) => TEXT.slice(r.loc.start, r.loc.end))).toEqual(['max_fails=3', 'fail_timeout=1m']);
  });

  it('words the compared members as before: down and backup members left out, both limits named', () => {
    const [both, timeouts] = reports();
    expect(both!.message).toBe(
      'Members of upstream both are taken out of rotation under different limits: 10.0.0.1:80 has max_fails=3 where the other 2 use 1 (the default), so it keeps receiving requests through 3 failures where the others are taken out after 1; ' +
        '10.0.0.2:80 has fail_timeout=30s where the other 2 use 10s (the default), so a failure takes it out for 30s where the others are out for 10s, and failures are counted over that window. Give them the limits of the others.',
    );
    expect(both!.related?.map((r) => r.message)).toEqual(['10.0.0.2:80: fail_timeout=30s']);
    expect(timeouts!.message).toContain('10.0.1.3:80 has fail_timeout=1m where the other 2 use 10');
  });
});
