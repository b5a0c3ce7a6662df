/**
 * `lb-drift check --fix`: applies safe fixes to every file an analysis read, re-analysing until
 * no safe fix is left (or a round limit), and writes the changed files back through the fix
 * writer, which refuses anything it cannot write without loss (host/fix-writer.ts). A file
 * outside the paths named on the command line (an absolute include such as
 * /etc/nginx/mime.types) is left alone unless the caller allows it (`--fix-outside`).
 */
import type { FileReport } from '../engine/analyze';
import { safeFixes } from '../engine/fix-all';
import { applyEdits } from '../engine/fixes';
import { insideRoots, writeFixedFile, type FixWriteHooks } from '../host/fix-writer';

const MAX_ROUNDS = 10;

export interface FixOptions {
  /** The paths named on the command line; fixes are written only inside them... */
  readonly roots: readonly string[];
  /** ...unless this is set (`--fix-outside`). */
  readonly outside?: boolean;
  readonly hooks?: FixWriteHooks;
}

export interface FixOutcome {
  readonly fixed: number;
  readonly files: ReadonlySet<string>;
  /** Files that had safe fixes which were not written, with the reason. */
  readonly skipped: ReadonlyMap<string, string>;
}

/** `reanalyse` reads the root file afresh from disk and analyses it again. */
export function applySafeFixes(
  reports: readonly FileReport[],
  reanalyse: (path: string) => FileReport | undefined,
  options: FixOptions,
): FixOutcome {
  let fixed = 0;
  const files = new Set<string>();
  const skipped = new Map<string, string>();
  for (const first of reports) {
    let report: FileReport | undefined = first;
    for (let round = 0; report && round < MAX_ROUNDS; round++) {
      let changed = false;
      for (const [file, text] of report.sources) {
        if (skipped.has(file)) continue;
        const { edits, fixes } = safeFixes(report, file);
        const next = edits.length > 0 ? applyEdits(text, file, edits) : undefined;
        if (next === undefined || next === text) continue;
        if (!options.outside && !insideRoots(file, options.roots)) {
          skipped.set(file, 'it is outside the paths given on the command line (an include); name it, or pass --fix-outside');
          continue;
        }
        const result = writeFixedFile(file, text, next, options.hooks);
        if (!result.written) {
          skipped.set(file, result.reason);
          continue;
        }
        files.add(file);
        fixed += fixes;
        changed = true;
      }
      if (!changed) break;
      report = reanalyse(report.path);
    }
  }
  return { fixed, files, skipped };
}
