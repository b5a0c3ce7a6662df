/**
 * `lb-drift diff` over several files of one repository reads the stable revision once: the tree
 * is listed by one `git ls-tree -r` for all the files, not once per file (a diff over a folder of
 * a hundred manifests used to list the revision's whole tree a hundred times or more). The git
 * calls are counted by a wrapper on PATH that logs its arguments and runs the real git.
 */
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { WORKSPACE } from '../fixtures/kubernetes-workspace/files';
import { runCli } from '../helpers/cli';
import { gitRepo, tmpDir } from '../helpers/git-repo';

/** Balancer manifests to diff; the Service file is in the repository for them to relate to. */
const FILES = ['ingress/web.yaml', 'canary/web-canary.yaml', 'istio/reviews-vs.yaml', 'mesh/reviews-dr.yaml'];
const RELATED = ['services/bookinfo.yaml'];
const savedPath = process.env.PATH;
afterEach(() => {
  process.env.PATH = savedPath;
});

/** Puts a logging `git` first on PATH; returns the log's path. */
function countGitCalls(): string {
  const realGit = execFileSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).trim();
  const bin = join(tmpDir('lb-drift-git-log-'), 'bin');
  mkdirSync(bin);
  const log = join(bin, '..', 'calls.log');
  writeFileSync(log, '');
  writeFileSync(join(bin, 'git'), `#!/bin/sh\nprintf '%s\\n' "$*" >> '${log}'\nexec '${realGit}' "$@"\n`);
  chmodSync(join(bin, 'git'), 0o755);
  process.env.PATH = `${bin}:${savedPath}`;
  return log;
}

describe('lb-drift diff over several files of one revision', () => {
  it('lists the stable revision once for all of them, and still reports each file', () => {
    const files = Object.fromEntries([...FILES, ...RELATED].map((f) => [f, WORKSPACE[f]!]));
    const repo = gitRepo(files);
    repo.tag('lb-stable/2026-11-20T101500Z', { message: 'stable' });
    repo.write({ 'canary/web-canary.yaml': WORKSPACE['canary/web-canary.yaml']!.replace('canary-weight: "20"', 'canary-weight: "50"') });
    const log = countGitCalls();
    const run = runCli(['diff', '--format', 'json', ...FILES], { cwd: repo.dir });
    expect(run.stderr).toBe('');
    const reported = (JSON.parse(run.stdout) as { files: { path: string }[] }).files.map((f) => f.path);
    expect(reported).toHaveLength(FILES.length);
    const calls = readFileSync(log, 'utf8').split('\n').filter(Boolean);
    const treeListings = calls.filter((c) => /(^| )ls-tree .*-r /.test(c));
    expect(treeListings, calls.join('\n')).toHaveLength(1);
  });
});
