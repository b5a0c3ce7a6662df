/**
 * The HAProxy figures of `npm run bench` (sections `haproxy-warm`, `haproxy-edits`,
 * `haproxy-cold`), on the generated haproxy.cfg of haproxy-generate.ts (every balance algorithm,
 * a third consistent-hash, all server lists distinct):
 * - warm parse + model + rules in MB/s, cold and warm ring caches, with parse + model apart;
 * - one-character edit in a 1 MB file -> diagnostics of that version through the real server over
 *   stdio (a space typed before a server line near the middle, then deleted: the section's body is
 *   read again, nothing else);
 * - cold `lb-drift check` of a 10 MB file against `haproxy -c -f` on the same file, the two
 *   alternating in the same run, with peak RSS.
 * Each also gives CPU time (and the warm run its allocation per analysis): on a shared machine the
 * wall figures say more about the load than about lb-drift.
 */
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { noIncludes } from '../server/src/core/dialect';
import { analyzeHaproxy } from '../server/src/dialects/haproxy/lower';
import { analyzeFile } from '../server/src/engine/analyze';
import { clearTrafficCaches } from '../server/src/traffic';
import { measureEdits } from './edit-latency';
import { syntheticHaproxy } from './haproxy-generate';
import type { RowSink } from './kubernetes-bench';
import { allocatedBytes } from './alloc';
import { minMedian, num, quantile, spread, throughput, time, timed } from './stats';

const MB = 1024 * 1024;
export const HAPROXY = ['/usr/sbin/haproxy', '/usr/local/sbin/haproxy'].find((p) => existsSync(p));
const TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;

const describe = (text: string): string => `haproxy.cfg, ${num(text.length / MB)} MB, ${(text.match(/^backend /gm) ?? []).length} backends`;

export function haproxyWarm(bytes: number, count: number, row: RowSink): void {
  const text = syntheticHaproxy(bytes);
  const file = { path: '/bench/haproxy.cfg', text };
  const options = { dialect: 'haproxy' as const };
  // Runs to compile the hot code (about 8 MB of input), not counted.
  for (let i = 0; i < Math.max(2, Math.ceil((8 * MB) / text.length)); i++) analyzeFile(file, noIncludes, options);
  const parse: number[] = [];
  const cold: number[] = [];
  const warm: number[] = [];
  const warmCpu: number[] = [];
  for (let i = 0; i < count; i++) {
    parse.push(time(() => analyzeHaproxy(file, noIncludes, undefined, true))[1]);
    clearTrafficCaches();
    cold.push(time(() => analyzeFile(file, noIncludes, options))[1]);
    warm.push(time(() => analyzeFile(file, noIncludes, options))[1]);
    warmCpu.push(timed(() => analyzeFile(file, noIncludes, options)).cpu);
  }
  // Measured after the timed runs: the forced collection it starts with slows the runs after it.
  const allocated = allocatedBytes(() => analyzeFile(file, noIncludes, options), 1);
  row('warm parse + model + rules, cold ring caches', describe(text), throughput(text.length, spread(cold)), '>= 100 MB/s', 'haproxy-warm');
  row('warm parse + model + rules, warm caches (same text again)', describe(text), throughput(text.length, spread(warm)), '>= 100 MB/s', 'haproxy-warm');
  row('of which parse + model', describe(text), throughput(text.length, spread(parse)), '', 'haproxy-warm');
  const cpu = spread(warmCpu);
  row(
    'warm parse + model + rules, CPU time and allocation (warm caches)',
    describe(text),
    `${minMedian(cpu, 'ms CPU')} (${num(text.length / MB / (cpu.median / 1000))} MB/s of CPU), ${num(allocated / MB)} MB allocated per analysis`,
    '>= 100 MB/s',
    'haproxy-warm',
  );
}

/** The line and column of a space typed before the first server line at or after the middle. */
export function middleServerLine(text: string): { line: number; character: number } {
  const at = text.indexOf('\n    server ', text.length >> 1);
  const offset = at < 0 ? text.length >> 1 : at + 1;
  return { line: text.slice(0, offset).split('\n').length - 1, character: 0 };
}

export async function haproxyEdits(server: string, count: number, row: RowSink): Promise<void> {
  const text = syntheticHaproxy(MB);
  const cpu: number[] = [];
  const times = await measureEdits(server, text, count, { uri: 'file:///bench/haproxy.cfg', languageId: 'haproxy', at: middleServerLine(text) }, cpu);
  const cpuNote = cpu.length > 0 ? `; server CPU p50 ${num(quantile(cpu, 0.5))} ms, p95 ${num(quantile(cpu, 0.95))} ms` : '';
  const value = `p50 ${num(quantile(times, 0.5))} ms, p95 ${num(quantile(times, 0.95))} ms, max ${num(Math.max(...times))} ms (${count} edits)${cpuNote}`;
  row('one-character edit -> diagnostics of that version, real server over stdio', describe(text), value, 'p95 <= 15 ms', 'haproxy-edits');
}

/** Cold `lb-drift check --format json` against `haproxy -c -f` on the same 10 MB file, alternating. */
export function haproxyCold(cli: string, dir: string, bytes: number, runs: number, row: RowSink, notes: string[]): void {
  const text = syntheticHaproxy(bytes);
  const file = join(dir, 'haproxy.cfg');
  writeFileSync(file, text);
  const probe = join(dir, 'rss-probe.cjs');
  writeFileSync(
    probe,
    "if (require('worker_threads').isMainThread) process.on('exit', () => { const u = process.resourceUsage(); process.stderr.write(`\\nMAXRSS ${u.maxRSS} CPU ${(u.userCPUTime + u.systemCPUTime) / 1000}\\n`); });\n",
  );
  const lbTimes: number[] = [];
  const haTimes: number[] = [];
  let lbRss = 0;
  let haRss = 0;
  // CPU milliseconds of each run (user + system): a loaded machine stretches wall time far more.
  const lbCpu: number[] = [];
  const haCpu: number[] = [];
  let problem = HAPROXY ? undefined : 'haproxy is not installed';
  for (let i = 0; i < runs; i++) {
    const out = openSync(join(dir, 'report.json'), 'w');
    const start = process.hrtime.bigint();
    const run = spawnSync(process.execPath, ['--require', probe, cli, 'check', '--format', 'json', file], { stdio: ['ignore', out, 'pipe'], encoding: 'utf8' });
    lbTimes.push(Number(process.hrtime.bigint() - start) / 1e6);
    closeSync(out);
    if (run.status !== null && run.status > 1) notes.push(`${describe(text)}: lb-drift check exited with ${run.status}.`);
    const rss = /MAXRSS (\d+) CPU ([\d.]+)/.exec(run.stderr ?? '');
    if (rss) {
      lbRss = Math.max(lbRss, Number(rss[1]) / 1024);
      lbCpu.push(Number(rss[2]));
    }
    if (!HAPROXY || problem) continue;
    const rssFile = join(dir, 'haproxy-rss');
    const command = TIME ? [TIME, '-f', '%M %U %S', '-o', rssFile, HAPROXY] : [HAPROXY];
    const haStart = process.hrtime.bigint();
    const check = spawnSync(command[0]!, [...command.slice(1), '-c', '-q', '-f', file], { encoding: 'utf8' });
    haTimes.push(Number(process.hrtime.bigint() - haStart) / 1e6);
    if (check.status !== 0) problem = `haproxy -c exited with ${check.status}: ${(check.stderr ?? '').trim().split('\n')[0]}`;
    else if (TIME) {
      const [kb = '0', user = '0', system = '0'] = readFileSync(rssFile, 'utf8').trim().split(/\s+/);
      haRss = Math.max(haRss, Number(kb) / 1024);
      haCpu.push((Number(user) + Number(system)) * 1000);
    }
  }
  const lb = spread(lbTimes);
  const cpuOf = (runs: number[]) => (runs.length > 0 ? `, ${minMedian(spread(runs), 'ms CPU')}` : '');
  row('cold `lb-drift check --format json`', describe(text), `${minMedian(lb, 'ms')}${cpuOf(lbCpu)}, peak RSS ${num(lbRss)} MB`, '<= 200 MB', 'haproxy-cold');
  if (problem || haTimes.length === 0) {
    notes.push(`${describe(text)}: no haproxy -c comparison (${problem ?? 'not run'}).`);
    return;
  }
  const ha = spread(haTimes);
  row(`\`haproxy -c -f <file>\` (${HAPROXY}), same file, same run`, describe(text), `${minMedian(ha, 'ms')}${cpuOf(haCpu)}${TIME ? `, peak RSS ${num(haRss)} MB` : ''}`, '', 'haproxy-cold');
  const cpuRatio = lbCpu.length > 0 && haCpu.length > 0 ? `; by CPU time ${num(spread(haCpu).median / spread(lbCpu).median)}x (median / median)` : '';
  row('lb-drift check vs haproxy -c', describe(text), `${num(ha.median / lb.median)}x faster (median / median); ${num(ha.min / lb.min)}x (min / min)${cpuRatio}`, '>= 10x', 'haproxy-cold');
}
