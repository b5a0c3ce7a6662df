/**
 * Pool views (cli/pool-view.ts) are printed after the whole analysis: what they hold lives until
 * the last pool is written. A root-file pool's view keeps the sources and the shares its results
 * hold, not the report, its shares lookup or the results, so the report and the analysis (its
 * findings, and what it keeps for a next analysis of the file, which a CLI run never makes) can
 * be collected while the pools are printed (issue 12, the HAProxy cold check's memory). Before,
 * the views' shares and line lookups were closures over the report, and without those the
 * results still reached the analysis: their deferred findings hold the rules' contexts.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { expect, it } from 'vitest';
import { outputNeedsOf } from '../../server/src/cli/emit';
import { jsonResultChunks } from '../../server/src/cli/format-json';
import { OutputCollector } from '../../server/src/cli/output-collector';
import type { OutFile } from '../../server/src/cli/output-model';
import { PoolView } from '../../server/src/cli/pool-view';
import { noIncludes } from '../../server/src/core/dialect';
import { analyzeFile } from '../../server/src/engine/analyze';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const PATH = '/etc/haproxy/haproxy.cfg';
const TEXT =
  'defaults\n    mode http\n    timeout connect 5s\n    timeout client 30s\n    timeout server 30s\n\nfrontend www\n    bind :80\n    default_backend b0\n    use_backend b1 if { path_beg /one }\n\n' +
  Array.from({ length: 120 }, (_, i) => `backend b${i}\n    balance ${i === 1 ? 'source' : 'roundrobin'}\n    server s1 10.0.${i}.1:80 check weight ${i + 1}\n    server s2 10.0.${i}.2:80${i >= 2 ? '' : ' check'}\n`).join('\n');

/** Collects one analysis' output with views, in a scope of its own, and returns a weak reference to the report. */
function collected(): { files: OutFile[]; report: WeakRef<object>; memo: WeakRef<object> } {
  const report = analyzeFile({ path: PATH, text: TEXT }, noIncludes, { dialect: 'haproxy' });
  const collector = new OutputCollector((path) => path, { ...outputNeedsOf('json'), inPlace: true });
  collector.add(report);
  return { files: collector.files(), report: new WeakRef(report), memo: new WeakRef(report.memo!) };
}

it('lets the report and the analysis be collected while its pool views wait to be printed', async () => {
  const { files, report, memo } = collected();
  expect(files[0]!.pools.length).toBe(120);
  // From b2 on, a server has no check: more findings than the engine lists, and the pools' results
  // hold deferred findings (core/deferred-report.ts).
  expect(files[0]!.findings.map((f) => f.rule)).toContain('no-health-check');
  expect(files[0]!.pools.every((p) => p instanceof PoolView)).toBe(true);
  // A WeakRef's target stays alive until the current job ends.
  await new Promise((resolve) => setImmediate(resolve));
  gc();
  expect(report.deref()).toBeUndefined();
  expect(memo.deref()).toBeUndefined();
  // The views still print what a collector of plain pools prints.
  const plain = new OutputCollector((path) => path, outputNeedsOf('json'));
  plain.add(analyzeFile({ path: PATH, text: TEXT }, noIncludes, { dialect: 'haproxy' }));
  expect([...jsonResultChunks(files)].join('')).toBe([...jsonResultChunks(plain.files())].join(''));
});
