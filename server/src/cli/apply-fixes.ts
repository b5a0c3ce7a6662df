/**
 * `lb-drift check --fix`: applies safe fixes to every file an analysis read, re-analysing until
 * no safe fix is left (or a round limit), and writes the changed files back.
 */
import type { FileReport } from '../engine/analyze';
import { safeFixes } from '../engine/fix-all';
import { applyEdits } from '../engine/fixes';
import { writeText } from '../host/write-text';

const MAX_ROUNDS = 10;

export interface FixOutcome {
  readonly fixed: number;
  readonly files: ReadonlySet<string>;
}

/** `reanalyse` reads the root file afresh from disk and analyses it again. */
export function applySafeFixes(reports: readonly FileReport[], reanalyse: (path: string) => FileReport | undefined): FixOutcome {
  let fixed = 0;
  const files = new Set<string>();
  for (const first of reports) {
    let report: FileReport | undefined = first;
    for (let round = 0; report && round < MAX_ROUNDS; round++) {
      let changed = false;
      for (const [file, text] of report.sources) {
        const { edits, fixes } = safeFixes(report, file);
        const next = edits.length > 0 ? applyEdits(text, file, edits) : undefined;
        if (next === undefined || next === text) continue;
        writeText(file, next);
        files.add(file);
        fixed += fixes;
        changed = true;
      }
      if (!changed) break;
      report = reanalyse(report.path);
    }
  }
  return { fixed, files };
}
