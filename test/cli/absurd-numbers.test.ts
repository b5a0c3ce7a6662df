/**
 * Absurd weights through the CLI (issue 10, point 5). Before: `weight=4294967296` with `hash`
 * aborted the whole run with a RangeError (the other files unreported, the SARIF empty), and
 * `hash ... consistent` with `weight=1000000` took 2.5 GB. Now every file is reported, the exit
 * code says what was found, and peak memory stays bounded (measured with /usr/bin/time, which
 * counts the typed arrays outside V8's heap too; the bound is generous, no time is asserted).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CLI } from '../helpers/cli';
import { tmpTree } from '../helpers/tmp';

const upstream = (name: string, method: string, servers: string): string =>
  `http {\n  upstream ${name} {\n    ${method}\n${servers}  }\n  server { location / { proxy_pass http://${name}; } }\n}\n`;

const FILES = {
  'hash-2-32.conf': upstream('big', 'hash $uri;', '    server 10.0.0.1:80 weight=4294967296;\n    server 10.0.0.2:80;\n'),
  'ring-1e6.conf': upstream('ring6', 'hash $uri consistent;', '    server 10.0.0.1:80 weight=1000000;\n    server 10.0.0.2:80;\n'),
  'ring-1e7.conf': upstream('ring7', 'hash $uri consistent;', '    server 10.0.0.1:80 weight=10000000;\n    server 10.0.0.2:80 weight=10000000;\n'),
  'ring-2-31.conf': upstream('ring31', 'hash $uri consistent;', '    server 10.0.0.1:80 weight=2147483647;\n    server 10.0.0.2:80 weight=2147483647;\n'),
  'ip-hash-max.conf': upstream('ip', 'ip_hash;', '    server 10.0.0.1:80 weight=9223372036854775807;\n    server 10.0.0.2:80;\n'),
  'plain.conf': upstream('plain', '', '    server 10.0.0.1:80 weight=5;\n    server 10.0.0.2:80;\n'),
};
const REJECTED = { 'rejected.conf': upstream('bad', 'hash $uri;', '    server 10.0.0.1:80 weight=9223372036854775808;\n    server 10.0.0.2:80;\n') };

interface Measured {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** Peak resident memory in MB, or undefined where /usr/bin/time is missing. */
  readonly peakMb: number | undefined;
}

/** Runs the CLI under /usr/bin/time (when present) to read its peak resident memory. */
function measure(args: readonly string[], cwd: string): Measured {
  const timed = existsSync('/usr/bin/time');
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  const command = timed ? '/usr/bin/time' : process.execPath;
  const argv = timed ? ['-f', 'peak-kb=%M', process.execPath, CLI, ...args] : [CLI, ...args];
  const run = spawnSync(command, argv, { cwd, env, encoding: 'utf8', timeout: 120_000, maxBuffer: 64 * 2 ** 20 });
  const peak = /peak-kb=(\d+)/.exec(run.stderr);
  return { status: run.status, stdout: run.stdout, stderr: run.stderr, peakMb: peak ? Number(peak[1]) / 1024 : undefined };
}

describe('absurd weights in the CLI', () => {
  const dir = tmpTree({ ...FILES, ...REJECTED });
  const names = Object.keys(FILES);

  it('check reports every file in SARIF, within bounded memory', () => {
    const run = measure(['check', '--format', 'sarif', ...names], dir);
    expect(run.stderr).not.toMatch(/internal error|RangeError/);
    expect(run.status).toBe(1);
    const results = JSON.parse(run.stdout).runs[0].results as { ruleId: string; locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[];
    const files = new Set(results.map((r) => r.locations[0]!.physicalLocation.artifactLocation.uri.replace(/^.*\//, '')));
    for (const name of ['hash-2-32.conf', 'ring-1e6.conf', 'ring-1e7.conf', 'ring-2-31.conf', 'plain.conf']) expect(files, name).toContain(name);
    expect(results.some((r) => r.ruleId === 'invalid-combination')).toBe(true);
    if (run.peakMb !== undefined) expect(run.peakMb).toBeLessThan(600);
  });

  it('shares prints estimated rings as estimates, in text and JSON', () => {
    const text = measure(['shares', 'ring-1e7.conf', 'hash-2-32.conf'], dir);
    expect(text.status).toBe(0);
    expect(text.stdout).toMatch(/~50\.0%/);
    expect(text.stdout).toContain('Estimated: the ring has 3200000000 points');
    expect(text.stdout).toMatch(/pool big[\s\S]*100\.0%/);
    const json = measure(['shares', '--format', 'json', 'ring-2-31.conf'], dir);
    const pool = JSON.parse(json.stdout).files[0].pools[0];
    expect(pool.estimated).toMatch(/^Estimated: the ring has 687194767040 points/);
    expect(pool.members.map((m: { share: number }) => m.share)).toEqual([0.5, 0.5]);
    if (json.peakMb !== undefined) expect(json.peakMb).toBeLessThan(600);
  });

  it('reports a weight nginx rejects as a syntax error (exit 2) and still reports the other files', () => {
    const run = measure(['check', '--format', 'json', 'rejected.conf', 'plain.conf'], dir);
    expect(run.status).toBe(2);
    const files = JSON.parse(run.stdout).files as { path: string; findings: { rule: string; message: string }[] }[];
    const rejected = files.find((f) => f.path.endsWith('rejected.conf'))!;
    expect(rejected.findings.find((f) => f.rule === 'syntax-error')?.message).toContain('invalid parameter "weight=9223372036854775808"');
    expect(files.find((f) => f.path.endsWith('plain.conf'))!.findings.length).toBeGreaterThan(0);
  });

  it('routes requests through a huge map-based weight and refuses an unbuildable ring with a reason', () => {
    const routed = measure(['route', 'hash-2-32.conf', '--pool', 'big'], dir);
    expect(routed.status, routed.stderr).toBe(0);
    const refused = spawnSync(process.execPath, [CLI, 'route', 'ring-1e7.conf', '--pool', 'ring7'], { cwd: dir, input: '{"uri":"/a"}\n', encoding: 'utf8', timeout: 60_000 });
    expect(refused.status).toBe(2);
    expect(refused.stderr).toMatch(/lb-drift builds/);
  });
});
