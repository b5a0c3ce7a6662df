/**
 * How long VS Code's extension host takes to load the client bundle, the part of activation that
 * lb-drift controls besides activate() itself (which only registers commands and starts the
 * server without waiting for it). Measured in a fresh Node process per run, with a stand-in for
 * the `vscode` module, which only the extension host provides.
 */
import { spawnSync } from 'node:child_process';

const PROBE = `
const Module = require('module');
const load = Module._load;
const stand_in = new Proxy(function () {}, { get: (target, prop) => (prop === 'prototype' ? target.prototype : stand_in) });
Module._load = function (request, ...rest) { return request === 'vscode' ? stand_in : load.call(this, request, ...rest); };
const start = process.hrtime.bigint();
require(process.argv[1]);
process.stdout.write(String(Number(process.hrtime.bigint() - start) / 1e6));
`;

/** The load times in milliseconds of `runs` fresh processes. */
export function measureClientLoad(bundle: string, runs: number): number[] {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const run = spawnSync(process.execPath, ['-e', PROBE, bundle], { encoding: 'utf8' });
    if (run.status !== 0) throw new Error(`loading ${bundle} failed: ${run.stderr}`);
    times.push(Number(run.stdout));
  }
  return times;
}
