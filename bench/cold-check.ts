/**
 * Cold `lb-drift check` of one file against `nginx -t` on the same file, in the same run: the two
 * alternate (lb-drift, nginx, lb-drift, ...) so that load from other processes falls on both. Peak
 * memory and CPU time (user + system, every thread) of lb-drift from its own resourceUsage at
 * exit, of nginx from /usr/bin/time.
 */
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spread, type Spread } from './stats';

export interface ColdResult {
  readonly lbDrift: Spread;
  /** CPU time of the whole process (the main thread, the ring helper and V8's own threads). */
  readonly lbDriftCpu: Spread;
  readonly lbDriftRssMb: number;
  readonly lbDriftExit: number | null;
  readonly nginx?: Spread;
  readonly nginxCpu?: Spread;
  readonly nginxRssMb?: number;
  /** Why nginx -t did not accept the file or did not run, when it did not. */
  readonly nginxProblem?: string;
}

export const NGINX = ['/usr/sbin/nginx', '/usr/local/sbin/nginx'].find((p) => existsSync(p));
const TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;

export function coldCheck(cli: string, file: string, dir: string, lbRuns: number, nginxRuns: number): ColdResult {
  const probe = join(dir, 'rss-probe.cjs');
  writeFileSync(probe, "if (require('worker_threads').isMainThread) process.on('exit', () => { const u = process.resourceUsage(); process.stderr.write(`\\nMAXRSS ${u.maxRSS} CPU ${u.userCPUTime + u.systemCPUTime}\\n`); });\n");
  const lbTimes: number[] = [];
  const nginxTimes: number[] = [];
  const lbCpu: number[] = [];
  const nginxCpu: number[] = [];
  let lbRss = 0;
  let nginxRss = 0;
  let lbExit: number | null = 0;
  let nginxProblem = NGINX ? undefined : 'nginx is not installed';
  for (let i = 0; i < Math.max(lbRuns, nginxRuns); i++) {
    if (i < lbRuns) {
      // The report goes to a file, as in CI: the parent does not buffer it.
      const out = openSync(join(dir, 'report.json'), 'w');
      const start = process.hrtime.bigint();
      const run = spawnSync(process.execPath, ['--require', probe, cli, 'check', '--format', 'json', file], { stdio: ['ignore', out, 'pipe'], encoding: 'utf8' });
      lbTimes.push(Number(process.hrtime.bigint() - start) / 1e6);
      closeSync(out);
      lbExit = run.status;
      const usage = /MAXRSS (\d+) CPU (\d+)/.exec(run.stderr ?? '');
      if (usage) {
        lbRss = Math.max(lbRss, Number(usage[1]) / 1024);
        lbCpu.push(Number(usage[2]) / 1000);
      }
    }
    if (i < nginxRuns && NGINX && !nginxProblem) {
      const rssFile = join(dir, 'nginx-rss');
      const command = TIME ? [TIME, '-f', '%M %U %S', '-o', rssFile, NGINX] : [NGINX];
      const start = process.hrtime.bigint();
      const run = spawnSync(command[0]!, [...command.slice(1), '-t', '-q', '-p', dir, '-c', file], { encoding: 'utf8' });
      nginxTimes.push(Number(process.hrtime.bigint() - start) / 1e6);
      if (run.status !== 0) nginxProblem = `nginx -t exited with ${run.status}: ${(run.stderr ?? '').trim().split('\n')[0]}`;
      else if (TIME) {
        const [rss, user, system] = readFileSync(rssFile, 'utf8').trim().split(/\s+/).map(Number);
        nginxRss = Math.max(nginxRss, rss! / 1024);
        nginxCpu.push((user! + system!) * 1000);
      }
    }
  }
  return {
    lbDrift: spread(lbTimes),
    lbDriftCpu: spread(lbCpu.length > 0 ? lbCpu : [Number.NaN]),
    lbDriftRssMb: lbRss,
    lbDriftExit: lbExit,
    ...(nginxTimes.length > 0 && !nginxProblem ? { nginx: spread(nginxTimes), ...(TIME ? { nginxRssMb: nginxRss, nginxCpu: spread(nginxCpu) } : {}) } : {}),
    ...(nginxProblem ? { nginxProblem } : {}),
  };
}

/** A self-signed certificate and key in one PEM file, for the TLS servers of the typical config. */
export function makeCertificate(dir: string): string | undefined {
  const pem = join(dir, 'bench.pem');
  const run = spawnSync(
    'openssl',
    ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'), '-subj', '/CN=bench.example.com', '-days', '2'],
    { encoding: 'utf8' },
  );
  if (run.status !== 0) return undefined;
  writeFileSync(pem, readFileSync(join(dir, 'cert.pem'), 'utf8') + readFileSync(join(dir, 'key.pem'), 'utf8'));
  return pem;
}
