/**
 * Lists the tags of a repository that point (directly or through an annotated tag) at a commit,
 * newest first: by creation date (the tagger date of an annotated tag, the commit date of a
 * lightweight one), ties broken by name, the greater name first, so that timestamped names such
 * as lb-stable/2026-11-25T101500Z made in the same second still come out newest first.
 */
import { runGit, type GitResult } from './run-git';

export interface TagInfo {
  /** The tag's name without `refs/tags/`. */
  readonly name: string;
  /** The commit the tag points at. */
  readonly sha: string;
  /** The creation date, ISO 8601 with offset. */
  readonly date: string;
  /** The creation date in seconds since the epoch, for sorting. */
  readonly time: number;
  readonly annotated: boolean;
  /** The first line of the tagged commit's message. */
  readonly subject: string;
  /** The first line of an annotated tag's own message. */
  readonly message?: string;
}

const FIELDS = [
  '%(refname:strip=2)',
  '%(objecttype)',
  '%(objectname)',
  '%(*objecttype)',
  '%(*objectname)',
  '%(creatordate:iso-strict)',
  '%(creatordate:unix)',
  '%(contents:subject)',
  '%(*contents:subject)',
];

export type TagList = { readonly ok: true; readonly tags: TagInfo[] } | { readonly ok: false; readonly result: Extract<GitResult, { ok: false }> };

/** Tags whose names match `pattern` (git's `tag --list` wildcards, where `*` also crosses `/`), or all. */
export async function listTags(root: string, pattern?: string): Promise<TagList> {
  const args = ['tag', '--list', '--no-column', `--format=${FIELDS.join('%00')}`];
  if (pattern !== undefined) args.push('--end-of-options', pattern);
  const result = await runGit(args, root);
  if (!result.ok) return { ok: false, result };
  const tags: TagInfo[] = [];
  for (const line of result.stdout.toString('utf8').split('\n')) {
    const [name, type, object, peeledType, peeled, date, time, ownSubject, peeledSubject] = line.split('\0');
    if (!name || date === undefined) continue;
    const annotated = type === 'tag';
    // A tag of a tree, a blob or another tag is no revision to compare with.
    if (annotated ? peeledType !== 'commit' : type !== 'commit') continue;
    const tag: TagInfo = {
      name,
      sha: annotated ? peeled! : object!,
      date,
      time: Number(time),
      annotated,
      subject: (annotated ? peeledSubject : ownSubject) ?? '',
      ...(annotated ? { message: ownSubject ?? '' } : {}),
    };
    tags.push(tag);
  }
  return { ok: true, tags: tags.sort(newestFirst) };
}

export function newestFirst(a: TagInfo, b: TagInfo): number {
  if (a.time !== b.time) return b.time - a.time;
  return a.name < b.name ? 1 : a.name > b.name ? -1 : 0;
}
