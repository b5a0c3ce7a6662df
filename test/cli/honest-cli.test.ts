/**
 * The CLI tells the truth about what it checked (issue 11, point 11): a path that does not exist,
 * or paths that hold no balancer config, exit 2 with one clear error and never print "No problems
 * found in 0 files", "No pools found" or "No drift found in 0 files"; a CI job pointed at the
 * wrong folder fails. Filters that leave nothing of a folder that does hold configs are not an
 * error, and say so. The summary counts the files the problems are in.
 */
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli';
import { gitRepo } from '../helpers/git-repo';
import { tmpTree } from '../helpers/tmp';

const POOL = 'upstream app {\n    server 10.0.0.1:80;\n    server 10.0.0.2:80;\n}\n';
const SKEWED = 'upstream app {\n    server 10.0.0.1:80 weight=5;\n    server 10.0.0.2:80;\n    server 10.0.0.3:80;\n}\n';

/** Nothing on stdout that reads as a clean run, one error on stderr, exit 2. */
function expectOneError(run: ReturnType<typeof runCli>, error: string): void {
  expect(run.status).toBe(2);
  expect(run.stdout).not.toMatch(/found in 0 files|No pools found|No drift found/);
  const lines = run.stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toContain(error);
}

describe('a path that does not exist', () => {
  const dir = tmpTree({ 'nginx.conf': POOL });
  for (const command of ['check', 'shares', 'diff']) {
    it(`${command} exits 2 with one error`, () => {
      const run = runCli([command, 'no-such-folder'], { cwd: dir });
      expectOneError(run, 'error: no-such-folder: no such file or folder');
      expect(run.stdout).toBe('');
    });
  }

  it('check still reports the files that exist, and exits 2 for the missing one', () => {
    const run = runCli(['check', 'nginx.conf', 'no-such-folder'], { cwd: dir });
    expect(run.status).toBe(2);
    expect(run.stdout).toContain('No problems found in 1 file.');
    expect(run.stderr.trim()).toBe('error: no-such-folder: no such file or folder');
  });
});

describe('paths that hold no balancer config', () => {
  const dir = tmpTree({ 'docs/readme.md': '# notes\n', 'docs/app.yaml': 'name: app\n', 'empty/.keep': '' });

  for (const command of ['check', 'shares', 'diff']) {
    it(`${command} exits 2 and says where it looked and how to fix it`, () => {
      const run = runCli([command, 'docs'], { cwd: dir });
      expectOneError(run, 'error: no balancer config found in docs (looked at 2 files)');
      expect(run.stderr).toContain('pass --dialect nginx');
    });
  }

  it('an empty folder is no better', () => {
    expectOneError(runCli(['check', 'empty'], { cwd: dir }), 'no balancer config found in empty (looked at 1 file)');
  });

  it('a machine format still prints its document, and exits 2', () => {
    const run = runCli(['check', '--format', 'json', 'docs'], { cwd: dir });
    expect(run.status).toBe(2);
    expect(JSON.parse(run.stdout)).toEqual({ version: 1, files: [] });
    expect(run.stderr).toContain('no balancer config found in docs');
  });

  it('shares says "No pools found" only when it read configs that have none', () => {
    const noPools = tmpTree({ 'nginx.conf': 'events {}\nhttp {\n    server {\n        listen 80;\n    }\n}\n' });
    const run = runCli(['shares', 'nginx.conf'], { cwd: noPools });
    expect(run.status).toBe(0);
    expect(run.stdout).toBe('No pools found in 1 file.\n');
  });
});

describe('filters that leave nothing to check', () => {
  it('--changed-since with no changed config is clean and says so', () => {
    const repo = gitRepo({ 'lb/a.nginx': POOL });
    const run = runCli(['check', '--changed-since', 'HEAD', 'lb'], { cwd: repo.dir });
    expect(run.status).toBe(0);
    expect(run.stdout).toBe('No balancer config left to check after --changed-since HEAD.\n');
  });

  it('--changed-since on a folder without configs is still an error', () => {
    const repo = gitRepo({ 'docs/readme.md': '# notes\n' });
    expectOneError(runCli(['check', '--changed-since', 'HEAD', 'docs'], { cwd: repo.dir }), 'no balancer config found in docs');
  });
});

describe('diff outside a repository', () => {
  it('says once that the files are not in git, not once per file', () => {
    const dir = tmpTree({ 'lb/a.nginx': POOL, 'lb/b.nginx': POOL, 'lb/c.nginx': POOL });
    const run = runCli(['diff', 'lb'], { cwd: dir });
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    const lines = run.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^error: lb\/a\.nginx and 2 more files \(lb\/b\.nginx, lb\/c\.nginx\): .*not in a git repository/);
  });
});

describe('the summary counts the files the problems are in', () => {
  it('problems in two included files read "in 2 of 3 files", not "in 1 file"', () => {
    const dir = tmpTree({
      'nginx.conf': 'events {}\nhttp {\n    include conf.d/*.conf;\n    server {\n        listen 80;\n        location /a { proxy_pass http://a; }\n        location /b { proxy_pass http://b; }\n    }\n}\n',
      'conf.d/a.conf': SKEWED.replace('app', 'a'),
      'conf.d/b.conf': SKEWED.replace('app', 'b').replaceAll('10.0.0.', '10.0.1.'),
    });
    const run = runCli(['check', '--fail-on', 'error', 'nginx.conf'], { cwd: dir });
    const summary = run.stdout.trim().split('\n').at(-1);
    expect(summary).toMatch(/^Found 2 problems \(2 warnings\) in 2 of 3 files\.$/);
  });
});
