/**
 * Issue 12: uneven-failure-limits reads each member's limit into one set of arrays shared by every
 * pool (grown for a larger pool) instead of making three lists per limit and pool, and finds the
 * odd members again only when the words are read. Pools of every size, read one after another in
 * both orders (a small pool after a large one reads the arrays a larger pool wrote), must point at
 * and name the members a plain count of each pool's values gives.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { noIncludes } from '../../server/src/core/dialect';
import { nginxSeconds } from '../../server/src/core/duration';
import type { Member, Model, Pool } from '../../server/src/core/model';
import type { Report } from '../../server/src/core/rule';
import { analyzeNginx } from '../../server/src/dialects/nginx/lower';
import unevenFailureLimits from '../../server/src/rules/uneven-failure-limits';
import { predictShares } from '../../server/src/traffic';

const MAX_FAILS = [undefined, '0', '1', '2', '5'];
const FAIL_TIMEOUTS = [undefined, '10', '10s', '30s', '1m', '60', '15m', '20m'];

const server = fc.record({
  maxFails: fc.constantFrom(...MAX_FAILS),
  failTimeout: fc.constantFrom(...FAIL_TIMEOUTS),
  role: fc.constantFrom('', '', '', ' backup', ' down'),
});
const pools = fc.array(fc.array(server, { minLength: 2, maxLength: 24 }), { minLength: 1, maxLength: 6 });

function configText(list: readonly (readonly { maxFails?: string; failTimeout?: string; role: string }[])[]): string {
  const upstreams = list.map((servers, p) => {
    const lines = servers.map((s, i) => `        server 10.${p}.0.${i + 1}:80${s.maxFails ? ` max_fails=${s.maxFails}` : ''}${s.failTimeout ? ` fail_timeout=${s.failTimeout}` : ''}${s.role};`);
    return `    upstream u${p} {\n${lines.join('\n')}\n    }\n    server { listen ${8000 + p}; location / { proxy_pass http://u${p}; } }`;
  });
  return `events {}\nhttp {\n${upstreams.join('\n')}\n}\n`;
}

type Limit = 'max_fails' | 'fail_timeout';
const valueOf = (m: Member, limit: Limit): number => (limit === 'max_fails' ? (m.limits.maxFails ?? 1) : nginxSeconds(m.limits.failTimeout ?? '10s'));
const harmful = (v: number, limit: Limit): boolean => (limit === 'max_fails' ? v === 0 : v > 600);

/** The odd members of one limit by a plain count: the most common harmless value (the first on a tie) is the usual one. */
function oddMembers(members: readonly Member[], limit: Limit): Member[] {
  const counts = new Map<number, number>();
  for (const m of members) counts.set(valueOf(m, limit), (counts.get(valueOf(m, limit)) ?? 0) + 1);
  if (counts.size < 2) return [];
  const harmless = [...counts.keys()].some((v) => !harmful(v, limit));
  let usual: number | undefined;
  for (const [v, n] of counts) if (!(harmless && harmful(v, limit)) && (usual === undefined || n > counts.get(usual)!)) usual = v;
  return members.filter((m) => valueOf(m, limit) !== usual);
}

/** Per pool: the text the finding points at and its related members (`address limit`), or nothing. */
function expected(pool: Pool, text: string): string[] {
  const members = pool.members.filter((m) => m.state !== 'down' && m.role === 'primary');
  if (members.length < 2) return [];
  const named: string[] = [];
  let at: string | undefined;
  for (const limit of ['max_fails', 'fail_timeout'] as const) {
    const odd = oddMembers(members, limit);
    if (odd.length === 0) continue;
    if (at === undefined) {
      const first = odd[0]!;
      const param = first.params.find((p) => p.name === limit);
      at = text.slice((param?.loc ?? first.addressLoc).start, (param?.loc ?? first.addressLoc).end);
    }
    for (const m of odd) named.push(`${m.address} ${limit}`);
  }
  return at === undefined ? [] : [at, ...named.slice(1)];
}

function actual(model: Model, pool: Pool, text: string): string[] {
  const reports: Report[] = [];
  unevenFailureLimits.check({ model: { ...model, pools: [pool] }, problems: [], options: {}, sources: new Map(), shares: predictShares, report: (r) => reports.push(r) });
  if (reports.length === 0) return [];
  expect(reports).toHaveLength(1);
  const [report] = reports as [Report];
  const related = (report.related ?? []).map((r) => r.message.replace(/^(\S+): (max_fails|fail_timeout)=.*$/, '$1 $2'));
  return [text.slice(report.loc.start, report.loc.end), ...related];
}

describe('uneven-failure-limits shares its value arrays between pools (issue 12)', () => {
  it('names the odd members a plain count names, whatever size the pool read before', () => {
    fc.assert(
      fc.property(pools, (list) => {
        const text = configText(list);
        const { model } = analyzeNginx({ path: '/scratch/nginx.conf', text }, noIncludes);
        for (const order of [model.pools, [...model.pools].reverse()]) {
          for (const pool of order) expect(actual(model, pool, text)).toEqual(expected(pool, text));
        }
      }),
      { numRuns: 150, seed: 12 },
    );
  });

  it('reads a small pool right after a larger one', () => {
    const text = configText([
      Array.from({ length: 20 }, (_, i) => ({ maxFails: String((i % 4) + 1), failTimeout: `${(i % 3) + 1}0s`, role: '' })),
      // Values 1, 2, 1: the larger pool left 2 where this pool's second distinct value goes.
      [{ role: '' }, { maxFails: '2', role: '' }, { role: '' }],
    ]);
    const { model } = analyzeNginx({ path: '/scratch/nginx.conf', text }, noIncludes);
    const [large, small] = model.pools as [Pool, Pool];
    expect(actual(model, large, text)).toEqual(expected(large, text));
    expect(actual(model, small, text)).toEqual(['max_fails=2']);
    expect(expected(small, text)).toEqual(['max_fails=2']);
  });
});
