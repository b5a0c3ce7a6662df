/**
 * `.lb-drift.yaml` in the CLI: severities and options, ignored paths (named files too), extra
 * file globs, failOn, the stable ref for diff, `--config FILE`, and exit 2 with positions for a
 * broken config.
 */
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli';
import { gitRepo } from '../helpers/git-repo';
import { tmpTree } from '../helpers/tmp';

const SKEWED = 'upstream app {\n    server 10.0.0.1:80 weight=5;\n    server 10.0.0.2:80;\n    server 10.0.0.3:80;\n}\n';

describe('project config in the CLI', () => {
  it('applies rule severities and options from the nearest .lb-drift.yaml', () => {
    const dir = tmpTree({
      '.lb-drift.yaml': 'rules:\n  weight-skew: { severity: error }\n',
      'lb/site.nginx': SKEWED,
      'lb/relaxed/.lb-drift.yaml': 'rules:\n  weight-skew: { options: { skewRatio: 6 } }\n',
      'lb/relaxed/site.nginx': SKEWED,
    });
    const json = JSON.parse(runCli(['check', '--format', 'json', 'lb'], { cwd: dir }).stdout);
    const byPath = Object.fromEntries(json.files.map((f: { path: string; findings: { rule: string; severity: string }[] }) => [f.path, f.findings]));
    expect(byPath['lb/site.nginx']).toMatchObject([{ rule: 'weight-skew', severity: 'error' }]);
    // The nearest config wins whole: skewRatio 6 (5:1:1 is 5 times the others) and the default severity.
    expect(byPath['lb/relaxed/site.nginx']).toEqual([]);
  });

  it('skips ignored paths, even when a file is named, and reads extra globs as nginx', () => {
    const dir = tmpTree({
      '.lb-drift.yaml': 'ignore:\n  - "vendor/**"\nfiles:\n  nginx: ["deploy/*.cfg"]\n',
      'vendor/site.nginx': SKEWED,
      'deploy/front.cfg': SKEWED,
    });
    const json = JSON.parse(runCli(['check', '--format', 'json', '.'], { cwd: dir }).stdout);
    expect(json.files.map((f: { path: string }) => f.path)).toEqual(['deploy/front.cfg']);
    const ignoredRun = runCli(['check', 'vendor/site.nginx'], { cwd: dir });
    expect(ignoredRun.status).toBe(0);
    expect(ignoredRun.stdout).toContain('No balancer config left to check after the ignore list of .lb-drift.yaml (1 file ignored).');
  });

  it('takes failOn from the config, and --fail-on over it', () => {
    const dir = tmpTree({ '.lb-drift.yaml': 'failOn: error\n', 'site.nginx': SKEWED });
    expect(runCli(['check', '.'], { cwd: dir }).status).toBe(0);
    expect(runCli(['check', '--fail-on', 'warning', '.'], { cwd: dir }).status).toBe(1);
  });

  it('uses --config FILE instead of discovery', () => {
    const dir = tmpTree({ 'strict.yaml': 'rules:\n  weight-skew: error\n', '.lb-drift.yaml': 'rules:\n  weight-skew: off\n', 'site.nginx': SKEWED });
    expect(runCli(['check', '.'], { cwd: dir }).status).toBe(0);
    const strict = JSON.parse(runCli(['check', '--format', 'json', '--config', 'strict.yaml', '.'], { cwd: dir }).stdout);
    expect(strict.files[0].findings[0]).toMatchObject({ rule: 'weight-skew', severity: 'error' });
    const missing = runCli(['check', '--config', 'nope.yaml', '.'], { cwd: dir });
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('nope.yaml');
  });

  it('exits 2 on a broken config and says where and what to do', () => {
    const dir = tmpTree({ '.lb-drift.yaml': 'rules:\n  weight-skew: { severity: err }\n  wieght-skew: off\n', 'site.nginx': SKEWED });
    const run = runCli(['check', '.'], { cwd: dir });
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/\.lb-drift\.yaml:2:\d+: error: .*"err".*error, warning, info, hint or off/);
    expect(run.stderr).toMatch(/\.lb-drift\.yaml:3:\d+: error: .*wieght-skew.*weight-skew/);
    expect(run.stdout).toBe('');
  });

  it('lets diff compare with the stable ref the config pins', () => {
    const repo = gitRepo({ 'lb/site.nginx': SKEWED.replace(' weight=5', ''), '.lb-drift.yaml': 'stableRef: pinned\n' });
    repo.tag('pinned', { message: 'the reviewed revision' });
    repo.commit('raise', { 'lb/site.nginx': SKEWED });
    const run = runCli(['diff', 'lb'], { cwd: repo.dir });
    expect(run.status).toBe(1);
    expect(run.stdout).toContain('since pinned (weight 1 -> 5)');
  });
});
