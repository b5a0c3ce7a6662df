/**
 * Resolves the stable revision a file is compared with (DESIGN.md, "The stable revision"):
 * an explicit revision from `lbDrift.stableRef` / `--against`, or `auto`: the newest tag matching
 * `lbDrift.stableTagPattern`, else the upstream of the current branch, else `HEAD`. Every edge
 * case is a value with a message that says what to do; nothing throws.
 */
import { repositoryOf } from './repository';
import { DEFAULT_TAG_PATTERN, validateRevision, validateTagPattern } from './revision';
import { firstErrorLine, runGit } from './run-git';
import { listTags } from './tags';

export interface StableSettings {
  /** A revision, or `auto` (an empty value also means `auto`). */
  readonly stableRef: string;
  /** Tags that mark stable revisions; defaults to `lb-stable*`. */
  readonly stableTagPattern?: string;
}

export type StableSource = 'setting' | 'tag' | 'upstream' | 'head';

export interface ResolvedStable {
  readonly kind: 'resolved';
  /** The name to show: the revision as configured, the tag, the upstream branch, or `HEAD`. */
  readonly ref: string;
  /** The full sha of the commit. */
  readonly sha: string;
  readonly source: StableSource;
  /** The top of the repository's working tree. */
  readonly root: string;
}

export type StableFailureKind = 'not-a-repository' | 'git-missing' | 'invalid-revision' | 'unknown-revision' | 'no-commits' | 'error';

export interface StableFailure {
  readonly kind: StableFailureKind;
  readonly message: string;
}

export const SHALLOW_HINT = 'this is a shallow clone: fetch the tags or more history (git fetch --tags --unshallow)';

export async function resolveStable(filePath: string, settings: StableSettings): Promise<ResolvedStable | StableFailure> {
  const wanted = settings.stableRef.trim();
  const auto = wanted === '' || wanted === 'auto';
  const pattern = settings.stableTagPattern?.trim() || DEFAULT_TAG_PATTERN;
  // Nothing a person typed reaches git before it is checked.
  const check = auto ? validateTagPattern(pattern) : validateRevision(wanted);
  if (!check.ok) return { kind: 'invalid-revision', message: check.message };

  const repository = await repositoryOf(filePath);
  if ('kind' in repository) return repository;
  const { root } = repository;
  return auto ? resolveAuto(root, pattern) : resolveSetting(root, wanted);
}

async function resolveSetting(root: string, revision: string): Promise<ResolvedStable | StableFailure> {
  const commit = await commitOf(root, revision);
  if (commit.kind === 'error') return { kind: 'error', message: commit.message };
  if (commit.kind === 'found') return { kind: 'resolved', ref: revision, sha: commit.sha, source: 'setting', root };
  if ((await commitOf(root, 'HEAD')).kind === 'missing') return noCommits(root);
  const shallow = await isShallow(root);
  return {
    kind: 'unknown-revision',
    message:
      `the stable revision "${revision}" does not exist in the repository at ${root}` +
      (shallow ? `; ${SHALLOW_HINT}` : '; check lbDrift.stableRef (or --against), or fetch it (git fetch --tags)'),
  };
}

async function resolveAuto(root: string, pattern: string): Promise<ResolvedStable | StableFailure> {
  const tags = await listTags(root, pattern);
  if (!tags.ok) return { kind: 'error', message: tags.result.message };
  const newest = tags.tags[0];
  if (newest) return { kind: 'resolved', ref: newest.name, sha: newest.sha, source: 'tag', root };

  // A detached HEAD has no upstream; neither has a branch that does not track one.
  const upstream = await runGit(['rev-parse', '--abbrev-ref', '--symbolic-full-name', '@{upstream}'], root);
  const upstreamName = upstream.ok ? upstream.stdout.toString('utf8').trim() : '';
  if (upstreamName !== '') {
    const commit = await commitOf(root, '@{upstream}');
    if (commit.kind === 'found') return { kind: 'resolved', ref: upstreamName, sha: commit.sha, source: 'upstream', root };
  }

  const head = await commitOf(root, 'HEAD');
  if (head.kind === 'found') return { kind: 'resolved', ref: 'HEAD', sha: head.sha, source: 'head', root };
  if (head.kind === 'missing') return noCommits(root);
  return { kind: 'error', message: head.message };
}

type CommitLookup = { readonly kind: 'found'; readonly sha: string } | { readonly kind: 'missing' } | { readonly kind: 'error'; readonly message: string };

/** The commit a (validated) revision names, peeling tags. */
export async function commitOf(root: string, revision: string): Promise<CommitLookup> {
  const result = await runGit(['rev-parse', '--verify', '--quiet', '--end-of-options', `${revision}^{commit}`], root);
  if (result.ok) return { kind: 'found', sha: result.stdout.toString('utf8').trim() };
  // With --quiet, a revision that does not exist (or is not a commit) fails silently with exit code 1.
  if (result.kind === 'failed' && firstErrorLine(result.stderr) === '') return { kind: 'missing' };
  return { kind: 'error', message: result.message };
}

async function isShallow(root: string): Promise<boolean> {
  const result = await runGit(['rev-parse', '--is-shallow-repository'], root);
  return result.ok && result.stdout.toString('utf8').trim() === 'true';
}

function noCommits(root: string): StableFailure {
  return {
    kind: 'no-commits',
    message: `the repository at ${root} has no commits yet, so there is no stable revision; commit the config, then mark it as stable`,
  };
}
