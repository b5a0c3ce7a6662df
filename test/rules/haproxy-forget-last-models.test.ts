/**
 * unused-backends and shadowed-route remember what they read of the last model, to answer the
 * next version of the same file at once; their reads hold the model's references (route tests,
 * names). `forgetLastHaproxyModels` lets a caller that analyses no next version (the CLI) drop
 * them, so the references can be collected while the report is printed (issue 12: 27 MB of a
 * 10 MB haproxy.cfg at the first write).
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { expect, it } from 'vitest';
import { noIncludes } from '../../server/src/core/dialect';
import { analyzeFile } from '../../server/src/engine/analyze';
import { forgetLastHaproxyModels } from '../../server/src/rules/haproxy/common';
import { backendsConfig, HAPROXY_OPTIONS, HAPROXY_ROOT } from '../helpers/haproxy-backends';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const TEXT = backendsConfig(6, (i) => `    server s1 10.0.${i}.1:80 check\n    server s2 10.0.${i}.2:80 check\n`);

/** Analyses TEXT in a scope of its own and returns weak references to its use_backend references. */
function analysed(): WeakRef<object>[] {
  const report = analyzeFile({ path: HAPROXY_ROOT, text: TEXT }, noIncludes, HAPROXY_OPTIONS);
  const references = report.model!.references.filter((r) => r.kind === 'use_backend');
  expect(references.length).toBe(6);
  return references.map((r) => new WeakRef(r));
}

async function collect(): Promise<void> {
  // A WeakRef's target stays alive until the current job ends.
  await new Promise((resolve) => setImmediate(resolve));
  gc();
}

it('keeps the last model\'s references until told to forget them', async () => {
  const kept = analysed();
  await collect();
  // The memos hold them: what makes the next version's answer quick.
  expect(kept.filter((r) => r.deref() !== undefined).length).toBe(6);
  forgetLastHaproxyModels();
  await collect();
  expect(kept.filter((r) => r.deref() !== undefined)).toEqual([]);
});

it('finds the same after forgetting', () => {
  const before = analyzeFile({ path: HAPROXY_ROOT, text: TEXT }, noIncludes, HAPROXY_OPTIONS).findings;
  forgetLastHaproxyModels();
  const after = analyzeFile({ path: HAPROXY_ROOT, text: TEXT }, noIncludes, HAPROXY_OPTIONS).findings;
  expect(after.map((f) => [f.rule, f.message, f.loc])).toEqual(before.map((f) => [f.rule, f.message, f.loc]));
});
