/**
 * `lb-drift route` and `lb-drift shares` on a HAProxy file, through the built CLI: the same
 * contract as for nginx (JSON Lines in, one address per line out; random refused with exit 2;
 * shares in the JSON shape of `check`).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli';

const dir = mkdtempSync(join(tmpdir(), 'lb-drift-haproxy-cli-'));
const file = join(dir, 'lb.cfg');
writeFileSync(
  file,
  `defaults
  mode http
frontend www
  bind :80
  default_backend app
backend app
  balance roundrobin
  server a 10.0.0.1:80 weight 5
  server b 10.0.0.2:80
  server c 10.0.0.3:80
backend sticky
  balance source
  hash-type consistent
  server a 10.0.0.1:80
  server b 10.0.0.2:80
backend lottery
  balance random
  server a 10.0.0.1:80
  server b 10.0.0.2:80
`,
);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('lb-drift on a HAProxy file found by its content', () => {
  it('routes round-robin as HAProxy schedules it', () => {
    const run = runCli(['route', file, '--pool', 'app'], { input: Array(7).fill('{"uri":"/"}').join('\n') });
    expect(run.status).toBe(0);
    expect(run.stdout).toBe(['a', 'a', 'a', 'b', 'a', 'a', 'c'].map((n) => `10.0.0.${n.charCodeAt(0) - 96}:80`).join('\n') + '\n');
  });

  it('routes by source address and explains a request without one', () => {
    const run = runCli(['route', file, '--pool', 'backend:sticky'], { input: '{"uri":"/","clientIp":"10.9.8.7"}\n{"uri":"/","clientIp":"10.9.8.7"}\n{"uri":"/"}\n' });
    const lines = run.stdout.split('\n');
    expect(lines[0]).toMatch(/^10\.0\.0\.[12]:80$/);
    expect(lines[1]).toBe(lines[0]);
    expect(lines[2]).toBe('');
    expect(run.stderr).toContain('line 3: balance source needs "clientIp"');
    expect(run.status).toBe(2);
  });

  it('refuses random balancing with exit 2 and points at shares', () => {
    const run = runCli(['route', file, '--pool', 'lottery'], { input: '{"uri":"/"}\n' });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('lb-drift shares');
  });

  it('prints shares in the JSON shape of check', () => {
    const json = JSON.parse(runCli(['shares', file, '--format', 'json']).stdout) as { files: { dialect?: string; pools: { name: string; algorithm: string; members: { address: string; share: number }[] }[] }[] };
    const pools = json.files[0]!.pools;
    expect(pools.map((p) => [p.name, p.algorithm])).toEqual([['app', 'round-robin'], ['sticky', 'source-hash'], ['lottery', 'random']]);
    expect(pools[0]!.members.map((m) => Math.round(m.share * 700) / 100)).toEqual([5, 1, 1]);
  });
});
