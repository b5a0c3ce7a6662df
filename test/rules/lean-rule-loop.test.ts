/**
 * Issue 12: the pool-rule loop and the rules skip what no output reads. A pool without findings
 * keeps the engine's one shared empty list instead of a list of its own, and time-sliced-split
 * reads the algorithm text of split_clients pools only (an upstream's is made on first read, and
 * the rule asked for it on every hash pool of a large config).
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { noIncludes } from '../../server/src/core/dialect';
import type { Pool } from '../../server/src/core/model';
import type { Report } from '../../server/src/core/rule';
import { analyzeNginx } from '../../server/src/dialects/nginx/lower';
import { NginxPool } from '../../server/src/dialects/nginx/upstream-pool';
import { analyzeFile } from '../../server/src/engine/analyze';
import timeSlicedSplit from '../../server/src/rules/time-sliced-split';
import { predictShares } from '../../server/src/traffic';

const TEXT = [
  'events {}',
  'http {',
  '    upstream quiet_a {\n        server 10.0.0.1:80;\n        server 10.0.0.2:80;\n    }',
  '    upstream quiet_c {\n        least_conn;\n        server 10.0.3.1:80;\n        server 10.0.3.2:80;\n    }',
  '    upstream clock {\n        hash $time_local;\n        server 10.0.1.1:80;\n        server 10.0.1.2:80;\n    }',
  '    upstream quiet_b {\n        hash $request_uri;\n        server 10.0.2.1:80;\n        server 10.0.2.2:80;\n    }',
  '    split_clients "${date_gmt}" $variant {\n        50% quiet_a;\n        * quiet_b;\n    }',
  '    server {\n        location / {\n            proxy_pass http://$variant;\n        }\n        location /c {\n            proxy_pass http://clock;\n        }\n    }',
  '}',
  '',
].join('\n');

describe('the pool-rule loop skips what no output reads (issue 12)', () => {
  afterEach(() => vi.restoreAllMocks());

  it('keeps one shared empty list for the pools without findings', () => {
    const report = analyzeFile({ path: '/lean/nginx.conf', text: TEXT }, noIncludes);
    const results = report.memo!.pools;
    const empty = results.filter((r) => r.findings?.length === 0).map((r) => r.findings);
    expect(empty.length).toBeGreaterThanOrEqual(2);
    expect(new Set(empty).size).toBe(1);
    expect(Object.isFrozen(empty[0])).toBe(true);
    // The pools with findings keep their own, and the report lists them.
    const clock = results.find((r) => r.pool.name === 'clock')!;
    expect(clock.findings!.map((f) => f.rule)).toContain('time-sliced-split');
    expect(report.findings.filter((f) => f.rule === 'time-sliced-split').map((f) => f.loc.start)).toEqual(
      [TEXT.indexOf('$time_local'), TEXT.indexOf('"${date_gmt}"')].sort((a, b) => a - b),
    );
  });

  it('makes no upstream algorithm text in time-sliced-split', () => {
    const { model } = analyzeNginx({ path: '/lean/nginx.conf', text: TEXT }, noIncludes);
    const algorithmText = vi.spyOn(NginxPool.prototype, 'algorithmText', 'get');
    const reports: Report[] = [];
    timeSlicedSplit.check({ model, problems: [], options: {}, sources: new Map(), shares: (pool: Pool) => predictShares(pool), report: (r) => reports.push(r) });
    expect(reports.map((r) => r.loc.start)).toEqual([TEXT.indexOf('$time_local'), TEXT.indexOf('"${date_gmt}"')]);
    expect(algorithmText).not.toHaveBeenCalled();
  });
});
