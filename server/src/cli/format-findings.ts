/**
 * Human-readable findings in the style of ruff's output: the rule and message, an arrow to the
 * file position, the source line with carets under the range, and the available fixes.
 */
import type { Finding, Severity } from '../core/finding';
import type { Positions } from './positions';
import type { Style } from './style';

const SEVERITY_STYLE: Record<Severity, Parameters<Style>[0]> = {
  error: 'red',
  warning: 'yellow',
  info: 'cyan',
  hint: 'gray',
};

export function formatFinding(
  finding: Finding,
  display: (file: string) => string,
  source: string,
  positions: Positions,
  style: Style,
): string {
  const range = positions.range(finding.loc);
  const index = positions.index(finding.loc.file);
  const lineStart = index.lineStart(range.line - 1);
  const nextStart = range.line < index.lineCount ? index.lineStart(range.line) : source.length;
  const lineText = source.slice(lineStart, nextStart).replace(/\r?\n$/, '');
  const gutter = String(range.line).length;
  const pad = ' '.repeat(gutter);
  const caretStart = range.column - 1;
  const caretEnd = range.endLine === range.line ? Math.max(range.endColumn - 1, caretStart + 1) : lineText.length;
  const carets = ' '.repeat(caretStart) + '^'.repeat(Math.max(1, caretEnd - caretStart));
  const lines = [
    `${style('bold', finding.rule)} ${style(SEVERITY_STYLE[finding.severity], `[${finding.severity}]`)} ${finding.message}`,
    `${pad}${style('blue', '-->')} ${display(finding.loc.file)}:${range.line}:${range.column}`,
    `${pad} ${style('blue', '|')}`,
    `${style('blue', String(range.line))} ${style('blue', '|')} ${expandTabs(lineText)}`,
    `${pad} ${style('blue', '|')} ${style(SEVERITY_STYLE[finding.severity], expandTabs(lineText.slice(0, caretStart)).replace(/\S/g, ' ') + carets.slice(caretStart))}`,
  ];
  for (const fix of finding.fixes ?? []) {
    lines.push(`${pad} ${style('blue', '=')} ${style('bold', 'help:')} ${fix.title}${fix.safety === 'unsafe' ? ' (unsafe fix)' : ''}`);
  }
  for (const related of finding.related ?? []) {
    const where = related.loc.file === finding.loc.file ? 'line ' : `${display(related.loc.file)}:`;
    lines.push(`${pad} ${style('blue', '=')} ${style('bold', 'note:')} ${related.message} (${where}${positions.range(related.loc).line})`);
  }
  return lines.join('\n');
}

export function formatSummary(findings: readonly Finding[], files: number, style: Style, noun: 'problem' | 'drift' = 'problem'): string {
  if (findings.length === 0) return style('green', `No ${noun === 'drift' ? 'drift' : 'problems'} found in ${files} ${files === 1 ? 'file' : 'files'}.`);
  const counts = new Map<Severity, number>();
  for (const f of findings) counts.set(f.severity, (counts.get(f.severity) ?? 0) + 1);
  const parts = (['error', 'warning', 'info', 'hint'] as const)
    .filter((s) => counts.has(s))
    .map((s) => `${counts.get(s)} ${s === 'info' ? 'info' : counts.get(s) === 1 ? s : `${s}s`}`);
  return `Found ${findings.length} ${findings.length === 1 ? noun : `${noun}s`} (${parts.join(', ')}) in ${files} ${files === 1 ? 'file' : 'files'}.`;
}

function expandTabs(text: string): string {
  return text.replace(/\t/g, '    ');
}
