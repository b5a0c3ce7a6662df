/**
 * docs/ci.md stays true: every lb-drift command its GitHub Actions, GitLab CI and large-repository
 * examples run, and the pre-commit hook's entry, is run here on a sample repository with a base
 * branch and a change, and must succeed or report findings (exit 0 or 1), never fail to run.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { runCli } from '../helpers/cli';
import { gitRepo } from '../helpers/git-repo';

const REPO = join(__dirname, '../..');
const DOC = readFileSync(join(REPO, 'docs/ci.md'), 'utf8');

const STABLE = `upstream app {
    server 10.0.0.1:8080;
    server 10.0.0.2:8080;
    server 10.0.0.3:8080;
}
`;

/** A clone whose origin/main holds the stable config, with a weight raised on a feature branch. */
function sampleRepository() {
  const origin = gitRepo({ 'nginx/site.conf': STABLE, 'README.md': '# sample\n' });
  origin.tag('lb-stable/2026-11-20T101500Z', { message: 'stable' });
  const clone = origin.clone();
  clone.branch('feature').checkout('feature');
  clone.commit('raise a weight', { 'nginx/site.conf': STABLE.replace('10.0.0.1:8080;', '10.0.0.1:8080 weight=5;') });
  return clone;
}

/** Splits a command line as a POSIX shell would for these simple commands (quotes, no expansion). */
function words(command: string): string[] {
  const out: string[] = [];
  for (const match of command.matchAll(/"([^"]*)"|'([^']*)'|(\S+)/g)) out.push(match[1] ?? match[2] ?? match[3]!);
  return out;
}

function yamlBlocks(): unknown[] {
  return [...DOC.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => parse(m[1]!));
}

/** Every `lb-drift ...` invocation in the document's YAML blocks and prose, with CI variables filled in. */
function documentedCommands(): string[] {
  const commands = new Set<string>();
  const visit = (value: unknown): void => {
    if (typeof value === 'string') {
      for (const match of value.matchAll(/lb-drift (?:check|diff)[^;\n`]*/g)) commands.add(match[0].trim());
    } else if (Array.isArray(value)) value.forEach(visit);
    else if (value && typeof value === 'object') Object.values(value).forEach(visit);
  };
  yamlBlocks().forEach(visit);
  for (const match of DOC.matchAll(/`(lb-drift (?:check|diff)[^`]*)`/g)) commands.add(match[1]!.trim());
  return [...commands]
    .map((c) => c.replace(/\$\{\{ github\.base_ref \}\}/g, 'main').replace(/\$CI_MERGE_REQUEST_TARGET_BRANCH_NAME/g, 'main'))
    .filter((c) => !c.includes('...'));
}

describe('docs/ci.md', () => {
  it('has YAML that parses and a workflow with the steps it describes', () => {
    const [workflow, gitlab, precommit] = yamlBlocks() as Record<string, unknown>[];
    expect(Object.keys(workflow!)).toEqual(['name', 'on', 'permissions', 'jobs']);
    expect(JSON.stringify(workflow)).toContain('github/codeql-action/upload-sarif');
    expect(Object.keys(gitlab!)).toEqual(['lb-drift']);
    expect(JSON.stringify(precommit)).toContain('"id":"lb-drift"');
  });

  const commands = documentedCommands();

  it('documents the commands this test runs', () => {
    expect(commands.length).toBeGreaterThanOrEqual(7);
    expect(commands).toContain('lb-drift check --format sarif --output lb-drift.sarif --fail-on error .');
  });

  it.each(commands)('runs: %s', (command) => {
    const repo = sampleRepository();
    const run = runCli(words(command).slice(1), { cwd: repo.dir });
    expect([0, 1], `${command}\n${run.stderr}`).toContain(run.status);
    expect(run.stderr).not.toContain('error:');
    const format = /--format (\w+)/.exec(command)?.[1] ?? 'text';
    const output = /--output (\S+)/.exec(command)?.[1];
    const produced = output ? readFileSync(join(repo.dir, output), 'utf8') : run.stdout;
    if (format === 'github' && produced.trim() !== '') for (const line of produced.trim().split('\n')) expect(line).toMatch(/^::(error|warning|notice) file=/);
    if (format === 'sarif') expect(JSON.parse(produced).version).toBe('2.1.0');
    if (format === 'json') expect(JSON.parse(produced).version).toBe(1);
    if (command.startsWith('lb-drift diff')) expect(produced).toMatch(/drift|weight/i);
  });
});

describe('.pre-commit-hooks.yaml', () => {
  const hooks = parse(readFileSync(join(REPO, '.pre-commit-hooks.yaml'), 'utf8')) as { id: string; entry: string; files: string }[];
  const hook = hooks.find((h) => h.id === 'lb-drift')!;

  it('selects nginx files and nothing else', () => {
    const files = new RegExp(hook.files);
    for (const path of ['nginx.conf', 'etc/nginx/nginx.conf', 'nginx/conf.d/app.conf', 'deploy/site.nginx']) expect(files.test(path), path).toBe(true);
    for (const path of ['README.md', 'app.conf', 'nginx.conf.bak', 'docker/nginx.yaml']) expect(files.test(path), path).toBe(false);
  });

  it('blocks a commit that raises a weight and passes a clean one, as pre-commit would run it', () => {
    const repo = sampleRepository();
    const files = new RegExp(hook.files);
    const staged = ['nginx/site.conf', 'README.md'].filter((p) => files.test(p) && existsSync(join(repo.dir, p)));
    const blocked = runCli([...words(hook.entry).slice(1), ...staged], { cwd: repo.dir });
    expect(blocked.status).toBe(1);
    repo.commit('restore', { 'nginx/site.conf': STABLE });
    expect(runCli([...words(hook.entry).slice(1), ...staged], { cwd: repo.dir }).status).toBe(0);
  });
});
