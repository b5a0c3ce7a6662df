/**
 * `lb-drift diff` against a repository the test builds: the drift table and findings, the JSON
 * shape of `check`, exit codes, new files, hostile revisions and folders outside git.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli';
import { gitRepo, tmpDir } from '../helpers/git-repo';

const STABLE = `upstream app {
    server 127.0.0.1:8081;
    server 127.0.0.1:8082;
    server 127.0.0.1:8083;
}
`;

function repoWithDrift() {
  const repo = gitRepo({ 'nginx/site.nginx': STABLE });
  repo.tag('lb-stable/2026-11-20T101500Z', { message: 'stable' });
  repo.write({ 'nginx/site.nginx': STABLE.replace('8081;', '8081 weight=5;') });
  return repo;
}

describe('lb-drift diff', () => {
  it('prints the per-pool share table and the drift findings, and exits 1 on a warning', () => {
    const repo = repoWithDrift();
    const run = runCli(['diff', 'nginx'], { cwd: repo.dir });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(1);
    expect(run.stdout).toContain(`Compared with lb-stable/2026-11-20T101500Z (commit ${repo.sha().slice(0, 12)}).\n`);
    expect(run.stdout).toContain('\nnginx/site.nginx\nhttp pool app\n');
    expect(run.stdout).toMatch(/127\.0\.0\.1:8081\s+33\.3%\s+71\.4%\s+\+38\.1 pts/);
    expect(run.stdout).toMatch(/127\.0\.0\.1:8082\s+33\.3%\s+14\.3%\s+-19\.0 pts/);
    expect(run.stdout).toContain('drift-share-shift [warning] 127.0.0.1:8081: share 33% -> 71% since lb-stable/2026-11-20T101500Z (weight 1 -> 5)');
  });

  it('prints the JSON shape of check, with drift findings only', () => {
    const repo = repoWithDrift();
    repo.write({ 'nginx/site.nginx': STABLE.replace('8081;', '8081 weight=5;').replace('8083;', '8083;\n    server 127.0.0.1:8083;') });
    const json = JSON.parse(runCli(['diff', '--format', 'json', 'nginx/site.nginx'], { cwd: repo.dir }).stdout);
    expect(Object.keys(json)).toEqual(['version', 'files']);
    const file = json.files[0];
    expect(file.path).toBe('nginx/site.nginx');
    const rules = new Set(file.findings.map((f: { rule: string }) => f.rule));
    expect([...rules].every((r) => String(r).startsWith('drift-'))).toBe(true);
    expect(rules.has('duplicate-member')).toBe(false);
    expect(file.findings[0]).toMatchObject({ rule: 'drift-share-shift', severity: 'warning', line: 2, fixes: [{ title: 'Revert to stable value', safety: 'unsafe' }, { title: 'Revert pool to stable', safety: 'unsafe' }] });
    expect(file.pools[0].members.map((m: { share: number }) => Math.round(m.share * 100))).toEqual([63, 13, 13, 13]);
  });

  it('finds no drift against a revision with the same text, and honours --against', () => {
    const repo = repoWithDrift();
    repo.commit('raise the weight');
    const clean = runCli(['diff', '--against', 'HEAD', 'nginx'], { cwd: repo.dir });
    expect(clean.status).toBe(0);
    expect(clean.stdout).toContain('No drift found in 1 file.');
    const older = runCli(['diff', '--against', 'HEAD~1', 'nginx'], { cwd: repo.dir });
    expect(older.status).toBe(1);
    expect(older.stdout).toContain('since HEAD~1 (weight 1 -> 5)');
  });

  it('treats a file new since stable as new, not as an error', () => {
    const repo = repoWithDrift();
    repo.write({ 'nginx/extra.nginx': 'upstream extra {\n    server 10.0.0.1:80;\n    server 10.0.0.2:80;\n}\n' });
    const run = runCli(['diff', 'nginx/extra.nginx'], { cwd: repo.dir });
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('nginx/extra.nginx is new since lb-stable/2026-11-20T101500Z');
    expect(run.stdout).toContain('drift-pool-added [info]');
  });

  it('rejects hostile revisions before running git, and no file appears', () => {
    const repo = repoWithDrift();
    const marker = join(tmpDir(), 'pwned');
    for (const against of [`--output=${marker}`, `HEAD;touch ${marker}`, `HEAD\ntouch ${marker}`, `$(touch ${marker})`, '-h']) {
      // `--against=VALUE` hands the value over even when it looks like an option.
      const run = runCli(['diff', `--against=${against}`, 'nginx'], { cwd: repo.dir });
      expect(run.status, against).toBe(2);
      expect(run.stderr, against).toContain('is not a git revision');
    }
    expect(existsSync(marker)).toBe(false);
  });

  it('says what is wrong outside a repository and for an unknown revision', () => {
    const dir = tmpDir();
    // An empty folder holds no config to compare: an error, not "No drift found in 0 files".
    const outside = runCli(['diff', join(dir)], { cwd: dir });
    expect(outside.status).toBe(2);
    expect(outside.stderr).toContain('no balancer config found');
    const plain = tmpDir();
    const file = join(plain, 'site.nginx');
    require('node:fs').writeFileSync(file, STABLE);
    const notRepo = runCli(['diff', file], { cwd: plain });
    expect(notRepo.status).toBe(2);
    expect(notRepo.stderr).toMatch(/not .*git repository/i);
    const repo = repoWithDrift();
    const unknown = runCli(['diff', '--against', 'lb-stable/1999', 'nginx'], { cwd: repo.dir });
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('lb-stable/1999');
  });
});
