/**
 * Checks of single lines against the keyword table: removed keywords and options (an error that
 * names the replacement), keywords or algorithms newer than the target version, missing
 * arguments, and the `balance` / `hash-type` arguments HAProxy rejects.
 */
import { checkBalance, checkHashType, balanceName } from './balance';
import { compareVersions } from './conditions';
import { isDigits } from './digits';
import { BALANCE_ALGORITHMS, HASH_FUNCTIONS, KEYWORDS, REMOVED_KEYWORDS, REMOVED_OPTIONS, type RemovedKeyword } from './keywords';
import type { HaLine, SectionKind } from './syntax';
import { checkTimeout } from './time-values';
import type { SectionReport } from './section-report';

/** A keyword whose acceptance depends on the HAProxy version, for a rule to judge against the target. */
export interface VersionNote {
  readonly name: string;
  readonly at: { start: number; end: number };
  readonly since?: string;
  readonly removed?: RemovedKeyword;
}

function removedMessage(what: string, removed: RemovedKeyword): string {
  return `"${what}" was removed in HAProxy ${removed.removedIn}: use ${removed.replacement} instead`;
}

/**
 * Whether `since` is newer than the target. The message is written by the caller only then: a
 * closure to write it lazily would cost every line checked a context object.
 */
function isTooNew(since: string | undefined, target: string): since is string {
  return since !== undefined && compareVersions(target, since) < 0;
}

function tooNewMessage(what: string, since: string, target: string): string {
  return `${what} needs HAProxy ${since} or newer, and the target version is ${target} (set haproxy.version in .lb-drift.yaml if you run a newer HAProxy)`;
}

/**
 * Whether renaming a removed keyword gives a line its replacement accepts: `contimeout` alone
 * would become `timeout connect` without a value, which HAProxy refuses too, so no rename is
 * offered for it (fuzz case haproxy--fix-parses--fix-all--*, seed 203207595).
 */
function renameFits(removed: RemovedKeyword, args: number): boolean {
  if (!removed.rename) return false;
  const [keyword, ...fixed] = removed.rename.split(' ');
  const minArgs = KEYWORDS.get(keyword!)?.minArgs ?? 0;
  return fixed.length + args >= minArgs;
}

/**
 * Judges one line of a `section` against the keyword table: problems go to `out`, and when it
 * records versions, version-dependent keywords are noted there instead of judged against `target`.
 */
export function validateLine(line: HaLine, section: SectionKind, target: string, out: SectionReport): void {
  const noting = out.recordsVersions;
  const words = line.words;
  const keyword = words[0]!;
  const removed = REMOVED_KEYWORDS.get(keyword.value);
  if (removed && noting) {
    out.note({ name: keyword.value, at: keyword, removed: renameFits(removed, words.length - 1) ? removed : { removedIn: removed.removedIn, replacement: removed.replacement } });
    return;
  }
  if (removed && compareVersions(target, removed.removedIn) >= 0) {
    out.problem(removedMessage(keyword.value, removed), keyword);
    return;
  }
  const optionWord = keyword.value === 'option' ? words[1] : keyword.value === 'no' && words[1]?.value === 'option' ? words[2] : undefined;
  const removedOption = optionWord ? REMOVED_OPTIONS.get(optionWord.value) : undefined;
  if (optionWord && removedOption && noting) {
    out.note({ name: `option ${optionWord.value}`, at: { start: keyword.start, end: optionWord.end }, removed: removedOption });
    return;
  }
  if (optionWord && removedOption && compareVersions(target, removedOption.removedIn) >= 0) {
    out.problem(removedMessage(`option ${optionWord.value}`, removedOption), { start: keyword.start, end: optionWord.end });
    return;
  }
  const spec = KEYWORDS.get(keyword.value);
  if (!spec || !spec.sections.includes(section)) return;
  if (noting && spec.since) out.note({ name: keyword.value, at: keyword, since: spec.since });
  if (!noting && isTooNew(spec.since, target)) {
    out.problem(tooNewMessage(`"${keyword.value}"`, spec.since, target), keyword);
    return;
  }
  if (spec.minArgs !== undefined && words.length - 1 < spec.minArgs) {
    out.problem(`"${keyword.value}" expects at least ${spec.minArgs} argument${spec.minArgs === 1 ? '' : 's'}`, line);
    return;
  }
  if (keyword.value === 'use-server' && !(words.length >= 4 && (words[2]!.value === 'if' || words[2]!.value === 'unless'))) {
    out.problem(`"use-server ${words[1]!.value}" needs a condition, or HAProxy refuses to start: write use-server ${words[1]!.value} if CONDITION (if TRUE for every request)`, line);
    return;
  }
  const timeoutProblem = keyword.value === 'timeout' ? checkTimeout(line) : undefined;
  if (timeoutProblem) {
    out.problem(timeoutProblem.message, timeoutProblem.at);
    return;
  }
  const problem = keyword.value === 'balance' ? checkBalance(line) : keyword.value === 'hash-type' ? checkHashType(line) : undefined;
  if (problem) {
    out.problem(problem.message, problem.at === 'line' ? line : words[problem.at] ?? line);
    return;
  }
  if (keyword.value === 'balance' && words[1]) {
    const name = balanceName(words[1].value);
    const since = BALANCE_ALGORITHMS.get(name)?.since;
    if (noting && since) out.note({ name: `balance ${name}`, at: words[1], since });
    if (!noting && isTooNew(since, target)) out.problem(tooNewMessage(`balance ${name}`, since, target), words[1]);
  }
  if (keyword.value === 'hash-type' && words[2]) {
    const since = HASH_FUNCTIONS.get(words[2].value)?.since;
    if (noting && since) out.note({ name: `hash function ${words[2].value}`, at: words[2], since });
    if (!noting && isTooNew(since, target)) out.problem(tooNewMessage(`hash function ${words[2].value}`, since, target), words[2]);
  }
  if (keyword.value === 'hash-balance-factor' && words[1]) {
    const factor = Number(words[1].value);
    if (!isDigits(words[1].value) || (factor !== 0 && factor <= 100)) {
      out.problem(`hash-balance-factor must be 0 or an integer greater than 100 (got "${words[1].value}")`, words[1]);
    }
  }
}
