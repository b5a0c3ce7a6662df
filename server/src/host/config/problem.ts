/**
 * A problem found in a project config file, with the place it points at. Lines and columns are
 * 1-based, as in lb-drift's JSON output; the end is exclusive (the column after the last
 * character), and offsets are there for callers that build LSP ranges from the text.
 */
import type { LineCounter } from 'yaml';

export interface ConfigProblem {
  /** `error`: the file is invalid (the CLI exits 2); `warning`: it is read, but something is off. */
  readonly severity: 'error' | 'warning';
  /** What is wrong and how to fix it, starting with the key path when there is one. */
  readonly message: string;
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
  readonly offset: number;
  readonly endOffset: number;
}

export type ProblemSeverity = ConfigProblem['severity'];

/** A problem about the file as a whole (unreadable, too large): it points at its start. */
export function fileProblem(message: string, severity: ProblemSeverity = 'error'): ConfigProblem {
  return { severity, message, line: 1, column: 1, endLine: 1, endColumn: 1, offset: 0, endOffset: 0 };
}

/** A problem over the text between two offsets. */
export function problemAt(
  lines: LineCounter,
  start: number,
  end: number,
  message: string,
  severity: ProblemSeverity = 'error',
): ConfigProblem {
  const from = position(lines, start);
  const to = position(lines, Math.max(start, end));
  return { severity, message, line: from.line, column: from.col, endLine: to.line, endColumn: to.col, offset: start, endOffset: Math.max(start, end) };
}

/** `LineCounter.linePos` says line 0 before the first newline is known; that is line 1. */
function position(lines: LineCounter, offset: number): { line: number; col: number } {
  const pos = lines.linePos(offset);
  return pos.line === 0 ? { line: 1, col: offset + 1 } : pos;
}

/** One problem as a line of CLI output: `path:line:column: error: message`. */
export function formatConfigProblem(path: string, problem: ConfigProblem): string {
  return `${path}:${problem.line}:${problem.column}: ${problem.severity}: ${problem.message}`;
}
