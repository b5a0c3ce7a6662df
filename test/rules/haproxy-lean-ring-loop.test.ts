/**
 * Issue 12: unbalanced-ring's HAProxy loop (and weights-ignored's) makes nothing for a backend or
 * a server it does not report. The words of a report were a function made in the loop, so every iteration made a
 * context for the variables the function kept (a server's share and fair share as number
 * objects), reported or not: about 4 MB per analysis of the 10 MB bench file. Measured here as
 * the heap used by the check over backends with no finding (a tolerance nothing exceeds), after
 * their shares are predicted, with no collection in between.
 */
import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { expect, it } from 'vitest';
import { noIncludes } from '../../server/src/core/dialect';
import type { Pool } from '../../server/src/core/model';
import type { RuleContext } from '../../server/src/core/rule';
import type { PoolShares } from '../../server/src/core/shares';
import { analyzeHaproxy } from '../../server/src/dialects/haproxy/lower';
import { checkUnbalancedRingHaproxy } from '../../server/src/rules/haproxy/hashing';
import { predictShares } from '../../server/src/traffic';
import weightsIgnored from '../../server/src/rules/weights-ignored';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const BACKENDS = 2_000;

it('makes nothing for the servers of a consistent backend it does not report', () => {
  const sections: string[] = [];
  for (let b = 0; b < BACKENDS; b++) {
    const servers = Array.from({ length: 6 }, (_, i) => `    server s${i} 10.${b >> 8}.${b & 255}.${i}:80 weight ${1 + ((b + i) % 5)}`);
    sections.push(`backend b${b}\n    balance source\n    hash-type consistent\n${servers.join('\n')}`);
  }
  const { model, problems } = analyzeHaproxy({ path: '/t/haproxy.cfg', text: `${sections.join('\n\n')}\n` }, noIncludes);
  const shares = new Map<Pool, PoolShares>(model.pools.map((pool) => [pool, predictShares(pool)]));
  const reports: unknown[] = [];
  const context: RuleContext = { model, problems, options: {}, sources: new Map(), shares: (pool) => shares.get(pool)!, report: (r) => reports.push(r) };
  // Warmed until optimised (unoptimised code boxes every number it computes), then measured.
  for (let i = 0; i < 30; i++) checkUnbalancedRingHaproxy(context, 100);
  gc();
  gc();
  const before = getHeapStatistics().used_heap_size;
  checkUnbalancedRingHaproxy(context, 100);
  const used = getHeapStatistics().used_heap_size - before;
  expect(reports).toHaveLength(0);
  // A context per server and per backend was about 600 bytes per backend.
  expect(used / BACKENDS).toBeLessThan(150);
});

it('weights-ignored makes nothing for a backend it does not report', () => {
  const sections: string[] = [];
  for (let b = 0; b < BACKENDS; b++) {
    const servers = Array.from({ length: 4 }, (_, i) => `    server s${i} 10.${b >> 8}.${b & 255}.${i}:80 weight ${1 + i}`);
    sections.push(`backend b${b}\n    balance ${b % 2 === 0 ? 'roundrobin' : 'leastconn'}\n${servers.join('\n').replace(/ weight \d+/g, b % 2 === 0 ? '$&' : '')}`);
  }
  const { model, problems } = analyzeHaproxy({ path: '/t/haproxy.cfg', text: `${sections.join('\n\n')}\n` }, noIncludes);
  const reports: unknown[] = [];
  const context: RuleContext = { model, problems, options: {}, sources: new Map(), shares: predictShares, report: (r) => reports.push(r) };
  for (let i = 0; i < 30; i++) weightsIgnored.check(context);
  reports.length = 0;
  gc();
  gc();
  const before = getHeapStatistics().used_heap_size;
  weightsIgnored.check(context);
  const used = getHeapStatistics().used_heap_size - before;
  expect(reports).toHaveLength(0);
  // Contexts made for every backend were about 250 bytes a backend.
  expect(used / BACKENDS).toBeLessThan(100);
});
