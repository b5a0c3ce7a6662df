/**
 * The CI-scale options of `lb-drift check`: --shard covers every file exactly once, worker threads
 * give the same output as one thread, --changed-since picks what git reports changed,
 * --max-warnings and --no-inline-config change the exit code as documented.
 */
import { writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli';
import { gitRepo } from '../helpers/git-repo';
import { tmpTree } from '../helpers/tmp';

function upstream(i: number, skewed: boolean): string {
  return `upstream pool_${i} {\n    server 10.0.${i}.1:80${skewed ? ' weight=5' : ''};\n    server 10.0.${i}.2:80;\n    server 10.0.${i}.3:80;\n}\n`;
}

const MANY: Record<string, string> = {};
for (let i = 0; i < 60; i++) MANY[`conf/site-${String(i).padStart(2, '0')}.nginx`] = upstream(i, i % 3 === 0);
MANY['conf/broken.nginx'] = 'upstream broken {\n    server 10.9.9.9:80\n}\n';

describe('lb-drift check at scale', () => {
  const dir = tmpTree(MANY);

  it('--shard i/n checks every file exactly once across the shards', () => {
    const seen: string[] = [];
    for (let i = 1; i <= 4; i++) {
      const json = JSON.parse(runCli(['check', '--format', 'json', '--threads', '1', '--shard', `${i}/4`, 'conf'], { cwd: dir }).stdout);
      seen.push(...json.files.map((f: { path: string }) => f.path));
    }
    expect(seen.sort()).toEqual(Object.keys(MANY).sort());
    expect(new Set(seen).size).toBe(seen.length);
  });

  it('rejects a malformed shard', () => {
    const run = runCli(['check', '--shard', '5/4', 'conf'], { cwd: dir });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('--shard takes i/n with 1 <= i <= n');
  });

  it('worker threads produce exactly the output of one thread', () => {
    const one = runCli(['check', '--format', 'json', '--threads', '1', 'conf'], { cwd: dir });
    const many = runCli(['check', '--format', 'json', '--threads', '4', 'conf'], { cwd: dir });
    expect(many.status).toBe(one.status);
    expect(many.status).toBe(2);
    expect(JSON.parse(many.stdout)).toEqual(JSON.parse(one.stdout));
    expect(JSON.parse(one.stdout).files).toHaveLength(61);
    const text = runCli(['check', '--threads', '3', 'conf'], { cwd: dir });
    expect(text.stdout).toContain('Found 21 problems (1 error, 20 warnings) in 21 of 61 files.');
  });

  it('--max-warnings fails a run with only warnings over the limit', () => {
    const skewed = tmpTree({ 'a.nginx': upstream(1, true), 'b.nginx': upstream(2, true) });
    expect(runCli(['check', '--fail-on', 'error', '--max-warnings', '2', '.'], { cwd: skewed }).status).toBe(0);
    const over = runCli(['check', '--fail-on', 'error', '--max-warnings', '1', '.'], { cwd: skewed });
    expect(over.status).toBe(1);
    expect(over.stderr).toContain('lb-drift found 2 warnings, more than --max-warnings 1.');
    expect(runCli(['check', '--max-warnings', 'many', '.'], { cwd: skewed }).status).toBe(2);
  });

  it('--no-inline-config shows what suppressions hide', () => {
    const suppressed = tmpTree({
      'a.nginx': `upstream a {\n    # lb-drift-disable-next-line weight-skew -- bigger box\n    server 10.0.0.1:80 weight=5;\n    server 10.0.0.2:80;\n    server 10.0.0.3:80;\n}\n`,
    });
    expect(runCli(['check', 'a.nginx'], { cwd: suppressed }).status).toBe(0);
    const shown = runCli(['check', '--no-inline-config', 'a.nginx'], { cwd: suppressed });
    expect(shown.status).toBe(1);
    expect(shown.stdout).toContain('weight-skew');
  });
});

describe('lb-drift check --changed-since', () => {
  it('checks only files changed since a revision, committed or not', () => {
    const repo = gitRepo({ 'lb/a.nginx': upstream(1, false), 'lb/b.nginx': upstream(2, false), 'lb/c.nginx': upstream(3, false) });
    const base = repo.sha();
    repo.commit('skew b', { 'lb/b.nginx': upstream(2, true) });
    writeFileSync(repo.path('lb/c.nginx'), upstream(3, true));
    writeFileSync(repo.path('lb/d.nginx'), upstream(4, true));
    const json = JSON.parse(runCli(['check', '--format', 'json', '--changed-since', base, 'lb'], { cwd: repo.dir }).stdout);
    expect(json.files.map((f: { path: string }) => f.path).sort()).toEqual(['lb/b.nginx', 'lb/c.nginx', 'lb/d.nginx']);
    const none = JSON.parse(runCli(['check', '--format', 'json', '--changed-since', 'HEAD', 'lb/a.nginx'], { cwd: repo.dir }).stdout);
    expect(none.files).toEqual([]);
    const hostile = runCli(['check', '--changed-since=--output=/tmp/x', 'lb'], { cwd: repo.dir });
    expect(hostile.status).toBe(2);
    expect(hostile.stderr).toContain('is not a git revision');
  });
});
