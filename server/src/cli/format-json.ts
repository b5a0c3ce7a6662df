/**
 * The JSON shape DESIGN.md fixes for `check --format json` and `diff --format json`
 * (`shares --format json` prints the same `files[].pools`). Extra fields of the output model
 * (fix edits, snippets) stay out, so scripts see exactly the contract.
 */
import type { OutFile } from './output-model';

export function toJsonResults(files: readonly OutFile[]): object {
  return {
    version: 1,
    files: files.map((file) => ({
      path: file.path,
      dialect: file.dialect,
      findings: file.findings.map((f) => ({
        rule: f.rule,
        severity: f.severity,
        message: f.message,
        line: f.line,
        column: f.column,
        endLine: f.endLine,
        endColumn: f.endColumn,
        fixes: f.fixes.map((fix) => ({ title: fix.title, safety: fix.safety })),
      })),
      pools: file.pools,
    })),
  };
}

export function toJsonShares(files: readonly OutFile[]): object {
  return { version: 1, files: files.map(({ path, dialect, pools }) => ({ path, dialect, pools })) };
}
