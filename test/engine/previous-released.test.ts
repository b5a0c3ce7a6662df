/**
 * An incremental analysis keeps only what it reuses of the previous version: the report it
 * returns must not keep the previous report alive (a closure made inside `analyzeFile` once
 * held its whole scope, `options.previous` included, so every version of an edited file stayed
 * in memory and garbage collection grew with each keystroke).
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { expect, it } from 'vitest';
import { noIncludes } from '../../server/src/core/dialect';
import { analyzeFile, type FileReport } from '../../server/src/engine/analyze';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const TEXT = Array.from({ length: 20 }, (_, i) => `upstream u${i} {\n    server 10.0.0.${i}:80 weight=${i + 1};\n    server 10.0.1.${i}:80;\n}\n`).join('');

it('lets the previous versions of an edited file be collected', async () => {
  let text = TEXT;
  let report: FileReport = analyzeFile({ path: '/a.conf', text }, noIncludes, { dialect: 'nginx' });
  const first = new WeakRef(report);
  for (let i = 0; i < 5; i++) {
    text = text.replace('weight=', 'weight= ');
    report = analyzeFile({ path: '/a.conf', text }, noIncludes, { dialect: 'nginx', previous: report });
    // The shares function is what a report hands to rules and the language server.
    report.shares(report.model!.pools[0]!);
  }
  // A WeakRef's target stays alive until the current job ends.
  await new Promise((resolve) => setImmediate(resolve));
  gc();
  expect(first.deref()).toBeUndefined();
  expect(report.findings.length).toBeGreaterThan(0);
});
