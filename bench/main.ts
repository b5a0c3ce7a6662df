/**
 * `npm run bench`: prints lb-drift's speed and memory figures against the budget in DESIGN.md.
 * Figures only: nothing here asserts a time.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { noIncludes } from '../server/src/core/dialect';
import type { Pool } from '../server/src/core/model';
import { analyzeFile } from '../server/src/engine/analyze';
import { detectDialect } from '../server/src/engine/detect';
import { predictShares } from '../server/src/traffic';
import { measureClientLoad } from './client-load';
import { measureEdits } from './edit-latency';
import { syntheticNginx, syntheticYaml, typicalNginx } from './generate';

// The bundle runs from bench/out/.
const REPO = join(__dirname, '../..');
const MB = 1024 * 1024;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function time<T>(fn: () => T): [T, number] {
  const start = process.hrtime.bigint();
  const value = fn();
  return [value, Number(process.hrtime.bigint() - start) / 1e6];
}

function line(label: string, value: string, budget: string): void {
  console.log(`${label.padEnd(46)} ${value.padStart(16)}   budget: ${budget}`);
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'lb-drift-bench-'));
  try {
    const big = syntheticNginx(10 * MB);
    const bigPath = join(dir, 'big.nginx');
    writeFileSync(bigPath, big);
    const bytes = Buffer.byteLength(big);
    console.log(`lb-drift benchmarks (node ${process.version}); input: ${(bytes / MB).toFixed(1)} MB synthetic nginx config\n`);

    // Warm parse + model + rules, on the upstream-dense worst case and on a typical config.
    for (const [label, text] of [
      ['upstream-dense', big],
      ['typical', typicalNginx(10 * MB)],
    ] as const) {
      const runs: number[] = [];
      let pools = 0;
      let findings = 0;
      for (let i = 0; i < 6; i++) {
        const [report, ms] = time(() => analyzeFile({ path: bigPath, text }, noIncludes));
        pools = report.model?.pools.length ?? 0;
        findings = report.findings.length;
        if (i > 0) runs.push(ms);
      }
      const warm = median(runs);
      line(`warm parse + model + rules (${label})`, `${(Buffer.byteLength(text) / MB / (warm / 1000)).toFixed(0)} MB/s`, '>= 100 MB/s');
      console.log(`    (${pools} pools, ${findings} findings, median of ${runs.length} runs: ${warm.toFixed(0)} ms)`);
    }

    // Cold CLI check of the 10 MB file, with its peak memory.
    const rssProbe = join(dir, 'rss.cjs');
    writeFileSync(rssProbe, "process.on('exit', () => process.stderr.write(`\\nMAXRSS ${process.resourceUsage().maxRSS}\\n`));\n");
    const cold: number[] = [];
    let maxRss = 0;
    for (let i = 0; i < 3; i++) {
      const start = process.hrtime.bigint();
      const run = spawnSync(process.execPath, ['--require', rssProbe, join(REPO, 'server/out/cli.js'), 'check', '--format', 'json', bigPath], {
        encoding: 'utf8',
        maxBuffer: 512 * MB,
      });
      cold.push(Number(process.hrtime.bigint() - start) / 1e6);
      const rss = /MAXRSS (\d+)/.exec(run.stderr);
      if (rss) maxRss = Math.max(maxRss, Number(rss[1]) / 1024);
    }
    const coldMs = median(cold);
    line('cold `lb-drift check` on 10 MB', `${coldMs.toFixed(0)} ms`, '10x faster than nginx -t');
    line('peak memory of that check', `${maxRss.toFixed(0)} MB`, '<= 200 MB');
    const nginx = ['/usr/sbin/nginx', '/usr/local/sbin/nginx'].find((p) => existsSync(p));
    if (nginx) {
      const conf = join(dir, 'nginx-t.conf');
      writeFileSync(conf, `pid ${dir}/nginx.pid;\nerror_log ${dir}/error.log;\n` + big.replace(/^worker_processes 4;\n/m, '').replace('http {\n', `http {\n    access_log off;\n    client_body_temp_path ${dir};\n    proxy_temp_path ${dir};\n    fastcgi_temp_path ${dir};\n    uwsgi_temp_path ${dir};\n    scgi_temp_path ${dir};\n`));
      const start = process.hrtime.bigint();
      const t = spawnSync(nginx, ['-t', '-q', '-p', dir, '-c', conf], { encoding: 'utf8' });
      const nginxMs = Number(process.hrtime.bigint() - start) / 1e6;
      line('`nginx -t` on the same config', `${nginxMs.toFixed(0)} ms`, t.status === 0 ? 'accepted' : `exit ${t.status}`);
      line('lb-drift check vs nginx -t', `${(nginxMs / coldMs).toFixed(1)}x faster`, '>= 10x');
    } else {
      console.log('    (nginx is not installed: the comparison with `nginx -t` is skipped)');
    }

    // Sniff cost of a non-balancer file.
    const yaml = syntheticYaml(MB);
    const sniffRuns: number[] = [];
    for (let i = 0; i < 50; i++) sniffRuns.push(time(() => detectDialect('/repo/values.yaml', yaml))[1]);
    line('sniff of a 1 MB non-balancer YAML file', `${median(sniffRuns).toFixed(3)} ms`, '<= 1 ms per MB');

    // Consistent-hash ring build for a 64-member pool (cache defeated by a fresh weight each time).
    const ringRuns: number[] = [];
    for (let w = 2; w < 12; w++) {
      const pool = analyzeFile({ path: '/bench/ring.nginx', text: ringPool(64, w) }, noIncludes).model!.pools[0]!;
      ringRuns.push(time(() => predictShares(pool as Pool))[1]);
    }
    line('ketama ring shares, 64 members (~10k points each w)', `${median(ringRuns).toFixed(1)} ms`, 'once per pool version');

    // One-character edits in a 1 MB file through the real language server.
    const edits = await measureEdits(join(REPO, 'server/out/server.js'), syntheticNginx(MB), 60);
    line('edit -> diagnostics, 1 MB file (p50)', `${edits.p50.toFixed(1)} ms`, '');
    line('edit -> diagnostics, 1 MB file (p95)', `${edits.p95.toFixed(1)} ms`, 'p95 <= 15 ms');

    // Activation: activate() registers commands and starts the server without waiting for it,
    // so loading the client bundle is what the extension host waits on.
    const clientLoad = measureClientLoad(join(REPO, 'client/out/extension.js'), 5);
    line('client bundle load (activation)', `${clientLoad.toFixed(1)} ms`, '<= 50 ms');

    // Package size.
    const vsix = join(REPO, 'lb-drift.vsix');
    if (existsSync(vsix)) line('VSIX size', `${(statSync(vsix).size / 1024).toFixed(0)} KiB`, '<= 1024 KiB');
    else console.log('    (no lb-drift.vsix: run `npm run package` to measure its size)');
    const bundle = statSync(join(REPO, 'client/out/extension.js')).size + statSync(join(REPO, 'server/out/server.js')).size;
    line('client + server bundles', `${(bundle / 1024).toFixed(0)} KiB`, '');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function ringPool(members: number, weight: number): string {
  const servers = Array.from({ length: members }, (_, i) => `    server 10.0.${i >> 8}.${i & 255}:80 weight=${weight};`).join('\n');
  return `upstream ring {\n    hash $request_uri consistent;\n${servers}\n}\n`;
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
