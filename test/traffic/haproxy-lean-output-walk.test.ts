/**
 * Issue 12, the cold CLI's output of a large HAProxy file: it asks for every backend's shares in
 * model order, and the shares memo follows that walk by position instead of building a map of
 * every pool to its results (21,000 entries on the generated 10 MB file); the output collector
 * drops a pool listed twice (a file read as a root and as an include) by path and line without a
 * key string per pool. Both must answer as before: the walk gives each pool its own results and
 * the same shares object on a second ask, in or out of order, and the collector lists each
 * (path, line, name) once, several names on one line included.
 */
import { describe, expect, it } from 'vitest';
import { OutputCollector } from '../../server/src/cli/output-collector';
import { noIncludes } from '../../server/src/core/dialect';
import type { Pool } from '../../server/src/core/model';
import type { PoolShares } from '../../server/src/core/shares';
import type { FileReport } from '../../server/src/engine/analyze';
import { freshResults } from '../../server/src/engine/incremental';
import { SharesMemo } from '../../server/src/engine/shares-memo';
import { analyzeHaproxy } from '../../server/src/dialects/haproxy/lower';

const HEAD = 'defaults\n    mode http\n    timeout connect 5s\n    timeout client 30s\n    timeout server 30s\n\n';

function backends(n: number): string {
  let text = HEAD;
  for (let i = 0; i < n; i++) text += `backend be${i}\n    balance ${i % 2 ? 'leastconn' : 'roundrobin'}\n    server a 10.0.${i}.1:80 weight ${1 + (i % 3)}\n    server b 10.0.${i}.2:80\n\n`;
  return text;
}

describe('SharesMemo on a walk in model order', () => {
  it('keeps each pool its own results without the pool-to-results map, and answers out of order as before', () => {
    const pools = analyzeHaproxy({ path: '/w/haproxy.cfg', text: backends(40) }, noIncludes, undefined, true).model.pools;
    const results = pools.map((pool, i) => (i % 7 === 3 ? undefined : freshResults(pool)));
    const memo = new SharesMemo(pools, results);
    const first = pools.map((pool) => memo.of(pool));
    // The walk found every pool at its position: no map was needed.
    expect((memo as unknown as { byPool?: Map<Pool, unknown> }).byPool).toBeUndefined();
    pools.forEach((pool, i) => {
      // A pool with results keeps its shares there; one without (an included file's) in the memo.
      if (results[i]) expect(results[i]!.shares).toBe(first[i]);
      expect(first[i]!.members.map((m) => m.share)).toHaveLength(pool.members.length);
    });
    // Asked again, backwards and by stride: the same objects.
    for (let i = pools.length - 1; i >= 0; i--) expect(memo.of(pools[i]!)).toBe(first[i]);
    for (let i = 0; i < pools.length; i += 3) expect(memo.of(pools[i]!)).toBe(first[i]);
  });

  it('gives pools asked out of order their own results', () => {
    const pools = analyzeHaproxy({ path: '/w/haproxy.cfg', text: backends(12) }, noIncludes, undefined, true).model.pools;
    const results = pools.map((pool) => freshResults(pool));
    const memo = new SharesMemo(pools, results);
    const order = [5, 6, 0, 1, 11, 2, 3, 4, 7, 10, 8, 9];
    const got = new Map<number, PoolShares>();
    for (const i of order) got.set(i, memo.of(pools[i]!));
    order.forEach((i) => expect(results[i]!.shares).toBe(got.get(i)));
  });
});

describe('OutputCollector pools', () => {
  function report(path: string, pools: readonly { name: string; line: number }[]): FileReport {
    const text = 'x\n'.repeat(20);
    const model = {
      pools: pools.map(({ name, line }) => ({ name, algorithm: 'round-robin', loc: { file: path, start: (line - 1) * 2, end: (line - 1) * 2 + 1 }, members: [] }) as unknown as Pool),
    };
    return {
      path,
      dialect: { id: 'haproxy' },
      model,
      problems: [],
      findings: [],
      sources: new Map([[path, text]]),
      shares: () => ({ members: [] }),
    } as unknown as FileReport;
  }

  it('lists each pool of a path, line and name once', () => {
    const collector = new OutputCollector((p) => p);
    collector.add(report('/a.cfg', [{ name: 'web', line: 2 }, { name: 'api', line: 2 }, { name: 'web', line: 5 }, { name: 'db', line: 2 }]));
    // The same file again (read through an include), with one pool more and the same pools again.
    collector.add(report('/a.cfg', [{ name: 'api', line: 2 }, { name: 'web', line: 2 }, { name: 'db', line: 2 }, { name: 'new', line: 2 }, { name: 'web', line: 5 }]));
    collector.add(report('/b.cfg', [{ name: 'web', line: 2 }]));
    collector.merge([{ path: '/a.cfg', dialect: 'haproxy', findings: [], pools: [{ name: 'db', algorithm: 'round-robin', line: 2, members: [] }, { name: 'late', algorithm: 'round-robin', line: 9, members: [] }] }]);
    const listed = collector.files().map((f) => [f.path, f.pools.map((p) => `${p.name}@${p.line}`)]);
    expect(listed).toEqual([
      ['/a.cfg', ['web@2', 'api@2', 'web@5', 'db@2', 'new@2', 'late@9']],
      ['/b.cfg', ['web@2']],
    ]);
  });
});
