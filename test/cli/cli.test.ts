/**
 * The CLI contract of DESIGN.md: exit codes, the JSON shape with 1-based positions, `shares` and
 * `route` reading JSON Lines. Runs the bundled binary.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli';
import { tmpTree } from '../helpers/tmp';

const SKEWED = `upstream backend {
    server 127.0.0.1:8081 weight=5;
    server 127.0.0.1:8082;
    server 127.0.0.1:8083;
}
`;
const BALANCED = `upstream backend {
    server 127.0.0.1:8081;
    server 127.0.0.1:8082;
}
`;
const BROKEN = `upstream backend {
    server 127.0.0.1:8081
}
`;

describe('lb-drift check', () => {
  const dir = tmpTree({
    'skewed.nginx': SKEWED,
    'balanced.nginx': BALANCED,
    'broken.nginx': BROKEN,
    'notes.txt': 'not a balancer config\n',
  });

  it('exits 0 on a clean file', () => {
    const run = runCli(['check', join(dir, 'balanced.nginx')]);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('No problems found in 1 file.');
  });

  it('exits 1 on a warning and prints a readable finding with the position', () => {
    const run = runCli(['check', 'skewed.nginx'], { cwd: dir });
    expect(run.status).toBe(1);
    expect(run.stdout).toContain('weight-skew [warning] 127.0.0.1:8081 gets 71% of requests in backend (weight 5 of 7), 5 times the 14% the other 2 get on average');
    expect(run.stdout).toContain('--> skewed.nginx:2:27');
    expect(run.stdout).toMatch(/2 \|\s+server 127\.0\.0\.1:8081 weight=5;\n\s+\|\s+\^{8}\n/);
  });

  it('exits 0 with --fail-on error when only warnings are found', () => {
    expect(runCli(['check', '--fail-on', 'error', join(dir, 'skewed.nginx')]).status).toBe(0);
  });

  it('exits 2 on a parse error and reports it with its range', () => {
    const run = runCli(['check', '--format', 'json', join(dir, 'broken.nginx')]);
    expect(run.status).toBe(2);
    const json = JSON.parse(run.stdout);
    const finding = json.files[0].findings.find((f: { rule: string }) => f.rule === 'syntax-error');
    expect(finding).toMatchObject({ severity: 'error', line: 2 });
    expect(finding.endLine * 1000 + finding.endColumn).toBeGreaterThan(finding.line * 1000 + finding.column);
  });

  it('exits 2 on usage errors with a message that says what to do', () => {
    const unknownFormat = runCli(['check', '--format', 'xml', dir]);
    expect(unknownFormat.status).toBe(2);
    expect(unknownFormat.stderr).toContain('unknown --format "xml"; use text, json, sarif or github');
    const unknownOption = runCli(['check', '--frobnicate']);
    expect(unknownOption.status).toBe(2);
    expect(unknownOption.stderr).toContain('lb-drift --help');
    expect(runCli(['frobnicate']).status).toBe(2);
    const missing = runCli(['check', join(dir, 'does-not-exist.conf')]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('no such file or folder');
  });

  it('refuses an explicitly named file it cannot recognise, and skips it quietly in a folder walk', () => {
    const explicit = runCli(['check', join(dir, 'notes.txt')]);
    expect(explicit.status).toBe(2);
    expect(explicit.stderr).toContain('pass --dialect nginx');
    const walked = runCli(['check', '--format', 'json', dir]);
    const paths = JSON.parse(walked.stdout).files.map((f: { path: string }) => f.path);
    expect(paths.some((p: string) => p.endsWith('notes.txt'))).toBe(false);
  });

  it('prints the JSON shape DESIGN.md fixes, with 1-based positions and shares as fractions', () => {
    const run = runCli(['check', '--format', 'json', 'skewed.nginx'], { cwd: dir });
    const json = JSON.parse(run.stdout);
    expect(json).toEqual({
      version: 1,
      files: [
        {
          path: 'skewed.nginx',
          dialect: 'nginx',
          findings: [
            {
              rule: 'weight-skew',
              severity: 'warning',
              message: expect.stringContaining('127.0.0.1:8081 gets 71%'),
              line: 2,
              column: 27,
              endLine: 2,
              endColumn: 35,
              fixes: [{ title: 'Equalise the weights in backend (moves traffic)', safety: 'unsafe' }],
            },
          ],
          pools: [
            {
              name: 'backend',
              algorithm: 'round-robin',
              line: 1,
              members: [
                { address: '127.0.0.1:8081', weight: 5, role: 'primary', state: 'up', share: expect.closeTo(5 / 7, 9), line: 2 },
                { address: '127.0.0.1:8082', weight: 1, role: 'primary', state: 'up', share: expect.closeTo(1 / 7, 9), line: 3 },
                { address: '127.0.0.1:8083', weight: 1, role: 'primary', state: 'up', share: expect.closeTo(1 / 7, 9), line: 4 },
              ],
            },
          ],
        },
      ],
    });
  });

  it('reports findings of included files under the included file', () => {
    const tree = tmpTree({
      'nginx.conf': 'events {}\nhttp {\n    include conf.d/*.conf;\n    include missing.conf;\n}\n',
      'conf.d/app.conf': SKEWED,
    });
    const run = runCli(['check', '--format', 'json', join(tree, 'nginx.conf')]);
    const json = JSON.parse(run.stdout);
    const byPath = Object.fromEntries(json.files.map((f: { path: string }) => [f.path.replace(/.*\//, ''), f]));
    expect(byPath['nginx.conf'].findings.map((f: { rule: string; line: number }) => [f.rule, f.line])).toEqual([['include-error', 4]]);
    expect(byPath['app.conf'].findings.map((f: { rule: string }) => f.rule)).toEqual(['weight-skew']);
    expect(byPath['app.conf'].pools[0].name).toBe('backend');
  });
});

describe('lb-drift shares', () => {
  const dir = tmpTree({ 'skewed.nginx': SKEWED });

  it('prints a table with each member share', () => {
    const run = runCli(['shares', 'skewed.nginx'], { cwd: dir });
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('http pool backend (round-robin, 3 members) line 1');
    expect(run.stdout).toMatch(/127\.0\.0\.1:8081\s+5\s+primary\s+up\s+71\.4%/);
    expect(run.stdout).toMatch(/127\.0\.0\.1:8082\s+1\s+primary\s+up\s+14\.3%/);
  });

  it('prints the files[].pools JSON shape', () => {
    const json = JSON.parse(runCli(['shares', '--format', 'json', 'skewed.nginx'], { cwd: dir }).stdout);
    expect(Object.keys(json)).toEqual(['version', 'files']);
    expect(Object.keys(json.files[0])).toEqual(['path', 'dialect', 'pools']);
    expect(json.files[0].pools[0].members.map((m: { share: number }) => Math.round(m.share * 1000))).toEqual([714, 143, 143]);
  });
});

describe('lb-drift route', () => {
  const dir = tmpTree({
    'rr.nginx': `upstream rr {\n  server a:80 weight=5;\n  server b:80;\n  server c:80;\n}\n`,
    'random.nginx': `upstream r {\n  random two;\n  server a:80;\n  server b:80;\n}\n`,
    'hash.nginx': `upstream h {\n  hash $arg_user;\n  server a:80;\n  server b:80;\n  server c:80;\n}\n`,
  });

  it('replays smooth weighted round-robin request by request', () => {
    const input = Array.from({ length: 7 }, (_, i) => JSON.stringify({ uri: `/${i}` })).join('\n');
    const run = runCli(['route', 'rr.nginx', '--pool', 'rr'], { cwd: dir, input });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout.trim().split('\n')).toEqual(['a:80', 'a:80', 'b:80', 'a:80', 'c:80', 'a:80', 'a:80']);
  });

  it('routes a hash pool by the evaluated key, the same key always to the same member', () => {
    const input = ['/?user=1', '/?user=2', '/?user=1', '/x?user=2'].map((uri) => JSON.stringify({ uri })).join('\n');
    const lines = runCli(['route', 'hash.nginx', '--pool', 'h'], { cwd: dir, input }).stdout.trim().split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[2]).toBe(lines[0]);
    expect(lines[3]).toBe(lines[1]);
  });

  it('refuses random balancing with exit 2 and a clear message', () => {
    const run = runCli(['route', 'random.nginx', '--pool', 'r'], { cwd: dir, input: '{"uri":"/"}\n' });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('random');
    expect(run.stdout).toBe('');
  });

  it('reports a bad JSON line with its line number and exits 2', () => {
    const run = runCli(['route', 'rr.nginx', '--pool', 'rr'], { cwd: dir, input: '{"uri":"/"}\nnot json\n' });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('stdin line 2: not valid JSON');
    expect(run.stdout.split('\n')[0]).toBe('a:80');
  });

  it('names the pools when --pool matches none', () => {
    const run = runCli(['route', 'rr.nginx', '--pool', 'nope'], { cwd: dir });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('no pool named "nope" in this file; pools: http:rr');
  });
});

describe('lb-drift output to a closed pipe', () => {
  it('exits quietly when the reader goes away (lb-drift check | head -1)', async () => {
    const { spawn } = await import('node:child_process');
    const { CLI } = await import('../helpers/cli');
    const big = tmpTree({ 'big.nginx': Array.from({ length: 3000 }, (_, i) => `upstream u${i} {\n    server 10.0.0.1:80 weight=9;\n    server 10.0.0.2:80;\n    server 10.0.0.3:80;\n}\n`).join('') });
    const child = spawn(process.execPath, [CLI, 'check', join(big, 'big.nginx')], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(stderr).not.toContain('EPIPE');
    expect(code).toBe(1);
  });
});
