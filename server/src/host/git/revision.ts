/**
 * Checks a revision that came from a person (a setting, a command-line flag, a quick pick) before
 * it reaches git. Git itself is run with an argument list and `--end-of-options`, so this is the
 * second fence: it keeps out anything that could read as an option, a range, a path or a second
 * command, while accepting what people really type (tags, branches, `origin/main`, `HEAD~3`,
 * `main@{1}`, shas, `v1.2^{commit}`).
 */

export const MAX_REVISION_LENGTH = 255;

export type RevisionCheck = { readonly ok: true; readonly revision: string } | { readonly ok: false; readonly message: string };

/** Letters, digits and the punctuation of ref names and revision suffixes (`~`, `^`, `@{...}`). */
const SAFE = /^[A-Za-z0-9._/@{}~^+,-]+$/;
const EXAMPLES = 'use a tag, branch or commit such as lb-stable/2026-11-20T101500Z or HEAD~1';

export function validateRevision(revision: string): RevisionCheck {
  const reason = problemWith(revision);
  if (reason === undefined) return { ok: true, revision };
  return { ok: false, message: `${quote(revision)} is not a git revision (${reason}): ${EXAMPLES}` };
}

function problemWith(revision: string): string | undefined {
  if (revision.length === 0) return 'it is empty';
  if (revision.length > MAX_REVISION_LENGTH) return `it is ${revision.length} characters long; the limit is ${MAX_REVISION_LENGTH}`;
  if (/[\u0000-\u001f\u007f]/.test(revision)) return 'it contains a control character such as a newline';
  if (/\s/.test(revision)) return 'it contains whitespace';
  if (revision.startsWith('-')) return 'it starts with "-", so git would read it as an option';
  if (revision.includes('..')) return 'it is a range; name one revision';
  if (revision.includes(':')) return 'it names a path or a search; name one revision';
  if (revision.startsWith('^') || /\^[-@!]/.test(revision)) return 'it is a range or an exclusion; name one revision';
  const bad = [...revision].find((c) => !SAFE.test(c));
  if (bad !== undefined) return `${JSON.stringify(bad)} is not allowed`;
  return undefined;
}

/** The revision as it can be shown: escaped, and shortened when it is long. */
function quote(revision: string): string {
  const shown = revision.length > 60 ? `${revision.slice(0, 57)}...` : revision;
  return JSON.stringify(shown);
}

export const DEFAULT_TAG_PATTERN = 'lb-stable*';

/**
 * Checks a tag pattern (`lbDrift.stableTagPattern`) the same way: shell-style wildcards are fine,
 * options, whitespace and control characters are not.
 */
export function validateTagPattern(pattern: string): RevisionCheck {
  const ok = pattern.length > 0 && pattern.length <= MAX_REVISION_LENGTH && /^[A-Za-z0-9._/@{}~^+,*?[\]!-]+$/.test(pattern) && !pattern.startsWith('-');
  if (ok) return { ok: true, revision: pattern };
  return {
    ok: false,
    message: `${quote(pattern)} is not a tag pattern: use a tag name with wildcards such as ${DEFAULT_TAG_PATTERN} (letters, digits, "/", "-", "_", ".", "*", "?" and "[...]")`,
  };
}
