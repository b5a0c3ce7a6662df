/**
 * The checks every fuzz input goes through, on the engine exactly as the CLI calls it
 * (`analyzeFile` with the default configuration; includes are not followed, so an input never
 * reads the disk):
 * - no-throw: neither the dialect nor any rule throws;
 * - time-bounded: the analysis takes no longer than the caller's bound for the input's size;
 * - ranges-in-text: every finding, related location and parse problem lies inside its text;
 * - fix-applies: every safe fix yields edits that apply (inside the text, not overlapping);
 * - fix-stays-in-range: its edits stay on the lines of the finding and of the fix's targets, and
 *   the text outside the edits is unchanged;
 * - fix-parses: the fixed text has no syntax error the original did not have (also for the
 *   CLI's fix-all, every safe fix at once);
 * - fix-removes-finding: the finding the fix was for is gone.
 */
import type { SourceLoader } from '../../server/src/core/dialect';
import { noIncludes } from '../../server/src/core/dialect';
import type { Finding } from '../../server/src/core/finding';
import type { Fix, TextEdit } from '../../server/src/core/fix';
import type { Loc } from '../../server/src/core/span';
import { analyzeFile, type FileReport } from '../../server/src/engine/analyze';
import { safeFixEdits } from '../../server/src/engine/fix-all';
import { applyEdits, fixEdits } from '../../server/src/engine/fixes';
import type { FuzzDialect } from './dialects';

export const CHECKS = [
  'no-throw',
  'time-bounded',
  'ranges-in-text',
  'fix-applies',
  'fix-stays-in-range',
  'fix-parses',
  'fix-removes-finding',
] as const;
export type CheckName = (typeof CHECKS)[number];

export interface Failure {
  readonly check: CheckName;
  /** The rule whose finding or fix failed, when there is one. */
  readonly rule?: string;
  readonly detail: string;
}

export interface CheckOptions {
  /** The most milliseconds an analysis of `chars` UTF-16 units may take. */
  readonly timeBoundMs: (chars: number) => number;
  /** How many safe fixes of one input are applied and re-checked (spread over the findings). */
  readonly maxFixes: number;
}

export interface CheckOutcome {
  readonly failures: Failure[];
  /** Milliseconds the first analysis took. */
  readonly ms: number;
  /** How many times each check ran on this input. */
  readonly ran: Partial<Record<CheckName, number>>;
}

const INTERNAL_ERROR = 'could not analyse this file (internal error';

export function inputPath(dialect: FuzzDialect): string {
  return `/fuzz/input${dialect.extension}`;
}

/** The engine as the CLI runs it, with rule errors collected instead of warned about. */
export function analyse(dialect: FuzzDialect, text: string, loader: SourceLoader = noIncludes): { report: FileReport; ruleErrors: string[] } {
  const ruleErrors: string[] = [];
  const report = analyzeFile({ path: inputPath(dialect), text }, loader, {
    dialect: dialect.id,
    onRuleError: (rule, error) => ruleErrors.push(`rule ${rule} threw: ${error instanceof Error ? error.stack ?? error.message : String(error)}`),
  });
  return { report, ruleErrors };
}

export function checkInput(dialect: FuzzDialect, text: string, options: CheckOptions): CheckOutcome {
  const failures: Failure[] = [];
  const ran: Partial<Record<CheckName, number>> = {};
  const count = (check: CheckName): void => {
    ran[check] = (ran[check] ?? 0) + 1;
  };

  count('no-throw');
  const started = performance.now();
  let analysed: ReturnType<typeof analyse>;
  try {
    analysed = analyse(dialect, text);
  } catch (error) {
    failures.push({ check: 'no-throw', detail: `analyzeFile threw: ${error instanceof Error ? error.stack ?? error.message : String(error)}` });
    return { failures, ms: performance.now() - started, ran };
  }
  const ms = performance.now() - started;
  const { report, ruleErrors } = analysed;
  for (const message of ruleErrors) failures.push({ check: 'no-throw', rule: message.split(' ')[1], detail: message });
  for (const problem of report.problems) {
    if (problem.message.includes(INTERNAL_ERROR)) failures.push({ check: 'no-throw', detail: problem.message });
  }

  count('time-bounded');
  const bound = options.timeBoundMs(text.length);
  if (ms > bound) failures.push({ check: 'time-bounded', detail: `analysis took ${ms.toFixed(1)} ms for ${text.length} chars (bound ${bound.toFixed(0)} ms)` });

  count('ranges-in-text');
  const rangeProblem = firstRangeViolation(report);
  if (rangeProblem) failures.push({ check: 'ranges-in-text', ...rangeProblem });

  const withSafeFix = report.findings.flatMap((finding) => (finding.fixes ?? []).filter((f) => f.safety === 'safe').map((fix) => ({ finding, fix })));
  const step = Math.max(1, Math.ceil(withSafeFix.length / options.maxFixes));
  for (let i = 0; i < withSafeFix.length; i += step) {
    const { finding, fix } = withSafeFix[i]!;
    failures.push(...checkFix(dialect, report, finding, fix, count));
  }
  if (withSafeFix.length > 1) failures.push(...checkFixAll(dialect, report, count));
  return { failures, ms, ran };
}

function firstRangeViolation(report: FileReport): { rule?: string; detail: string } | undefined {
  const outside = (l: Loc): string | undefined => {
    const text = report.sources.get(l.file);
    if (text === undefined) return `names ${l.file}, which the analysis did not read`;
    if (!Number.isInteger(l.start) || !Number.isInteger(l.end) || l.start < 0 || l.start > l.end || l.end > text.length) {
      return `range ${l.start}-${l.end} is outside 0-${text.length}`;
    }
    return undefined;
  };
  for (const problem of report.problems) {
    const wrong = outside(problem.loc) ?? problem.related?.map((r) => outside(r.loc)).find(Boolean);
    if (wrong) return { detail: `parse problem "${problem.message}": ${wrong}` };
  }
  for (const finding of report.findings) {
    const wrong = outside(finding.loc) ?? finding.related?.map((r) => outside(r.loc)).find(Boolean);
    if (wrong) return { rule: finding.rule, detail: `finding "${finding.message}": ${wrong}` };
  }
  return undefined;
}

export function checkFix(dialect: FuzzDialect, report: FileReport, finding: Finding, fix: Fix, count: (c: CheckName) => void): Failure[] {
  const path = inputPath(dialect);
  const text = report.sources.get(path)!;
  const rule = finding.rule;
  const about = `safe fix "${fix.title}" of "${finding.message}"`;
  count('fix-applies');
  const edits = report.dialect ? fixEdits(report.dialect, fix, report.sources) : undefined;
  if (!edits) return [{ check: 'fix-applies', rule, detail: `${about} produced no edits` }];
  if (edits.some((e) => e.loc.file !== path)) return [];
  const fixed = applyEdits(text, path, edits);
  if (fixed === undefined) return [{ check: 'fix-applies', rule, detail: `${about}: edits overlap or leave the text: ${JSON.stringify(edits.map((e) => e.loc))}` }];

  const failures: Failure[] = [];
  count('fix-stays-in-range');
  const stray = strayEdit(text, fixed, edits, [finding.loc, ...targetsOf(fix)]);
  if (stray) failures.push({ check: 'fix-stays-in-range', rule, detail: `${about}: ${stray}` });

  const after = analyse(dialect, fixed).report;
  count('fix-parses');
  const added = newSyntaxErrors(report, after, edits);
  if (added.length > 0) failures.push({ check: 'fix-parses', rule, detail: `${about} added syntax errors: ${added.map((f) => `"${f.message}" at ${f.loc.start}`).join('; ')}` });
  count('fix-removes-finding');
  // A twin finding (same rule and message on another line, e.g. a suppression written twice)
  // moves onto the fixed one's place when its line goes; it is that twin, not the fixed finding.
  const twins = new Set(
    report.findings.filter((o) => o !== finding && o.rule === rule && o.message === finding.message && o.loc.file === path).map((o) => mapLeft(edits, o.loc.start)),
  );
  const remaining = after.findings.find(
    (f) => f.rule === rule && f.message === finding.message && !twins.has(f.loc.start) && overlaps(f.loc, mapLeft(edits, finding.loc.start), mapRight(edits, finding.loc.end)),
  );
  if (remaining) failures.push({ check: 'fix-removes-finding', rule, detail: `${about} left it in place (now at ${remaining.loc.start}-${remaining.loc.end})` });
  return failures;
}

/** What `check --fix` does in one round: every safe fix at once; it must not add syntax errors. */
function checkFixAll(dialect: FuzzDialect, report: FileReport, count: (c: CheckName) => void): Failure[] {
  const path = inputPath(dialect);
  const edits = safeFixEdits(report, path);
  const fixed = applyEdits(report.sources.get(path)!, path, edits);
  if (fixed === undefined) return [];
  count('fix-parses');
  const added = newSyntaxErrors(report, analyse(dialect, fixed).report, edits);
  return added.length > 0
    ? [{ check: 'fix-parses', rule: 'fix-all', detail: `all safe fixes at once added syntax errors: ${added.map((f) => `"${f.message}" at ${f.loc.start}`).join('; ')}` }]
    : [];
}

/** The locations a fix's intents aim at (members, parameters): its edits may touch their lines. */
function targetsOf(fix: Fix): Loc[] {
  return fix.intents.flatMap((intent) => {
    switch (intent.kind) {
      case 'edit':
        return [];
      case 'remove-param':
        return [intent.param];
      default:
        return [intent.member];
    }
  });
}

/** Line breaks as editors count them: LF, CRLF and a bare CR. */
function lineStart(text: string, at: number): number {
  let i = at;
  while (i > 0 && text[i - 1] !== '\n' && text[i - 1] !== '\r') i--;
  return i;
}

function lineEnd(text: string, at: number): number {
  let i = at;
  while (i < text.length && text[i] !== '\n' && text[i] !== '\r') i++;
  if (text[i] === '\r' && text[i + 1] === '\n') return i + 2;
  return i < text.length ? i + 1 : i;
}

/**
 * An edit that reaches beyond the lines of the finding and the fix's targets, or text changed
 * outside the edits. Returns a description, or undefined when the fix stays in its range.
 */
function strayEdit(text: string, fixed: string, edits: readonly TextEdit[], allowed: readonly Loc[]): string | undefined {
  const regions = allowed.filter((l) => l.end <= text.length).map((l) => ({ start: lineStart(text, l.start), end: lineEnd(text, l.end) }));
  for (const edit of edits) {
    if (!regions.some((r) => r.start <= edit.loc.start && edit.loc.end <= r.end)) {
      return `edit ${edit.loc.start}-${edit.loc.end} (${JSON.stringify(text.slice(edit.loc.start, edit.loc.end).slice(0, 80))}) reaches beyond the lines of its finding`;
    }
  }
  const sorted = [...edits].sort((a, b) => a.loc.start - b.loc.start);
  let original = 0;
  let shifted = 0;
  for (const edit of sorted) {
    if (text.slice(original, edit.loc.start) !== fixed.slice(shifted, shifted + edit.loc.start - original)) return `text before ${edit.loc.start} changed`;
    shifted += edit.loc.start - original;
    if (fixed.slice(shifted, shifted + edit.newText.length) !== edit.newText) return `edit ${edit.loc.start} was not applied as written`;
    shifted += edit.newText.length;
    original = edit.loc.end;
  }
  return text.slice(original) === fixed.slice(shifted) ? undefined : `text after ${original} changed`;
}

/** An original offset in the fixed text, leaning left of an insertion at the same point. */
function mapLeft(edits: readonly TextEdit[], at: number): number {
  let shift = 0;
  for (const e of edits) {
    if (e.loc.start < at && at < e.loc.end) return e.loc.start + shiftBefore(edits, e.loc.start);
    if (e.loc.end < at || (e.loc.end === at && e.loc.start < at)) shift += e.newText.length - (e.loc.end - e.loc.start);
  }
  return at + shift;
}

/** An original offset in the fixed text, leaning right of an insertion at the same point. */
function mapRight(edits: readonly TextEdit[], at: number): number {
  let shift = 0;
  for (const e of edits) {
    if (e.loc.start < at && at < e.loc.end) return e.loc.start + shiftBefore(edits, e.loc.start) + e.newText.length;
    if (e.loc.end <= at) shift += e.newText.length - (e.loc.end - e.loc.start);
  }
  return at + shift;
}

function shiftBefore(edits: readonly TextEdit[], at: number): number {
  return edits.filter((e) => e.loc.end <= at && !(e.loc.start === at)).reduce((sum, e) => sum + e.newText.length - (e.loc.end - e.loc.start), 0);
}

/** Whether a range meets [from, to]; an empty range meets it when it lies within. */
function overlaps(l: Loc, from: number, to: number): boolean {
  if (l.start === l.end || from === to) return from <= l.start && l.start <= to || (l.start <= from && from <= l.end);
  return l.start < to && from < l.end;
}

/**
 * A message without what a fix may legitimately change in it: line numbers and counts, and the
 * quoted text of the directive the error is about (removing `backup` from a directive that lacks
 * its `;` changes the quoted directive, not the error).
 */
function messageShape(message: string): string {
  return message.replace(/"[^"]*"/g, '"…"').replace(/\d+/g, '#');
}

/** The message of the final syntax error that counts the errors not listed (see error-cap.ts). */
const CAP_MESSAGE = /more syntax errors from here on are not listed/;

/**
 * A capped list ends with one finding that stands for the rest (the engine's finding cap). The
 * engine's summary always carries `count`, also when it stands for a single finding.
 */
function isCap(finding: Finding): boolean {
  return CAP_MESSAGE.test(finding.message) || finding.count !== undefined;
}

/**
 * Syntax errors of `after` that no syntax error of `before` accounts for: the same message shape
 * touching its mapped range. Past the point where `before` stopped listing errors, nothing is new: a fix
 * that removes one listed error lets one more be listed.
 */
function newSyntaxErrors(before: FileReport, after: FileReport, edits: readonly TextEdit[]): Finding[] {
  const old = before.findings.filter((f) => f.rule === 'syntax-error');
  const cap = old.find(isCap);
  const listedUpTo = cap ? mapLeft(edits, cap.loc.start) : Number.POSITIVE_INFINITY;
  return after.findings.filter(
    (f) =>
      f.rule === 'syntax-error' &&
      f.loc.start < listedUpTo &&
      !old.some((o) => messageShape(o.message) === messageShape(f.message) && f.loc.start <= mapRight(edits, o.loc.end) && mapLeft(edits, o.loc.start) <= f.loc.end),
  );
}
