/**
 * `npm run bench`: lb-drift's speed and memory figures against the budget in DESIGN.md, printed
 * as a markdown table (each row names the command that produced it) that the README can paste.
 * Figures only: nothing here asserts a time, and `npm test` never runs it.
 *
 *   npm run bench                      everything, 10 MB inputs, several runs (a few minutes)
 *   npm run bench -- --quick           1-2 MB inputs, fewer runs and edits
 *   npm run bench -- --only=warm,cold  some sections: warm, alloc, rings, edits, cold, sniff, activation, size,
 *                                      k8s-edits, k8s-sniff (kubernetes-bench.ts),
 *                                      haproxy-warm, haproxy-edits, haproxy-cold (haproxy-bench.ts)
 *
 * Inputs are deterministic (bench/generate.ts) and have no repeated server lists, so no cache
 * answers one pool with another's result. "Cold caches" empties the traffic engine's ring and
 * distribution caches before every run: what opening a config costs. "Warm caches" analyses the
 * same text again: what re-analysis costs today, before incremental analysis. No timed run follows
 * a forced gc(): after one, V8 runs the next analysis several times slower (measured 6x on 1 MB).
 */
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { noIncludes } from '../server/src/core/dialect';
import { analyzeNginx } from '../server/src/dialects/nginx/lower';
import { analyzeFile } from '../server/src/engine/analyze';
import { detectDialect } from '../server/src/engine/detect';
import { clearTrafficCaches, predictShares } from '../server/src/traffic';
import { allocatedBytes } from './alloc';
import { measureActivation } from './client-load';
import { coldCheck, makeCertificate, NGINX } from './cold-check';
import { breakdownText, measureEdits, type EditBreakdown } from './edit-latency';
import { cacheComputations } from './warm-caches';
import { kubernetesEdits, kubernetesSniff } from './kubernetes-bench';
import { haproxyCold, haproxyEdits, haproxyWarm } from './haproxy-bench';
import { ringHeavyNginx, syntheticNginx, syntheticYaml, typicalNginx, type NginxTestDir } from './generate';
import { minMedian, num, quantile, spread, throughput, time, timed } from './stats';

// The bundle runs from bench/out/.
const REPO = join(__dirname, '../..');
const MB = 1024 * 1024;
const QUICK = process.argv.includes('--quick');
const ONLY = process.argv.find((a) => a.startsWith('--only='))?.slice('--only='.length).split(',');
const runs = (full: number, quick: number) => (QUICK ? quick : full);

const SHAPES = {
  typical: (bytes: number, env?: NginxTestDir) => typicalNginx(bytes, env),
  'upstream-dense': (bytes: number, env?: NginxTestDir) => syntheticNginx(bytes, env),
  'ring-heavy': (bytes: number, env?: NginxTestDir) => ringHeavyNginx(bytes, 12, env),
} as const;
type Shape = keyof typeof SHAPES;

interface Row {
  readonly figure: string;
  readonly input: string;
  readonly value: string;
  readonly budget: string;
  readonly command: string;
}
const rows: Row[] = [];
const notes: string[] = [];

function row(figure: string, input: string, value: string, budget: string, section: string): void {
  rows.push({ figure, input, value, budget, command: `npm run bench -- --only=${section}${QUICK ? ' --quick' : ''}` });
  process.stderr.write(`  ${figure} [${input}]: ${value}\n`);
}

function section(name: string): boolean {
  const on = !ONLY || ONLY.includes(name);
  if (on) process.stderr.write(`${name}...\n`);
  return on;
}

const sizeText = (bytes: number) => `${num(bytes / MB)} MB`;

/** "wall: best / median MB/s; CPU: best / median MB/s". */
function wallAndCpu(bytes: number, runs: { wall: number[]; cpu: number[] }): string {
  return `${throughput(bytes, spread(runs.wall))}; CPU time ${throughput(bytes, spread(runs.cpu))}`;
}

function warm(): void {
  const size = runs(10, 1) * MB;
  const count = runs(5, 2);
  for (const shape of Object.keys(SHAPES) as Shape[]) {
    const text = SHAPES[shape](size);
    const file = { path: '/bench/nginx.conf', text };
    const input = `${shape}, ${sizeText(text.length)}`;
    // Runs to compile the hot code (about 8 MB of input), not counted.
    for (let i = 0; i < Math.max(2, Math.ceil((8 * MB) / text.length)); i++) analyzeFile(file, noIncludes);
    const parse = { wall: [] as number[], cpu: [] as number[] };
    const shares = { wall: [] as number[], cpu: [] as number[] };
    const cold = { wall: [] as number[], cpu: [] as number[] };
    const warmCaches = { wall: [] as number[], cpu: [] as number[] };
    const add = (into: { wall: number[]; cpu: number[] }, run: { wall: number; cpu: number }) => {
      into.wall.push(run.wall);
      into.cpu.push(run.cpu);
    };
    for (let i = 0; i < count; i++) {
      const [parseRun, sharesRun] = parseThenShares(file);
      add(parse, parseRun);
      add(shares, sharesRun);
      clearTrafficCaches();
      add(cold, timed(() => analyzeFile(file, noIncludes)));
      add(warmCaches, timed(() => analyzeFile(file, noIncludes)));
    }
    row('warm parse + model + rules, cold ring caches', input, wallAndCpu(text.length, cold), '>= 100 MB/s', 'warm');
    row('warm parse + model + rules, warm caches (same text again)', input, wallAndCpu(text.length, warmCaches), '>= 100 MB/s', 'warm');
    row('of which parse + model', input, wallAndCpu(text.length, parse), '', 'warm');
    row('shares of every pool (rings), cold caches', input, `${minMedian(spread(shares.wall), 'ms')}; CPU time ${minMedian(spread(shares.cpu), 'ms')}`, 'reported apart', 'warm');
    // The warm-caches row is only a warm figure if the second analysis builds nothing: say so.
    const built = cacheComputations(file);
    row('rings, distributions and remaps computed: first analysis / same text again', input, `${built.cold} / ${built.warm}`, 'again: 0', 'warm');
  }
}

/**
 * Parse + model alone, then the shares of every pool of that model with empty caches. A function of
 * its own so that the model is garbage before the next timed run.
 */
function parseThenShares(file: { path: string; text: string }): [{ wall: number; cpu: number }, { wall: number; cpu: number }] {
  const parse = timed(() => analyzeNginx(file, noIncludes));
  clearTrafficCaches();
  return [parse, timed(() => parse.value.model.pools.forEach((pool) => predictShares(pool)))];
}

function alloc(): void {
  for (const shape of Object.keys(SHAPES) as Shape[]) {
    const text = SHAPES[shape](MB);
    const file = { path: '/bench/nginx.conf', text };
    for (let i = 0; i < 5; i++) analyzeFile(file, noIncludes);
    const bytes = [0, 1, 2].map(() => allocatedBytes(() => analyzeFile(file, noIncludes), 5));
    row('JS heap allocated per warm run (warm caches)', `${shape}, ${sizeText(text.length)}`, minMedian(spread(bytes.map((b) => b / MB)), 'MB'), 'as little as possible', 'alloc');
  }
}

function rings(): void {
  const members = 64;
  const weight = 10;
  const servers = Array.from({ length: members }, (_, i) => `    server 10.0.${i >> 8}.${i & 255}:80 weight=${weight};`).join('\n');
  const text = `upstream ring {\n    hash $request_uri consistent;\n${servers}\n}\n`;
  const pool = analyzeFile({ path: '/bench/ring.nginx', text }, noIncludes).model!.pools[0]!;
  const times: number[] = [];
  for (let i = 0; i < runs(16, 10); i++) {
    clearTrafficCaches();
    times.push(time(() => predictShares(pool))[1]);
  }
  const points = members * weight * 160;
  // The first runs compile the code: not counted.
  const s = spread(times.slice(6));
  row(`ketama ring + shares, ${members} members x weight ${weight} (${points} points), cold cache`, 'one pool', `${minMedian(s, 'ms')}; ${num((s.median * 1e6) / points)} ns/point`, 'once per pool version', 'rings');
}

/** The seed of the random places the edits section types at: the same places in every run. */
const EDIT_SEED = 20261207;

async function edits(): Promise<void> {
  const count = runs(200, 40);
  for (const shape of Object.keys(SHAPES) as Shape[]) {
    const text = SHAPES[shape](MB);
    // The place every earlier figure typed at (a space at the start of a line near the middle,
    // inside an upstream), then a letter at seeded random places, each deleted by the next edit.
    const kinds = [
      { figure: 'one-character edit -> diagnostics of that version, real server over stdio', edited: undefined },
      {
        figure: 'the same, a letter at seeded random places (each deleted by the next edit)',
        edited: { uri: 'file:///bench/nginx.conf', languageId: 'nginx', randomSeed: EDIT_SEED },
      },
    ];
    for (const { figure, edited } of kinds) {
      const cpu: number[] = [];
      const breakdown: EditBreakdown = {};
      const times = await measureEdits(join(REPO, 'server/out/server.js'), text, count, edited, cpu, breakdown);
      const cpuText = cpu.length > 0 ? `; server CPU p50 ${num(quantile(cpu, 0.5))} ms, p95 ${num(quantile(cpu, 0.95))} ms` : '';
      const value = `p50 ${num(quantile(times, 0.5))} ms, p95 ${num(quantile(times, 0.95))} ms (${count} edits)${cpuText}${breakdownText(breakdown)}`;
      row(figure, `${shape}, ${sizeText(text.length)}`, value, 'p95 <= 15 ms', 'edits');
    }
  }
}

function cold(dir: string): void {
  const size = runs(10, 2) * MB;
  const certificate = makeCertificate(dir);
  if (!certificate) notes.push('openssl is missing: the typical config cannot pass nginx -t (its TLS servers need a certificate).');
  mkdirSync(join(dir, 'logs'), { recursive: true });
  writeFileSync(join(dir, 'mime.types'), 'types {\n    text/html html;\n}\n');
  const env: NginxTestDir = { dir, certificate: certificate ?? join(dir, 'missing.pem') };
  for (const shape of ['ring-heavy', 'typical'] as const) {
    const text = SHAPES[shape](size, env);
    const file = join(dir, `${shape}.conf`);
    writeFileSync(file, text);
    const input = `${shape}, ${sizeText(text.length)}`;
    const result = coldCheck(join(REPO, 'server/out/cli.js'), file, dir, runs(3, 1), runs(2, 1));
    row('cold `lb-drift check --format json`', input, `${minMedian(result.lbDrift, 'ms')}; CPU time ${minMedian(result.lbDriftCpu, 'ms')}; peak RSS ${num(result.lbDriftRssMb)} MB`, '<= 200 MB', 'cold');
    if (result.nginx) {
      const cpu = result.nginxCpu ? `; CPU time ${minMedian(result.nginxCpu, 'ms')}` : '';
      const rss = `${cpu}${result.nginxRssMb !== undefined ? `; peak RSS ${num(result.nginxRssMb)} MB` : ''}`;
      row(`\`nginx -t -p <tmp> -c <file>\` (${NGINX}), same file, same run`, input, `${minMedian(result.nginx, 'ms')}${rss}`, '', 'cold');
      const cpuRatio = result.nginxCpu ? `; CPU time ${num(result.nginxCpu.median / result.lbDriftCpu.median)}x less (median / median)` : '';
      const ratio = `${num(result.nginx.median / result.lbDrift.median)}x faster (median / median); ${num(result.nginx.min / result.lbDrift.min)}x (min / min)${cpuRatio}`;
      row('lb-drift check vs nginx -t', input, ratio, '>= 10x', 'cold');
    } else notes.push(`${input}: no nginx -t comparison (${result.nginxProblem}).`);
    if (result.lbDriftExit !== null && result.lbDriftExit > 1) notes.push(`${input}: lb-drift check exited with ${result.lbDriftExit}.`);
  }
}

function sniff(): void {
  const yaml = syntheticYaml(MB);
  const times: number[] = [];
  for (let i = 0; i < 50; i++) times.push(time(() => detectDialect('/repo/values.yaml', yaml))[1]);
  row('sniff of a non-balancer YAML file', sizeText(yaml.length), minMedian(spread(times.slice(5)), 'ms'), '<= 1 ms per MB', 'sniff');
}

/**
 * What the extension host waits on when it activates lb-drift: requiring client/out/extension.js
 * and running activate(). The language client is a bundle of its own that loads after activation,
 * when the first balancer document opens; its load is a row of its own.
 */
function activation(): void {
  const times = measureActivation(join(REPO, 'client/out/extension.js'), runs(10, 3));
  const activate = times.map((t) => t.loadMs + t.activateMs);
  row('activation: client/out/extension.js load + activate()', 'client/out/extension.js', minMedian(spread(activate), 'ms'), '<= 50 ms with margin', 'activation');
  const client = times.map((t) => t.languageClientMs);
  row('language client load, after activation, at the first balancer document', 'client/out/language-client.js', minMedian(spread(client), 'ms'), '', 'activation');
}

function size(): void {
  const bundle = statSync(join(REPO, 'client/out/extension.js')).size + statSync(join(REPO, 'server/out/server.js')).size;
  row('client + server bundles', 'client/out, server/out', `${num(bundle / 1024)} KiB`, '', 'size');
  try {
    row('VSIX size', 'lb-drift.vsix', `${num(statSync(join(REPO, 'lb-drift.vsix')).size / 1024)} KiB`, '<= 1024 KiB', 'size');
  } catch {
    notes.push('No lb-drift.vsix: run `npm run package` to measure its size.');
  }
}

function printTable(): void {
  const commit = (() => {
    try {
      return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: REPO, encoding: 'utf8' }).trim();
    } catch {
      return 'unknown';
    }
  })();
  const load = loadavg().map((l) => l.toFixed(1)).join(' ');
  console.log(`\nlb-drift ${commit}, node ${process.version}, ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown CPU'}), load average at the end ${load}${QUICK ? ', --quick' : ''}\n`);
  console.log('| figure | input | measured | budget | command |');
  console.log('| --- | --- | --- | --- | --- |');
  for (const r of rows) console.log(`| ${r.figure} | ${r.input} | ${r.value} | ${r.budget} | \`${r.command}\` |`);
  notes.push('Timings vary with whatever else the machine runs; ratios against nginx -t are measured in the same run, with the two alternating.');
  console.log('\n' + notes.map((n) => `- ${n}`).join('\n'));
}

async function main(): Promise<void> {
  notes.push(`Load average when the run started: ${loadavg().map((l) => l.toFixed(1)).join(' ')}.`);
  const dir = mkdtempSync(join(tmpdir(), 'lb-drift-bench-'));
  try {
    if (section('warm')) warm();
    if (section('alloc')) alloc();
    if (section('rings')) rings();
    if (section('sniff')) sniff();
    if (section('edits')) await edits();
    if (section('k8s-sniff')) kubernetesSniff(row);
    if (section('k8s-edits')) await kubernetesEdits(join(REPO, 'server/out/server.js'), runs(200, 40), row);
    if (section('cold')) cold(dir);
    if (section('haproxy-warm')) haproxyWarm(runs(10, 1) * MB, runs(5, 2), row);
    if (section('haproxy-edits')) await haproxyEdits(join(REPO, 'server/out/server.js'), runs(200, 40), row);
    if (section('haproxy-cold')) haproxyCold(join(REPO, 'server/out/cli.js'), dir, runs(10, 2) * MB, runs(3, 1), row, notes);
    if (section('activation')) activation();
    if (section('size')) size();
    printTable();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
