/**
 * Fix-all: the edits of every safe fix for one file, skipping any fix whose edits overlap one
 * already taken. Callers re-analyse and repeat until nothing changes, because one fix can make
 * another finding (and its fix) disappear.
 */
import type { TextEdit } from '../core/fix';
import type { FileReport } from './analyze';
import { fixEdits } from './fixes';

export function safeFixEdits(report: FileReport, file: string): TextEdit[] {
  return safeFixes(report, file).edits;
}

/** The edits of the safe fixes for `file`, and how many findings they fix. */
export function safeFixes(report: FileReport, file: string): { edits: TextEdit[]; fixes: number } {
  const taken: TextEdit[] = [];
  let fixes = 0;
  if (!report.dialect) return { edits: taken, fixes };
  for (const finding of report.findings) {
    for (const fix of finding.fixes ?? []) {
      if (fix.safety !== 'safe') continue;
      const edits = fixEdits(report.dialect, fix, report.sources);
      if (!edits || edits.some((e) => e.loc.file !== file)) continue;
      if (edits.some((e) => taken.some((t) => overlaps(t, e)))) continue;
      taken.push(...edits);
      fixes++;
      break;
    }
  }
  return { edits: taken, fixes };
}

/**
 * Whether two edits cannot both be taken in one round. An insertion that touches another edit
 * counts: a `;` inserted where a removed member line ends would be left behind on its own.
 */
function overlaps(a: TextEdit, b: TextEdit): boolean {
  if (a.loc.start === a.loc.end || b.loc.start === b.loc.end) return a.loc.start <= b.loc.end && b.loc.start <= a.loc.end;
  return a.loc.start < b.loc.end && b.loc.start < a.loc.end;
}
