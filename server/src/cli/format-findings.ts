/**
 * Human-readable findings in the style of ruff's output: the rule and message, an arrow to the
 * file position, the source line with carets under the range, and the available fixes.
 */
import type { Severity } from '../core/finding';
import type { OutFinding } from './output-model';
import type { Style } from './style';

const SEVERITY_STYLE: Record<Severity, Parameters<Style>[0]> = {
  error: 'red',
  warning: 'yellow',
  info: 'cyan',
  hint: 'gray',
};

export function formatFinding(finding: OutFinding, style: Style): string {
  const lineText = finding.lineText;
  const gutter = String(finding.line).length;
  const pad = ' '.repeat(gutter);
  // lineText may be an excerpt of a long line (cli/snippet.ts): carets stay inside it.
  const offset = finding.lineTextOffset ?? 0;
  const caretStart = Math.min(finding.column - 1 - offset, lineText.length);
  const lastColumn = finding.endLine === finding.line ? Math.min(finding.endColumn - 1 - offset, lineText.length) : lineText.length;
  const caretEnd = Math.max(lastColumn, caretStart + 1);
  const colour = SEVERITY_STYLE[finding.severity];
  const lines = [
    `${style('bold', finding.rule)} ${style(colour, `[${finding.severity}]`)} ${finding.message}`,
    `${pad}${style('blue', '-->')} ${finding.path}:${finding.line}:${finding.column}`,
    `${pad} ${style('blue', '|')}`,
    `${style('blue', String(finding.line))} ${style('blue', '|')} ${expandTabs(lineText)}`,
    `${pad} ${style('blue', '|')} ${style(colour, expandTabs(lineText.slice(0, caretStart)).replace(/\S/g, ' ') + '^'.repeat(caretEnd - caretStart))}`,
  ];
  for (const fix of finding.fixes) {
    lines.push(`${pad} ${style('blue', '=')} ${style('bold', 'help:')} ${fix.title}${fix.safety === 'unsafe' ? ' (unsafe fix)' : ''}`);
  }
  for (const related of finding.related) {
    const where = related.path === finding.path ? 'line ' : `${related.path}:`;
    lines.push(`${pad} ${style('blue', '=')} ${style('bold', 'note:')} ${related.message} (${where}${related.range.line})`);
  }
  return lines.join('\n');
}

/**
 * The last line of a text report. `files` counts every file the report covers (the files checked
 * and the included files that hold pools or findings); the files with findings are counted from
 * the findings themselves, so problems in two included files read "in 2 of 3 files", never
 * "in 1 file". A run that covered no file has no summary: it is an error (see select.ts).
 */
export function formatSummary(
  findings: readonly { severity: Severity; path: string; count?: number }[],
  files: number,
  style: Style,
  noun: 'problem' | 'drift' = 'problem',
): string {
  if (findings.length === 0) return style('green', `No ${noun === 'drift' ? 'drift' : 'problems'} found in ${count(files, 'file')}.`);
  const counts = new Map<Severity, number>();
  // A summary of findings not listed (engine/finding-cap.ts) counts as the findings it stands for.
  for (const f of findings) counts.set(f.severity, (counts.get(f.severity) ?? 0) + (f.count ?? 1));
  const total = [...counts.values()].reduce((a, b) => a + b, 0);
  const parts = (['error', 'warning', 'info', 'hint'] as const)
    .filter((s) => counts.has(s))
    .map((s) => `${counts.get(s)} ${s === 'info' ? 'info' : counts.get(s) === 1 ? s : `${s}s`}`);
  const withFindings = new Set(findings.map((f) => f.path)).size;
  const where = withFindings >= files ? count(withFindings, 'file') : `${withFindings} of ${count(files, 'file')}`;
  return `Found ${total} ${total === 1 ? noun : `${noun}s`} (${parts.join(', ')}) in ${where}.`;
}

function count(n: number, noun: string): string {
  return `${n} ${n === 1 ? noun : `${noun}s`}`;
}

function expandTabs(text: string): string {
  return text.replace(/\t/g, '    ');
}
