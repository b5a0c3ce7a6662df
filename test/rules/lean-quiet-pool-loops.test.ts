/**
 * Issue 12: pool rules read every pool of a large config one at a time, and on a generated file
 * report almost none; a pool they skip must cost them no allocation. missing-timeouts and
 * retries-without-redispatch built their reports with callbacks in the loop's body, which made
 * the loop allocate a context for every proxy (and retries-without-redispatch a list of the servers
 * up); time-sliced-split made a closure and moved its cache's entry for every hash upstream,
 * though the upstreams of a generated file share one key. Measured as the bytes a pass allocates
 * less what it keeps, per pool, the least of five passes, the rule's check not optimised (no test
 * asserts a time).
 */
import { GCProfiler, getHeapStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { noIncludes } from '../../server/src/core/dialect';
import type { Model, Pool } from '../../server/src/core/model';
import type { Report, Rule, RuleContext } from '../../server/src/core/rule';
import { analyzeHaproxy } from '../../server/src/dialects/haproxy/lower';
import { analyzeNginx } from '../../server/src/dialects/nginx/lower';
import missingTimeouts from '../../server/src/rules/missing-timeouts';
import retriesWithoutRedispatch from '../../server/src/rules/retries-without-redispatch';
import timeSlicedSplit from '../../server/src/rules/time-sliced-split';
import { predictShares } from '../../server/src/traffic';

setFlagsFromString('--expose-gc');
setFlagsFromString('--allow-natives-syntax');
const gc = runInNewContext('gc') as () => void;
/**
 * Keeps a function out of the optimising compiler. Optimised, V8 may leave out a context that no
 * closure on the path taken needs, but a rule's check is not always optimised in a long analysis
 * (it was not in the bench's, where each of these allocated per pool): the loop must not need one.
 */
const neverOptimize = new Function('f', '%NeverOptimizeFunction(f);') as (f: unknown) => void;

const BACKENDS = 3000;

function haproxyText(): string {
  const parts = ['global\n    maxconn 100\n', 'defaults\n    mode http\n    timeout connect 5s\n    timeout client 30s\n    timeout server 30s\n    retries 3\n    option redispatch\n'];
  for (let i = 0; i < BACKENDS; i++) parts.push(`backend be_${i}\n    server a 10.0.${i >> 8}.${i & 255}:80 check\n    server b 10.1.${i >> 8}.${i & 255}:80 check\n`);
  return parts.join('\n');
}

function nginxText(): string {
  const parts = ['events {}', 'http {'];
  for (let i = 0; i < BACKENDS; i++) parts.push(`    upstream u${i} {\n        hash $request_uri consistent;\n        server 10.0.${i >> 8}.${i & 255}:80;\n        server 10.1.${i >> 8}.${i & 255}:80;\n    }`);
  parts.push('}', '');
  return parts.join('\n');
}

/** The rule run over every pool one at a time, as the engine runs a pool rule; what it reports. */
function passOver(rule: Rule, model: Model): () => Report[] {
  const one: Pool[] = [];
  const found: Report[] = [];
  const context: RuleContext = { model: { ...model, pools: one }, problems: [], options: {}, sources: new Map(), shares: predictShares, report: (r) => found.push(r) };
  return () => {
    found.length = 0;
    for (const pool of model.pools) {
      one[0] = pool;
      rule.check(context);
    }
    return found;
  };
}

/** The least bytes a pass allocated and did not keep, per pool, over five passes after three. */
function garbagePerPool(rule: Rule, model: Model): number {
  neverOptimize(rule.check);
  const pass = passOver(rule, model);
  for (let i = 0; i < 3; i++) expect(pass()).toEqual([]);
  let least = Infinity;
  for (let i = 0; i < 5; i++) {
    gc();
    gc();
    const before = getHeapStatistics().used_heap_size;
    const profiler = new GCProfiler();
    profiler.start();
    pass();
    const after = getHeapStatistics().used_heap_size;
    let freed = 0;
    for (const c of profiler.stop()?.statistics ?? []) freed += c.beforeGC.heapStatistics.usedHeapSize - c.afterGC.heapStatistics.usedHeapSize;
    least = Math.min(least, (after - before + freed) / model.pools.length);
  }
  return least;
}

/** A rule that only walks its pools as the rules do: what the unoptimised loop itself allocates. */
const loopOnly: Rule = {
  meta: missingTimeouts.meta,
  check(context) {
    for (const pool of context.model.pools) if (pool.name === '') context.report({ message: '', loc: pool.nameLoc });
  },
};

describe('pool rules allocate nothing beyond their loop for a pool they skip (issue 12)', () => {
  const haproxy = analyzeHaproxy({ path: '/lean/haproxy.cfg', text: haproxyText() }, noIncludes).model;
  const nginx = analyzeNginx({ path: '/lean/nginx.conf', text: nginxText() }, noIncludes).model;

  it('has the pools it measures', () => {
    expect(haproxy.pools.filter((p) => p.dialect === 'haproxy' && p.kind === 'members')).toHaveLength(BACKENDS);
    expect(nginx.pools.filter((p) => p.hash?.key === '$request_uri')).toHaveLength(BACKENDS);
  });

  // The loop allocates about 128 bytes a pool (its iterator's results), each rule 0-3 more now;
  // before, 126 more for missing-timeouts, 48 for retries-without-redispatch, 154 for time-sliced-split.
  it('missing-timeouts', () => {
    expect(garbagePerPool(missingTimeouts, haproxy) - garbagePerPool(loopOnly, haproxy)).toBeLessThan(24);
  });

  it('retries-without-redispatch', () => {
    expect(garbagePerPool(retriesWithoutRedispatch, haproxy) - garbagePerPool(loopOnly, haproxy)).toBeLessThan(24);
  });

  it('time-sliced-split', () => {
    expect(garbagePerPool(timeSlicedSplit, nginx) - garbagePerPool(loopOnly, nginx)).toBeLessThan(24);
  });
});
