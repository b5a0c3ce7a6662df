/**
 * The JSON shape DESIGN.md fixes for `check --format json` and `diff --format json`
 * (`shares --format json` prints the same `files[].pools`). Extra fields of the output model
 * (fix edits, snippets) stay out, so scripts see exactly the contract.
 *
 * `toJsonResults` and `toJsonShares` give that shape as values. The CLI prints it with
 * `jsonResultChunks` and `jsonShareChunks`, which write the text straight from the output model,
 * one finding or pool per piece: a 10 MB config has some 7,000 pools and 36,000 members, and
 * building the value only to stringify it again cost a fifth of a second and tens of megabytes.
 * The text is exactly `JSON.stringify(toJsonResults(files), null, 2)` and a newline (a test
 * compares them).
 */
import type { OutFile, OutFinding, OutPool } from './output-model';

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

/** The text of `toJsonResults(files)` as JSON.stringify(value, null, 2) prints it, in pieces. */
export function jsonResultChunks(files: readonly OutFile[]): Generator<string> {
  return reportChunks(files, true);
}

/** The text of `toJsonShares(files)`, in pieces. */
export function jsonShareChunks(files: readonly OutFile[]): Generator<string> {
  return reportChunks(files, false);
}

// Indents of the levels JSON.stringify(value, null, 2) writes: report, files, file, its lists,
// a finding or pool, its lists, a fix or member.
const I1 = '\n  ';
const I2 = '\n    ';
const I3 = '\n      ';
const I4 = '\n        ';
const I5 = '\n          ';
const I6 = '\n            ';
const I7 = '\n              ';

function* reportChunks(files: readonly OutFile[], withFindings: boolean): Generator<string> {
  if (files.length === 0) {
    yield `{${I1}"version": 1,${I1}"files": []\n}\n`;
    return;
  }
  yield `{${I1}"version": 1,${I1}"files": [`;
  for (let f = 0; f < files.length; f++) {
    const file = files[f]!;
    yield `${f === 0 ? '' : ','}${I2}{${I3}"path": ${JSON.stringify(file.path)},${I3}"dialect": ${JSON.stringify(file.dialect)},`;
    if (withFindings) {
      yield* list('findings', file.findings, findingText);
      yield ',';
    }
    yield* list('pools', file.pools, poolText);
    yield `${I2}}`;
  }
  yield `${I1}]\n}\n`;
}

function* list<T>(key: string, items: readonly T[], text: (item: T) => string): Generator<string> {
  if (items.length === 0) {
    yield `${I3}"${key}": []`;
    return;
  }
  yield `${I3}"${key}": [`;
  for (let i = 0; i < items.length; i++) yield `${i === 0 ? '' : ','}${I4}${text(items[i]!)}`;
  yield `${I3}]`;
}

function findingText(f: OutFinding): string {
  let fixes = '[]';
  if (f.fixes.length > 0) {
    fixes = '[';
    for (let i = 0; i < f.fixes.length; i++) {
      const fix = f.fixes[i]!;
      fixes += `${i === 0 ? '' : ','}${I6}{${I7}"title": ${JSON.stringify(fix.title)},${I7}"safety": ${JSON.stringify(fix.safety)}${I6}}`;
    }
    fixes += `${I5}]`;
  }
  return (
    `{${I5}"rule": ${JSON.stringify(f.rule)},${I5}"severity": ${JSON.stringify(f.severity)},${I5}"message": ${JSON.stringify(f.message)},` +
    `${I5}"line": ${num(f.line)},${I5}"column": ${num(f.column)},${I5}"endLine": ${num(f.endLine)},${I5}"endColumn": ${num(f.endColumn)},` +
    `${I5}"fixes": ${fixes}${I4}}`
  );
}

/** Reads `estimated`, then `members`, each once: a pool view (pool-view.ts) makes them when read. */
function poolText(pool: OutPool): string {
  let text = `{${I5}"name": ${JSON.stringify(pool.name)},${I5}"algorithm": ${JSON.stringify(pool.algorithm)},${I5}"line": ${num(pool.line)},`;
  const estimated = pool.estimated;
  if (estimated !== undefined) text += `${I5}"estimated": ${JSON.stringify(estimated)},`;
  const members = pool.members;
  if (members.length === 0) return `${text}${I5}"members": []${I4}}`;
  text += `${I5}"members": [`;
  for (let i = 0; i < members.length; i++) {
    const m = members[i]!;
    text +=
      `${i === 0 ? '' : ','}${I6}{${I7}"address": ${JSON.stringify(m.address)},${I7}"weight": ${num(m.weight)},${I7}"role": ${JSON.stringify(m.role)},` +
      `${I7}"state": ${JSON.stringify(m.state)},${I7}"share": ${num(m.share)},${I7}"line": ${num(m.line)}${I6}}`;
  }
  return `${text}${I5}]${I4}}`;
}

/** A number as JSON writes it (not finite: null). */
function num(value: number): string {
  return Number.isFinite(value) ? String(value) : 'null';
}
