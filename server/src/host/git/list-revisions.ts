/**
 * Tags, branches and recent commits for "Choose Stable Revision": tags matching the stable
 * pattern first, then the other tags, then branches (local and remote-tracking), then recent
 * commits, each newest first, each with its subject and date so the choice can be read.
 */
import { DEFAULT_TAG_PATTERN, validateTagPattern } from './revision';
import { commitOf } from './resolve-stable';
import { runGit } from './run-git';
import { listTags, type TagInfo } from './tags';

export interface CommitInfo {
  readonly sha: string;
  readonly shortSha: string;
  /** The committer date, ISO 8601 with offset. */
  readonly date: string;
  readonly subject: string;
  readonly author: string;
}

/** One entry of the quick pick. `ref` is what goes into `lbDrift.stableRef` when it is chosen. */
export interface RevisionEntry {
  readonly kind: 'stable-tag' | 'tag' | 'branch' | 'commit';
  /** The tag's or branch's name, or the commit's full sha. */
  readonly ref: string;
  /** The commit. */
  readonly sha: string;
  readonly shortSha: string;
  /** The tag's creation date or the commit's committer date, ISO 8601 with offset. */
  readonly date: string;
  /** The first line of the commit message. */
  readonly subject: string;
  /** The commit's author; for commits only. */
  readonly author?: string;
  /** The first line of an annotated tag's own message. */
  readonly tagMessage?: string;
}

export interface RevisionList {
  readonly ok: true;
  /** Tags matching the stable tag pattern, then the other tags, branches, recent commits; each group newest first. */
  readonly revisions: RevisionEntry[];
}

export interface ListRevisionsOptions {
  readonly tagPattern?: string;
  /** How many recent commits; defaults to 30. */
  readonly commits?: number;
}

export async function listRevisions(root: string, options: ListRevisionsOptions = {}): Promise<RevisionList | { readonly ok: false; readonly message: string }> {
  const pattern = options.tagPattern?.trim() || DEFAULT_TAG_PATTERN;
  const checked = validateTagPattern(pattern);
  if (!checked.ok) return { ok: false, message: checked.message };

  const [stable, all] = await Promise.all([listTags(root, pattern), listTags(root)]);
  if (!stable.ok) return { ok: false, message: stable.result.message };
  if (!all.ok) return { ok: false, message: all.result.message };
  const stableNames = new Set(stable.tags.map((t) => t.name));
  const otherTags = all.tags.filter((t) => !stableNames.has(t.name));

  const commits = await recentCommits(root, Math.max(0, Math.floor(options.commits ?? 30)));
  if (typeof commits === 'string') return { ok: false, message: commits };
  const branches = await listBranches(root);
  if (typeof branches === 'string') return { ok: false, message: branches };
  return {
    ok: true,
    revisions: [
      ...stable.tags.map((t) => tagEntry(t, 'stable-tag')),
      ...otherTags.map((t) => tagEntry(t, 'tag')),
      ...branches,
      ...commits.map((c): RevisionEntry => ({ kind: 'commit', ref: c.sha, sha: c.sha, shortSha: c.shortSha, date: c.date, subject: c.subject, author: c.author })),
    ],
  };
}

function tagEntry(tag: TagInfo, kind: 'stable-tag' | 'tag'): RevisionEntry {
  const entry: RevisionEntry = { kind, ref: tag.name, sha: tag.sha, shortSha: tag.sha.slice(0, 7), date: tag.date, subject: tag.subject };
  return tag.message === undefined ? entry : { ...entry, tagMessage: tag.message };
}

async function recentCommits(root: string, count: number): Promise<CommitInfo[] | string> {
  if (count === 0) return [];
  const head = await commitOf(root, 'HEAD');
  if (head.kind === 'missing') return [];
  if (head.kind === 'error') return head.message;
  const result = await runGit(
    ['log', `--max-count=${count}`, '-z', '--no-show-signature', '--format=%H%x00%h%x00%cI%x00%an%x00%s', '--end-of-options', head.sha, '--'],
    root,
  );
  if (!result.ok) return result.message;
  const fields = result.stdout.toString('utf8').split('\0');
  const commits: CommitInfo[] = [];
  // Five fields per commit; -z separates commits with a NUL as well, and no field contains one.
  for (let i = 0; i + 4 < fields.length; i += 5) {
    const [sha, shortSha, date, author, subject] = fields.slice(i, i + 5) as [string, string, string, string, string];
    commits.push({ sha, shortSha, date, author, subject });
  }
  return commits;
}

/** How many branches the list shows, newest first. */
const MAX_BRANCHES = 20;

/** Local and remote-tracking branches (not `origin/HEAD`, which only names another). */
async function listBranches(root: string): Promise<RevisionEntry[] | string> {
  const format = ['%(refname:short)', '%(objectname)', '%(committerdate:iso-strict)', '%(contents:subject)', '%(symref)'].join('%00');
  const result = await runGit(
    ['for-each-ref', '--sort=-committerdate', `--count=${MAX_BRANCHES + 5}`, `--format=${format}`, 'refs/heads', 'refs/remotes'],
    root,
  );
  if (!result.ok) return result.message;
  const branches: RevisionEntry[] = [];
  for (const line of result.stdout.toString('utf8').split('\n')) {
    const [name, sha, date, subject, symref] = line.split('\0');
    if (!name || !sha || date === undefined || symref) continue;
    branches.push({ kind: 'branch', ref: name, sha, shortSha: sha.slice(0, 7), date, subject: subject ?? '' });
  }
  return branches.slice(0, MAX_BRANCHES);
}
