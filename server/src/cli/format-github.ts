/**
 * `--format github`: one GitHub Actions workflow command per finding, which the runner turns into
 * an annotation on the file and line (and in the pull request's diff).
 */
import { sep } from 'node:path';
import type { Severity } from '../core/finding';
import type { OutFile, OutFinding } from './output-model';

const COMMAND: Record<Severity, 'error' | 'warning' | 'notice'> = {
  error: 'error',
  warning: 'warning',
  info: 'notice',
  hint: 'notice',
};

export function toGithubCommands(files: readonly OutFile[]): string {
  return files.flatMap((file) => file.findings.map((finding) => `${githubCommand(finding)}\n`)).join('');
}

export function githubCommand(finding: OutFinding): string {
  // GitHub addresses files with forward slashes, relative to the workspace.
  const file = sep === '\\' ? finding.path.replace(/\\/g, '/') : finding.path;
  const properties: [string, string | number][] = [
    ['file', file],
    ['line', finding.line],
  ];
  // The runner rejects columns on an annotation that spans lines, so those keep lines only.
  if (finding.endLine === finding.line) {
    properties.push(['col', finding.column], ['endLine', finding.endLine], ['endColumn', finding.endColumn]);
  } else {
    properties.push(['endLine', finding.endLine]);
  }
  properties.push(['title', finding.rule]);
  const list = properties.map(([name, value]) => `${name}=${escapeProperty(String(value))}`).join(',');
  return `::${COMMAND[finding.severity]} ${list}::${escapeData(finding.message)}`;
}

/** The message: `%` first, so the escapes that follow are not escaped again. */
export function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** A property value also ends at `,` (next property) and `:` (the `::` before the message). */
export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
