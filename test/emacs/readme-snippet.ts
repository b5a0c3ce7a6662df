/**
 * The README's Emacs set-up snippet, read from README.md at test time, so the test runs exactly
 * what a reader copies and fails when an edit breaks it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const README = join(__dirname, '../../README.md');
const HEADING = '**Emacs (eglot)**';
const OPENING = '```elisp\n';
const CLOSING = '\n```';

/** The text between the first ```elisp fence after the Emacs heading and its closing fence. */
export function readmeEmacsSnippet(readme: string = readFileSync(README, 'utf8')): string {
  const heading = readme.indexOf(HEADING);
  if (heading < 0) throw new Error(`README.md has no "${HEADING}" section`);
  const opening = readme.indexOf(OPENING, heading);
  if (opening < 0) throw new Error(`README.md has no \`\`\`elisp block after "${HEADING}"`);
  const start = opening + OPENING.length;
  const end = readme.indexOf(CLOSING, start - 1);
  if (end < 0) throw new Error(`the \`\`\`elisp block after "${HEADING}" in README.md is not closed`);
  return readme.slice(start, end + 1);
}
