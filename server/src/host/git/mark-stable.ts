/**
 * "Mark Current Commit as Stable": an annotated tag `lb-stable/<UTC timestamp>` on HEAD, which
 * then becomes the `auto` stable revision. An existing tag is never moved.
 */
import { commitOf } from './resolve-stable';
import { firstErrorLine, runGit } from './run-git';

export type MarkStableResult = { readonly ok: true; readonly tag: string; readonly sha: string } | { readonly ok: false; readonly message: string };

export interface MarkStableOptions {
  /** The moment the tag is named after; defaults to now. */
  readonly now?: Date;
}

export const DEFAULT_STABLE_MESSAGE = 'Marked as stable by lb-drift';

/** `lb-stable/2026-11-25T101500Z`: ISO 8601 basic time, so the name has no `:` and sorts by time. */
export function stableTagName(now: Date): string {
  const iso = now.toISOString(); // 2026-11-25T10:15:00.000Z
  return `lb-stable/${iso.slice(0, 10)}T${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}Z`;
}

export async function markStable(root: string, message?: string, options: MarkStableOptions = {}): Promise<MarkStableResult> {
  const head = await commitOf(root, 'HEAD');
  if (head.kind === 'missing') {
    return { ok: false, message: `the repository at ${root} has no commits yet; commit the config first, then mark it as stable` };
  }
  if (head.kind === 'error') return { ok: false, message: head.message };

  const tag = stableTagName(options.now ?? new Date());
  const existing = await commitOf(root, `refs/tags/${tag}`);
  if (existing.kind === 'found') {
    // Marking the same commit twice within a second is the same mark; anything else would move a tag.
    if (existing.sha === head.sha) return { ok: true, tag, sha: head.sha };
    return { ok: false, message: `the tag ${tag} already exists on another commit; wait a second and mark again` };
  }

  const text = message?.trim() || DEFAULT_STABLE_MESSAGE;
  // The message goes in on standard input, so no text can be taken for an option; lines starting
  // with "#" are kept, as people wrote them. --no-sign: a repository's tag.gpgSign must not run
  // its gpg.program (run-git.ts switches the config off as well).
  const result = await runGit(['tag', '--annotate', '--no-sign', '--cleanup=whitespace', '--file=-', '--end-of-options', tag, head.sha], root, {
    input: `${text}\n`,
  });
  if (result.ok) return { ok: true, tag, sha: head.sha };
  return { ok: false, message: tagFailure(tag, result.stderr, result.message) };
}

function tagFailure(tag: string, stderr: string, fallback: string): string {
  if (/tell me who you are|unable to auto-detect email|empty ident/i.test(stderr)) {
    return `git needs your name and email to create the annotated tag ${tag}: run git config user.name "Your Name" and git config user.email you@example.com, then mark again`;
  }
  if (/already exists/.test(stderr)) return `the tag ${tag} already exists; wait a second and mark again`;
  return `cannot create the tag ${tag}: ${firstErrorLine(stderr) || fallback}`;
}
