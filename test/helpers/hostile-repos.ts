/**
 * Hostile repositories: one per setting through which a repository can make git run a program of
 * its choosing, plus one with all of them at once. Every such program is a shell script that
 * touches a marker file in the repository's own marker folder (and passes its input through, so a
 * filter or a pager still "works"); a test runs lb-drift against the repository and then asserts
 * that the folder is still empty.
 *
 * Each repository has the same history and working tree, chosen so that every git path lb-drift
 * has is taken: a stable tag, a committed change, an unstaged edit with a touched (stat-dirty)
 * file, a `git mv` followed by an edit (rename lookup), a new tracked file and an untracked one.
 * A main Ingress and its canary in another file (canary weight 10 at the stable tag, 50 in the
 * working tree) make the stable side read related manifests from the revision (ls-tree, cat-file).
 *
 *   const repo = hostileRepo('filter-gitattributes');
 *   runCli(['diff', repo.file('lb/site.nginx')]);
 *   expect(repo.markers()).toEqual([]);
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, readdirSync, renameSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { WORKSPACE } from '../fixtures/kubernetes-workspace/files';
import { gitRepo, tmpDir, type GitRepo } from './git-repo';

export const STABLE_TAG = 'lb-stable/2026-11-20T101500Z';

export const STABLE_POOL = `upstream app {
    server 127.0.0.1:8081;
    server 127.0.0.1:8082;
    server 127.0.0.1:8083;
}
server {
    listen 80;
    location / { proxy_pass http://app; }
}
`;
export const CURRENT_POOL = STABLE_POOL.replace('8081;', '8081 weight=5;');
const OTHER_POOL = STABLE_POOL.replace(/app/g, 'other');

/** The hostile settings, one repository each; `all` combines every one of them. */
export const HOSTILE_SETTINGS = [
  'filter-gitattributes',
  'filter-info-attributes',
  'filter-attributes-file',
  'filter-git-file',
  'textconv',
  'external-diff',
  'hooks-path',
  'git-hooks',
  'fsmonitor',
  'pager',
  'editor',
  'askpass',
  'ssh-command',
  'gpg',
  'aliases',
  'excludes-fifo',
  'all',
] as const;
export type HostileSetting = (typeof HOSTILE_SETTINGS)[number];

/** Every hook git knows of in 2.39; each one touches a marker. */
const HOOKS = [
  'applypatch-msg', 'pre-applypatch', 'post-applypatch', 'pre-commit', 'pre-merge-commit', 'prepare-commit-msg', 'commit-msg',
  'post-commit', 'pre-rebase', 'post-checkout', 'post-merge', 'pre-push', 'pre-receive', 'update', 'proc-receive',
  'post-receive', 'post-update', 'reference-transaction', 'push-to-checkout', 'pre-auto-gc', 'post-rewrite',
  'sendemail-validate', 'fsmonitor-watchman', 'p4-changelist', 'p4-prepare-changelist', 'p4-post-changelist',
  'p4-pre-submit', 'post-index-change',
];

/** The git subcommands lb-drift runs (and a few more), each shadowed by an alias. */
const ALIASED = ['rev-parse', 'ls-tree', 'ls-files', 'cat-file', 'diff', 'diff-index', 'diff-files', 'tag', 'log', 'for-each-ref', 'config', 'status', 'show', 'var', 'hash-object'];

export interface HostileRepo {
  readonly setting: HostileSetting;
  readonly repo: GitRepo;
  /** The working tree's top folder. */
  readonly dir: string;
  /** The folder every hostile program touches its marker in. */
  readonly markerDir: string;
  /** An absolute path in the working tree. */
  file(path: string): string;
  /** The marker files that appeared: empty when no repository-chosen program ran. */
  markers(): string[];
  /** Removes the markers, so the next command is judged on its own. */
  clearMarkers(): void;
}

/**
 * Files in the working tree: `lb/site.nginx` drifted from stable, `lb/renamed.nginx` was
 * `lb/old.nginx` at stable (`git mv` then an edit), `lb/added.nginx` is new and tracked,
 * `lb/untracked.nginx` is new and untracked.
 */
/** The main Ingress and its canary, in two folders of the hostile repositories. */
export const K8S_MAIN = 'k8s/ingress/web.yaml';
export const K8S_CANARY = 'k8s/canary/web-canary.yaml';
const canaryWeight = (weight: number): string => WORKSPACE['canary/web-canary.yaml']!.replace('canary-weight: "20"', `canary-weight: "${weight}"`);

export function hostileRepo(setting: HostileSetting): HostileRepo {
  const markerDir = tmpDir('lb-drift-markers-');
  const programs = tmpDir('lb-drift-hostile-programs-');
  const program = join(programs, 'touch-marker');
  // Filters, pagers and textconv get the content on stdin or as a file; passing it through keeps
  // git going, so the test sees every program a command would run, not only the first.
  writeFileSync(program, `#!/bin/sh\ntouch "${markerDir}/$(basename "$0")-$1-$$"\nif [ -t 0 ]; then :; else cat; fi\n`);
  chmodSync(program, 0o755);
  const run = (label: string): string => `${program} ${label}`;

  const repo = gitRepo({ 'lb/site.nginx': STABLE_POOL, 'lb/old.nginx': OTHER_POOL, [K8S_MAIN]: WORKSPACE['ingress/web.yaml']!, [K8S_CANARY]: canaryWeight(10) });
  repo.tag(STABLE_TAG, { message: 'stable' });
  repo.write({ [K8S_CANARY]: canaryWeight(50) });
  repo.commit('committed change', { 'lb/site.nginx': CURRENT_POOL.replace('8083;', '8083 weight=2;') });
  repo.write({ 'lb/site.nginx': CURRENT_POOL });
  repo.mv('lb/old.nginx', 'lb/renamed.nginx');
  repo.write({ 'lb/renamed.nginx': OTHER_POOL.replace('8082;', '8082 weight=3;'), 'lb/added.nginx': OTHER_POOL.replace(/other/g, 'added') });
  repo.git('add', 'lb/added.nginx', 'lb/renamed.nginx');
  repo.write({ 'lb/untracked.nginx': OTHER_POOL.replace(/other/g, 'untracked') });
  // A time in the future makes every tracked file stat-dirty, so git would read it again.
  const later = new Date(Date.now() + 3_600_000);
  for (const path of ['lb/site.nginx', 'lb/renamed.nginx', 'lb/added.nginx']) utimesSync(repo.path(path), later, later);

  // Signing HEAD runs git, so it happens before any hostile setting exists.
  if (setting === 'gpg' || setting === 'all') signHead(repo);

  const all = setting === 'all';
  const infoAttributes: string[] = [];
  const on = (name: HostileSetting): boolean => all || setting === name;
  const config = (key: string, value: string): void => {
    repo.git('config', '--add', key, value);
  };
  const filterDriver = (): void => {
    config('filter.evil.clean', run('clean'));
    config('filter.evil.smudge', run('smudge'));
    config('filter.evil.process', run('process'));
    config('filter.evil.required', 'true');
  };

  if (on('filter-gitattributes')) {
    filterDriver();
    repo.write({ '.gitattributes': '* filter=evil\n' });
  }
  if (on('filter-info-attributes')) {
    filterDriver();
    infoAttributes.push('* filter=evil');
  }
  if (on('filter-attributes-file')) {
    filterDriver();
    const attributes = join(programs, 'attributes');
    writeFileSync(attributes, '* filter=evil\n');
    config('core.attributesFile', attributes);
  }
  if (on('textconv')) {
    config('diff.evil.textconv', run('textconv'));
    config('diff.evil.command', run('diff-command'));
    config('diff.evil.cachetextconv', 'false');
    infoAttributes.push('* diff=evil');
  }
  if (on('external-diff')) config('diff.external', run('external-diff'));
  if (on('hooks-path')) {
    const hooks = join(programs, 'hooks');
    writeHooks(hooks, program);
    config('core.hooksPath', hooks);
  }
  if (on('git-hooks')) writeHooks(repo.path('.git/hooks'), program);
  if (on('fsmonitor')) {
    config('core.fsmonitor', run('fsmonitor'));
    config('core.fsmonitorHookVersion', '2');
    config('core.untrackedCache', 'true');
  }
  if (on('pager')) {
    config('core.pager', run('pager'));
    for (const command of ALIASED) config(`pager.${command}`, run(`pager-${command}`));
  }
  if (on('editor')) {
    config('core.editor', run('editor'));
    config('sequence.editor', run('sequence-editor'));
  }
  if (on('askpass')) {
    config('core.askPass', run('askpass'));
    config('credential.helper', `!${run('credential')}`);
  }
  if (on('ssh-command')) {
    config('core.sshCommand', run('ssh'));
    config('core.gitProxy', run('git-proxy'));
    config('remote.origin.url', 'ssh://example.invalid/repo.git');
    config('remote.origin.fetch', '+refs/heads/*:refs/remotes/origin/*');
    config('branch.main.remote', 'origin');
    config('branch.main.merge', 'refs/heads/main');
  }
  if (on('gpg')) {
    config('gpg.program', run('gpg'));
    config('gpg.openpgp.program', run('gpg-openpgp'));
    config('gpg.x509.program', run('gpg-x509'));
    config('gpg.ssh.program', run('gpg-ssh'));
    config('user.signingKey', 'ABCDEF0123456789');
    config('tag.gpgSign', 'true');
    config('tag.forceSignAnnotated', 'true');
    config('commit.gpgSign', 'true');
    config('log.showSignature', 'true');
  }
  if (on('aliases')) {
    for (const command of ALIASED) config(`alias.${command}`, `!${run(`alias-${command}`)}`);
  }
  if (on('excludes-fifo')) {
    const fifo = join(programs, 'excludes');
    execFileSync('mkfifo', [fifo]);
    config('core.excludesFile', fifo);
    mkdirSync(repo.path('.git/info'), { recursive: true });
    rmSync(repo.path('.git/info/exclude'), { force: true });
    execFileSync('mkfifo', [repo.path('.git/info/exclude')]);
  }
  if (infoAttributes.length > 0) {
    mkdirSync(repo.path('.git/info'), { recursive: true });
    writeFileSync(repo.path('.git/info/attributes'), `${infoAttributes.join('\n')}\n`);
  }
  // Last, because git itself would follow the pointer while the helper builds the repository.
  if (on('filter-git-file')) {
    if (!on('filter-gitattributes')) {
      filterDriver();
      repo.write({ '.gitattributes': '* filter=evil\n' });
    }
    const elsewhere = join(tmpDir('lb-drift-git-dir-'), 'git');
    renameSync(repo.path('.git'), elsewhere);
    writeFileSync(repo.path('.git'), `gitdir: ${elsewhere}\n`);
  }

  return {
    setting,
    repo,
    dir: repo.dir,
    markerDir,
    file: (path) => repo.path(path),
    markers: () => readdirSync(markerDir).sort(),
    clearMarkers: () => {
      for (const name of readdirSync(markerDir)) rmSync(join(markerDir, name));
    },
  };
}

function writeHooks(folder: string, program: string): void {
  mkdirSync(folder, { recursive: true });
  for (const hook of HOOKS) {
    writeFileSync(join(folder, hook), `#!/bin/sh\nexec ${program} hook-${hook} "$@"\n`);
    chmodSync(join(folder, hook), 0o755);
  }
}

/**
 * Replaces HEAD with the same commit carrying a (fake) signature, so a git that shows or checks
 * signatures would run the gpg program on it.
 */
function signHead(repo: GitRepo): void {
  const raw = repo.git('cat-file', 'commit', 'HEAD');
  const headerEnd = raw.indexOf('\n\n');
  const signature = ' -----BEGIN PGP SIGNATURE-----\n \n iQEzBAABCAAdFiEE\n -----END PGP SIGNATURE-----';
  const signed = `${raw.slice(0, headerEnd)}\ngpgsig${signature}${raw.slice(headerEnd)}\n`;
  const dir = tmpDir('lb-drift-signed-');
  const file = join(dir, 'commit');
  writeFileSync(file, signed);
  const sha = repo.git('hash-object', '-t', 'commit', '-w', file);
  repo.git('update-ref', 'refs/heads/main', sha);
}
