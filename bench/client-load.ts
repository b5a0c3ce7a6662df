/**
 * What VS Code's extension host waits on when it activates lb-drift: loading the client bundle
 * and running activate(), which registers commands and providers and returns. The language
 * client is a second bundle (client/out/language-client.js) that loads after activation, and only
 * once a document lb-drift may serve is open; its load time is measured too, as what the first
 * nginx, HAProxy or Kubernetes document costs afterwards. A non-balancer YAML or JSON file never
 * loads it.
 *
 * Each run is a fresh Node process with a stand-in for the `vscode` module, which only the
 * extension host provides: every property of the stand-in, every call and every `new` of it is
 * the stand-in again, so activate() runs its own code without VS Code's. The probe exits right
 * after activate() returns, so what activation defers (starting the client) does not run.
 */
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';

const PROBE = `
const Module = require('module');
const { dirname, join } = require('path');
const load = Module._load;
// Bundled code copies the module's own keys (esbuild's __toESM), so the stand-in lists VS Code's namespaces as its own.
const names = ['window', 'workspace', 'commands', 'languages', 'env', 'extensions', 'Uri', 'EventEmitter', 'Disposable', 'Range', 'Position', 'StatusBarAlignment', 'MarkdownString', 'ViewColumn', 'ThemeColor', 'ThemeIcon', 'ProgressLocation'];
const stand_in = new Proxy(function () { 'use strict'; }, {
  get: (target, prop) => (prop === 'prototype' ? target.prototype : prop === 'version' ? '1.91.0' : prop === Symbol.toPrimitive ? () => '' : stand_in),
  apply: () => stand_in,
  construct: () => stand_in,
  set: () => true,
  ownKeys: () => [...names, 'prototype'],
  getOwnPropertyDescriptor: (target, prop) => (prop === 'prototype' ? Reflect.getOwnPropertyDescriptor(target, prop) : { configurable: true, enumerable: true, writable: true, value: stand_in }),
});
Module._load = function (request, ...rest) { return request === 'vscode' ? stand_in : load.call(this, request, ...rest); };
const bundle = process.argv[1];
const root = join(dirname(bundle), '../..');
const ms = (from) => Number(process.hrtime.bigint() - from) / 1e6;
let start = process.hrtime.bigint();
const extension = require(bundle);
const loadMs = ms(start);
const context = { subscriptions: [], asAbsolutePath: (path) => join(root, path), extensionPath: root };
start = process.hrtime.bigint();
extension.activate(context);
const activateMs = ms(start);
start = process.hrtime.bigint();
require(join(dirname(bundle), 'language-client.js'));
const languageClientMs = ms(start);
process.stdout.write(JSON.stringify({ loadMs, activateMs, languageClientMs }));
process.exit(0);
`;

export interface ActivationTimes {
  /** Requiring client/out/extension.js. */
  readonly loadMs: number;
  /** activate() until it returns. */
  readonly activateMs: number;
  /** Requiring client/out/language-client.js, after activation, when a balancer document opens. */
  readonly languageClientMs: number;
}

/** The activation times of `runs` fresh processes. */
export function measureActivation(bundle: string, runs: number): ActivationTimes[] {
  const times: ActivationTimes[] = [];
  for (let i = 0; i < runs; i++) {
    const run = spawnSync(process.execPath, ['-e', PROBE, bundle], { encoding: 'utf8', cwd: dirname(bundle) });
    if (run.status !== 0) throw new Error(`activating ${bundle} failed: ${run.stderr.slice(-1000)}`);
    times.push(JSON.parse(run.stdout) as ActivationTimes);
  }
  return times;
}

// `node bench/out/client-load.js [runs]` after bundling this file: the three figures per run.
if (require.main === module) {
  const runs = Number(process.argv[2] ?? 5);
  const bundle = join(__dirname, '../../client/out/extension.js');
  for (const t of measureActivation(bundle, runs)) {
    console.log(`load ${t.loadMs.toFixed(1)} ms + activate() ${t.activateMs.toFixed(1)} ms; language client later: ${t.languageClientMs.toFixed(1)} ms`);
  }
}
