/**
 * Fix intents -> text edits -> new text. Shared by the CLI's --fix, the language server's code
 * actions and the tests that re-lint after every fix.
 */
import type { Dialect } from '../core/dialect';
import type { Fix, TextEdit } from '../core/fix';

/** The edits a fix makes, or undefined when the dialect cannot express one of its intents. */
export function fixEdits(dialect: Dialect, fix: Fix, sources: ReadonlyMap<string, string>): TextEdit[] | undefined {
  return dialect.fix(fix.intents, sources);
}

/**
 * Applies the edits that target `file` to its text. Edits must not overlap; they are applied from
 * the end so earlier offsets stay valid. Returns undefined when two edits overlap.
 */
export function applyEdits(text: string, file: string, edits: readonly TextEdit[]): string | undefined {
  const mine = edits.filter((e) => e.loc.file === file).sort((a, b) => b.loc.start - a.loc.start || b.loc.end - a.loc.end);
  let result = text;
  let limit = Number.POSITIVE_INFINITY;
  for (const edit of mine) {
    if (edit.loc.end > limit || edit.loc.start > edit.loc.end || edit.loc.end > text.length) return undefined;
    result = result.slice(0, edit.loc.start) + edit.newText + result.slice(edit.loc.end);
    limit = edit.loc.start;
  }
  return result;
}
