/**
 * Checks of single lines against the keyword table: removed keywords and options (an error that
 * names the replacement), keywords or algorithms newer than the target version, missing
 * arguments, and the `balance` / `hash-type` arguments HAProxy rejects.
 */
import { checkBalance, checkHashType, balanceName } from './balance';
import { compareVersions } from './conditions';
import { isDigits } from './digits';
import { BALANCE_ALGORITHMS, HASH_FUNCTIONS, KEYWORDS, REMOVED_KEYWORDS, REMOVED_OPTIONS, type RemovedKeyword } from './keywords';
import { lineKeyword, wordAt, wordCount, wordEnd, wordIs, wordStart, wordValue, type HaLine, type SectionKind } from './syntax';
import { checkTimeout } from './time-values';
import type { SectionReport } from './section-report';
import { flatText } from './flat-text';

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

/** Where word `index` of `line` is: a note or problem keeps only its span, so no word object (and value) is made for it. */
function wordSpan(line: HaLine, index: number): { start: number; end: number } {
  return { start: wordStart(line, index), end: wordEnd(line, index) };
}

/**
 * The names of notes made of a prefix and a word (`balance random`): one shared string per name,
 * where a template literal made a rope of its two pieces per note. The words are those the
 * keyword tables know (a note is made only for them), so the map stays small.
 */
const NOTED_NAMES = new Map<string, Map<string, string>>();

function notedName(prefix: string, word: string): string {
  let names = NOTED_NAMES.get(prefix);
  if (!names) NOTED_NAMES.set(prefix, (names = new Map()));
  let name = names.get(word);
  if (name === undefined) names.set(word, (name = flatText(prefix, word)));
  return name;
}

/**
 * Judges one line of a `section` against the keyword table: problems go to `out`, and when it
 * records versions, version-dependent keywords are noted there instead of judged against `target`.
 * Every keyword line comes here: words are read through the accessors, and a word object is made
 * only for a problem or note that points at the word.
 */
export function validateLine(line: HaLine, section: SectionKind, target: string, out: SectionReport): void {
  const noting = out.recordsVersions;
  const keyword = lineKeyword(line)!;
  const args = wordCount(line) - 1;
  const removed = REMOVED_KEYWORDS.get(keyword);
  if (removed && noting) {
    out.note({ name: keyword, at: wordSpan(line, 0), removed: renameFits(removed, args) ? removed : { removedIn: removed.removedIn, replacement: removed.replacement } });
    return;
  }
  if (removed && compareVersions(target, removed.removedIn) >= 0) {
    out.problem(removedMessage(keyword, removed), wordSpan(line, 0));
    return;
  }
  const optionIndex = keyword === 'option' ? 1 : keyword === 'no' && wordIs(line, 1, 'option') ? 2 : -1;
  const option = optionIndex > 0 ? wordValue(line, optionIndex) : undefined;
  const removedOption = option !== undefined ? REMOVED_OPTIONS.get(option) : undefined;
  if (removedOption && noting) {
    out.note({ name: notedName('option ', option!), at: { start: wordStart(line, 0), end: wordEnd(line, optionIndex) }, removed: removedOption });
    return;
  }
  if (removedOption && compareVersions(target, removedOption.removedIn) >= 0) {
    out.problem(removedMessage(`option ${option}`, removedOption), { start: wordStart(line, 0), end: wordEnd(line, optionIndex) });
    return;
  }
  const spec = KEYWORDS.get(keyword);
  if (!spec || !spec.sections.includes(section)) return;
  if (noting && spec.since) out.note({ name: keyword, at: wordSpan(line, 0), since: spec.since });
  if (!noting && isTooNew(spec.since, target)) {
    out.problem(tooNewMessage(`"${keyword}"`, spec.since, target), wordSpan(line, 0));
    return;
  }
  if (spec.minArgs !== undefined && args < spec.minArgs) {
    out.problem(`"${keyword}" expects at least ${spec.minArgs} argument${spec.minArgs === 1 ? '' : 's'}`, line);
    return;
  }
  if (keyword === 'use-server' && !(args >= 3 && (wordIs(line, 2, 'if') || wordIs(line, 2, 'unless')))) {
    const server = wordValue(line, 1)!;
    out.problem(`"use-server ${server}" needs a condition, or HAProxy refuses to start: write use-server ${server} if CONDITION (if TRUE for every request)`, line);
    return;
  }
  const timeoutProblem = keyword === 'timeout' ? checkTimeout(line) : undefined;
  if (timeoutProblem) {
    out.problem(timeoutProblem.message, timeoutProblem.at);
    return;
  }
  const problem = keyword === 'balance' ? checkBalance(line) : keyword === 'hash-type' ? checkHashType(line) : undefined;
  if (problem) {
    out.problem(problem.message, problem.at === 'line' ? line : wordAt(line, problem.at) ?? line);
    return;
  }
  // Word 1 is read only for the keywords that judge it: on a server line it is the server's name.
  const first = keyword === 'balance' || keyword === 'hash-balance-factor' ? wordValue(line, 1) : undefined;
  if (keyword === 'balance' && first !== undefined) {
    const name = balanceName(first);
    const since = BALANCE_ALGORITHMS.get(name)?.since;
    if (noting && since) out.note({ name: notedName('balance ', name), at: wordSpan(line, 1), since });
    if (!noting && isTooNew(since, target)) out.problem(tooNewMessage(`balance ${name}`, since, target), wordSpan(line, 1));
  }
  const hashFunction = keyword === 'hash-type' ? wordValue(line, 2) : undefined;
  if (hashFunction !== undefined) {
    const since = HASH_FUNCTIONS.get(hashFunction)?.since;
    if (noting && since) out.note({ name: notedName('hash function ', hashFunction), at: wordSpan(line, 2), since });
    if (!noting && isTooNew(since, target)) out.problem(tooNewMessage(`hash function ${hashFunction}`, since, target), wordSpan(line, 2));
  }
  if (keyword === 'hash-balance-factor' && first !== undefined) {
    const factor = Number(first);
    if (!isDigits(first) || (factor !== 0 && factor <= 100)) {
      out.problem(`hash-balance-factor must be 0 or an integer greater than 100 (got "${first}")`, wordSpan(line, 1));
    }
  }
}
