/**
 * Issue 12: on pools they do not report, weight-skew, client-ip-affinity and no-health-check read
 * their members in place: no list of active members (a filtered array and a weak-map entry per
 * pool, both kept for the analysis) and, for no-health-check, no health summary.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { noIncludes } from '../../server/src/core/dialect';
import type { Member, Pool } from '../../server/src/core/model';
import type { Report, RuleContext } from '../../server/src/core/rule';
import { analyzeNginx } from '../../server/src/dialects/nginx/lower';
import { NginxPool } from '../../server/src/dialects/nginx/upstream-pool';
import clientIpAffinity from '../../server/src/rules/client-ip-affinity';
import noHealthCheck from '../../server/src/rules/no-health-check';
import weightSkew from '../../server/src/rules/weight-skew';
import { predictShares } from '../../server/src/traffic';

const METHODS = ['', 'least_conn;', 'hash $request_uri consistent;', 'ip_hash;', 'random;', 'random two;'];

/** Members in an array that counts `filter` calls, which is how a list of active members is made. */
class CountingMembers extends Array<Member> {
  static filters = 0;
  override filter(...args: Parameters<Member[]['filter']>): Member[] {
    CountingMembers.filters++;
    return Array.from(this).filter(...args);
  }
}

function run(rules: readonly { check(context: RuleContext): void }[], servers: string) {
  const upstreams = METHODS.map((method, n) => `    upstream pool_${n} {\n        ${method}\n${servers.replaceAll('N', String(n))}    }\n`);
  const model = analyzeNginx({ path: '/lean/nginx.conf', text: `events {}\nhttp {\n${upstreams.join('')}}\n` }, noIncludes).model;
  for (const pool of model.pools) Object.defineProperty(pool, 'members', { value: CountingMembers.from(pool.members) });
  const reports: Report[] = [];
  CountingMembers.filters = 0;
  for (const rule of rules) {
    rule.check({ model, problems: [], options: {}, sources: new Map(), shares: (pool: Pool) => predictShares(pool), report: (r) => reports.push(r) });
  }
  return { reports, filters: CountingMembers.filters };
}

const QUIET = '        server 10.0.N.1:8080 weight=2 max_fails=3;\n        server 10.0.N.2:8080 weight=3;\n        server 10.0.N.3:8080 weight=2 backup;\n';

describe('rules read the members of pools they do not report in place (issue 12)', () => {
  afterEach(() => vi.restoreAllMocks());

  it('makes no list of active members for weight-skew and no-health-check', () => {
    const { reports, filters } = run([weightSkew, noHealthCheck], QUIET.replace(' backup', '').replace(/10\.0\.N\.3:8080 weight=2/, '10.0.N.3:8080 weight=2 down'));
    expect(reports.map((r) => r.message)).toEqual([]);
    expect(filters).toBe(0);
  });

  it('makes no health summary for a pool with a member that checks passively', () => {
    const health = vi.spyOn(NginxPool.prototype, 'health', 'get');
    expect(run([noHealthCheck], QUIET).reports).toEqual([]);
    expect(health).not.toHaveBeenCalled();
  });

  it('counts the serving members of an ip_hash pool without a list', () => {
    const { reports, filters } = run([clientIpAffinity], QUIET);
    expect(filters).toBe(0);
    expect(reports.map((r) => r.message)).toEqual([expect.stringContaining('clients from K /24 networks reach at most K of its 2 members')]);
    expect(reports[0]!.message).toContain('instead of 50%');
  });

  it('still reports what it reported with the list', () => {
    const skewed = run([weightSkew, noHealthCheck], '        server 10.0.N.1:8080 weight=9 max_fails=0;\n        server 10.0.N.2:8080 max_fails=0;\n');
    const messages = skewed.reports.map((r) => r.message);
    expect(messages).toContain(
      "10.0.0.1:8080 gets 90% of requests in pool_0 (weight 9 of 10), 9 times the other member's 10%; an even split gives each 50%. Equalise the weights if the members are interchangeable.",
    );
    expect(messages.filter((m) => / gets 90% of .* in pool_\d /.test(m))).toHaveLength(5);
    expect(messages.filter((m) => m.startsWith('Passive health checks are off on both members'))).toHaveLength(METHODS.length);
  });
});
