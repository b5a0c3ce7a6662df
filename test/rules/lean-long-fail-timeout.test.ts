/**
 * Issue 12: long-fail-timeout runs once per pool on a large config, so it decides "no long
 * timeout" without a closure or a list per pool and without parsing the default timeout: a member
 * that writes no `fail_timeout` stands for nginx's 10s, which is not longer than a 10 s threshold,
 * and `max_fails=0`, backups and members that cannot serve never count. Below 10 s a member that
 * writes no `fail_timeout` is long too, and the message says its timeout as nginx's default, 10s
 * (the rule used to throw there, reading a written timeout that did not exist).
 */
import { describe, expect, it } from 'vitest';
import { noIncludes } from '../../server/src/core/dialect';
import type { Pool } from '../../server/src/core/model';
import type { Report } from '../../server/src/core/rule';
import { analyzeNginx } from '../../server/src/dialects/nginx/lower';
import longFailTimeout from '../../server/src/rules/long-fail-timeout';
import { predictShares } from '../../server/src/traffic';

const TEXT = [
  'events {}',
  'http {',
  '    upstream defaults {\n        server 10.0.0.1:80;\n        server 10.0.0.2:80 max_fails=2;\n    }',
  '    upstream written {\n        server 10.0.1.1:80 fail_timeout=9s;\n        server 10.0.1.2:80 fail_timeout=11;\n    }',
  '    upstream never {\n        server 10.0.2.1:80 max_fails=0;\n        server 10.0.2.2:80 down;\n        server 10.0.2.3:80 weight=1;\n        server 10.0.2.4:80 backup;\n    }',
  '}',
  '',
].join('\n');

/** The members each report names (the one it points at and its related ones), by pool. */
function reported(thresholdMinutes: number): string[][] {
  const { model } = analyzeNginx({ path: '/lean/nginx.conf', text: TEXT }, noIncludes);
  const named: string[][] = [];
  for (const pool of model.pools) {
    const reports: Report[] = [];
    const one = { ...model, pools: [pool] };
    longFailTimeout.check({ model: one, problems: [], options: { thresholdMinutes }, sources: new Map(), shares: (p: Pool) => predictShares(p), report: (r) => reports.push(r) });
    for (const r of reports) named.push([pool.name, TEXT.slice(r.loc.start, r.loc.end), ...(r.related ?? []).map((x) => TEXT.slice(x.loc.start, x.loc.end))]);
  }
  return named;
}

describe('long-fail-timeout reads the default fail_timeout as 10s (issue 12)', () => {
  it('counts a member without fail_timeout as 10s against the threshold', () => {
    // 10 s is not longer than 10 s: only the 11 s member is long, the defaults are not.
    expect(reported(10 / 60)).toEqual([['written', 'fail_timeout=11']]);
    expect(reported(10)).toEqual([]);
  });

  it('reports members without fail_timeout under a threshold below 10 s, as fail_timeout=10s', () => {
    const { model } = analyzeNginx({ path: '/lean/nginx.conf', text: TEXT }, noIncludes);
    const pool = model.pools.find((p) => p.name === 'defaults')!;
    const reports: Report[] = [];
    longFailTimeout.check({ model: { ...model, pools: [pool] }, problems: [], options: { thresholdMinutes: 5 / 60 }, sources: new Map(), shares: (p: Pool) => predictShares(p), report: (r) => reports.push(r) });
    expect(reports).toHaveLength(1);
    expect(reports[0]!.message).toMatch(/^In upstream defaults, 2 members have fail_timeout=10s: 1 failed request takes a member out of rotation for 10s \(max_fails=1\)\./);
    expect(reports[0]!.related?.map((r) => r.message)).toEqual(['10.0.0.2:80: fail_timeout=10s']);
  });
});
