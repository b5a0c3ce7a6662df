/**
 * Temporary git repositories built by tests: files from one object, commits and tags with fixed
 * dates, renames, branches, clones (bare, shallow, tracking) and submodules. Everything runs with
 * the real git, isolated from the machine's global and system git config, and every folder is
 * removed after the test file.
 *
 *   const repo = gitRepo({ 'nginx.conf': 'upstream a { server 10.0.0.1; }\n' }); // one commit
 *   repo.tag('lb-stable/2026-01-01T000000Z', { message: 'stable' });
 *   repo.commit('widen the pool', { 'nginx.conf': '...' });
 *   repo.mv('nginx.conf', 'lb/nginx.conf');
 *   const clone = repo.clone({ depth: 1 });
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll } from 'vitest';

const made: string[] = [];
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

/** The first fixed date; every commit or tag without an explicit date is one minute later. */
export const FIRST_DATE = '2026-01-01T00:00:00Z';
const STEP_SECONDS = 60;

export const TEST_USER = { name: 'lb-drift test', email: 'test@lb-drift.invalid' } as const;

export interface CommitOptions {
  /** The author and committer date (ISO 8601); later commits continue a minute after it. */
  readonly date?: string;
  /** Commit even when nothing changed. */
  readonly allowEmpty?: boolean;
}

export interface TagOptions {
  /** Makes an annotated tag with this message; without it the tag is lightweight. */
  readonly message?: string;
  /** The revision to tag; defaults to HEAD. */
  readonly at?: string;
  /** The tagger date of an annotated tag (ISO 8601). */
  readonly date?: string;
}

export interface CloneOptions {
  readonly bare?: boolean;
  /** A shallow clone with this many commits (cloned through file:// so git honours it). */
  readonly depth?: number;
  readonly branch?: string;
  /** Leave tags behind (`--no-tags`). */
  readonly noTags?: boolean;
}

/** An empty temporary folder, removed after the test file. */
export function tmpDir(prefix = 'lb-drift-git-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

export interface RepoOptions extends CommitOptions {
  /** Where to create the repository (an existing or new folder); a new temporary folder by default. */
  readonly dir?: string;
}

/**
 * A new repository on branch `main`. With files, they are committed as "initial"; without, the
 * repository has no commits yet.
 */
export function gitRepo(files?: Record<string, string | Uint8Array>, options: RepoOptions = {}): GitRepo {
  const dir = options.dir ?? tmpDir();
  mkdirSync(dir, { recursive: true });
  runGit(dir, ['-c', 'init.defaultBranch=main', 'init', '--quiet']);
  const repo = new GitRepo(dir);
  repo.configure();
  if (files && Object.keys(files).length > 0) repo.commit('initial', files, options);
  return repo;
}

export class GitRepo {
  private clock = Date.parse(FIRST_DATE) / 1000 - STEP_SECONDS;

  constructor(readonly dir: string) {}

  /** An absolute path inside the working tree. */
  path(...parts: string[]): string {
    return join(this.dir, ...parts);
  }

  /** Runs git here and returns its standard output, trimmed; throws with git's message on failure. */
  git(...args: string[]): string {
    return runGit(this.dir, args, this.dates()).trim();
  }

  /** Writes files (paths relative to the root; folders are created). */
  write(files: Record<string, string | Uint8Array>): this {
    for (const [path, content] of Object.entries(files)) {
      mkdirSync(dirname(this.path(path)), { recursive: true });
      writeFileSync(this.path(path), content);
    }
    return this;
  }

  /** Deletes files from the working tree (not from the index). */
  remove(...paths: string[]): this {
    for (const path of paths) rmSync(this.path(path), { recursive: true, force: true });
    return this;
  }

  /** Writes `files`, stages everything (deletions too) and commits; returns the new sha. */
  commit(message: string, files: Record<string, string | Uint8Array> = {}, options: CommitOptions = {}): string {
    this.write(files);
    this.git('add', '--all');
    const env = this.dates(options.date);
    runGit(this.dir, ['commit', '--quiet', '--no-verify', ...(options.allowEmpty ? ['--allow-empty'] : []), '-m', message], env);
    return this.head();
  }

  /** Tags a revision: annotated when a message is given (dated like a commit), else lightweight. */
  tag(name: string, options: TagOptions = {}): this {
    const at = options.at ?? 'HEAD';
    if (options.message === undefined) runGit(this.dir, ['tag', name, at]);
    else runGit(this.dir, ['tag', '--annotate', '-m', options.message, name, at], this.dates(options.date));
    return this;
  }

  /** `git mv` (staged, not committed). */
  mv(from: string, to: string): this {
    mkdirSync(dirname(this.path(to)), { recursive: true });
    this.git('mv', from, to);
    return this;
  }

  /** Creates a branch at a revision (HEAD by default) without switching to it. */
  branch(name: string, at = 'HEAD'): this {
    this.git('branch', name, at);
    return this;
  }

  checkout(ref: string): this {
    this.git('checkout', '--quiet', ref);
    return this;
  }

  /** Detaches HEAD at its current commit (or at `at`). */
  detach(at = 'HEAD'): this {
    this.git('checkout', '--quiet', '--detach', at);
    return this;
  }

  /** The full sha of a revision. */
  sha(revision = 'HEAD'): string {
    return this.git('rev-parse', '--verify', `${revision}^{commit}`);
  }

  head(): string {
    return this.sha('HEAD');
  }

  /** Clones this repository into a new temporary folder (through a file:// URL). */
  clone(options: CloneOptions = {}): GitRepo {
    const dir = tmpDir();
    const args = ['-c', 'protocol.file.allow=always', 'clone', '--quiet'];
    if (options.bare) args.push('--bare');
    if (options.depth !== undefined) args.push(`--depth=${options.depth}`);
    if (options.branch !== undefined) args.push(`--branch=${options.branch}`);
    if (options.noTags) args.push('--no-tags');
    runGit(dir, [...args, `file://${this.dir}`, dir]);
    const clone = new GitRepo(dir);
    clone.clock = this.clock;
    clone.configure();
    return clone;
  }

  /** Adds `source` as a submodule at `path` and commits it; returns the submodule's working tree. */
  addSubmodule(path: string, source: GitRepo): GitRepo {
    runGit(this.dir, ['-c', 'protocol.file.allow=always', 'submodule', '--quiet', 'add', `file://${source.dir}`, path]);
    runGit(this.dir, ['commit', '--quiet', '--no-verify', '-m', `add submodule ${path}`], this.dates());
    const submodule = new GitRepo(this.path(path));
    submodule.configure();
    return submodule;
  }

  /** Local identity and no signing, so code under test that commits or tags works anywhere. */
  configure(): void {
    runGit(this.dir, ['config', 'user.name', TEST_USER.name]);
    runGit(this.dir, ['config', 'user.email', TEST_USER.email]);
    runGit(this.dir, ['config', 'commit.gpgSign', 'false']);
    runGit(this.dir, ['config', 'tag.gpgSign', 'false']);
  }

  /** The next fixed date (or `date`), as author and committer date. */
  private dates(date?: string): Record<string, string> {
    this.clock = date === undefined ? this.clock + STEP_SECONDS : Date.parse(date) / 1000;
    const stamp = `@${this.clock} +0000`;
    return { GIT_AUTHOR_DATE: stamp, GIT_COMMITTER_DATE: stamp };
  }
}

/** The environment of the helper's own git: no global or system config, a fixed identity. */
function environment(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of Object.keys(env)) if (name.startsWith('GIT_')) delete env[name];
  return {
    ...env,
    GIT_CONFIG_GLOBAL: '/dev/null',
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_TERMINAL_PROMPT: '0',
    GIT_AUTHOR_NAME: TEST_USER.name,
    GIT_AUTHOR_EMAIL: TEST_USER.email,
    GIT_COMMITTER_NAME: TEST_USER.name,
    GIT_COMMITTER_EMAIL: TEST_USER.email,
    LC_ALL: 'C',
    ...extra,
  };
}

function runGit(cwd: string, args: string[], extra: Record<string, string> = {}): string {
  try {
    return execFileSync('git', args, { cwd, env: environment(extra), encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr ?? '';
    throw new Error(`git ${args.join(' ')} failed in ${cwd}: ${stderr.trim() || String(error)}`);
  }
}

/**
 * Runs `action` with PATH pointing at an empty folder, so no git can be found, as on a machine
 * without git. PATH is restored afterwards, even when the action fails.
 */
export async function withoutGit<T>(action: () => Promise<T> | T): Promise<T> {
  const saved = process.env.PATH;
  process.env.PATH = tmpDir('lb-drift-empty-path-');
  try {
    return await action();
  } finally {
    process.env.PATH = saved;
  }
}
