/**
 * Which requests a `use_backend` condition selects, for the conditions lb-drift can read exactly:
 * no condition, `TRUE`, or named and anonymous ACLs on the path or the Host header (`path`,
 * `path_beg`, `hdr(host)`, `hdr_beg(host)`, with `-i` and `-m str|beg`), joined by `||`. ACL
 * lines with one name are alternatives, as HAProxy reads them. Anything else (`unless`, `!`,
 * several terms that must all hold, other fetches, `-f` files, regular expressions) leaves the
 * reference without a match: it may select any request, and no rule reasons about it.
 */
import type { Loc } from '../../core/span';
import type { RouteMatch, RouteTest } from '../../core/model';
import { flatText } from './flat-text';
import { joinedWordValues, lineKeyword, wordCount, wordEnd, wordQuoted, wordStart, wordValue, type HaLine, type HaSection } from './syntax';

// A Map, not an object literal: a criterion such as `constructor` or `__proto__` must not find
// what every object inherits.
const CRITERIA: ReadonlyMap<string, Pick<RouteTest, 'sample' | 'kind'>> = new Map([
  ['path', { sample: 'path', kind: 'exact' }],
  ['path_beg', { sample: 'path', kind: 'prefix' }],
  ['hdr(host)', { sample: 'host', kind: 'exact' }],
  ['req.hdr(host)', { sample: 'host', kind: 'exact' }],
  ['hdr_beg(host)', { sample: 'host', kind: 'prefix' }],
]);

/**
 * One test from a criterion and its flags and values, words `[from, to)` of `line`; undefined when
 * it is not one lb-drift reads. Read in place, through the word accessors: every ACL line of a
 * frontend comes here.
 */
function readTest(line: HaLine, from: number, to: number, name: string | undefined, file: string): RouteTest | undefined {
  const criterion = from < to ? wordValue(line, from) : undefined;
  const known = criterion !== undefined ? CRITERIA.get(criterion.toLowerCase()) : undefined;
  if (!known) return undefined;
  let kind = known.kind;
  let ignoreCase = false;
  let i = from + 1;
  for (; i < to && wordValue(line, i)!.startsWith('-') && !wordQuoted(line, i); i++) {
    const flag = wordValue(line, i)!;
    if (flag === '--') {
      i++;
      break;
    }
    const next = i + 1 < to ? wordValue(line, i + 1) : undefined;
    if (flag === '-i') ignoreCase = true;
    else if (flag === '-m' && (next === 'str' || next === 'beg')) kind = wordValue(line, ++i) === 'beg' ? 'prefix' : 'exact';
    else return undefined;
  }
  if (i >= to) return undefined;
  const values = new Array<string>(to - i);
  for (let v = i; v < to; v++) values[v - i] = wordValue(line, v)!;
  const written = joinedWordValues(line, from, to);
  const loc: Loc = { file, start: wordStart(line, from), end: wordEnd(line, to - 1) };
  return { sample: known.sample, kind, values, ignoreCase, text: name ? flatText(name, ' (', written, ')') : flatText('{ ', written, ' }'), loc };
}

/** Each named ACL of a proxy section: its tests, or undefined when one of its lines is unreadable. */
function aclTable(section: HaSection, file: string): Map<string, RouteTest[] | undefined> {
  const table = new Map<string, RouteTest[] | undefined>();
  for (const line of section.lines) {
    if (!line.active || lineKeyword(line) !== 'acl' || wordCount(line) < 2) continue;
    const name = wordValue(line, 1)!;
    const test = readTest(line, 2, wordCount(line), name, file);
    // A name's first line makes its list at its size (an empty list grown by a push keeps room
    // for 17); a later one grows the table's own list in place, which is the copy with the test added.
    if (!table.has(name)) {
      table.set(name, test ? [test] : undefined);
      continue;
    }
    const known = table.get(name);
    if (known && test) known.push(test);
    else table.set(name, undefined);
  }
  return table;
}

/**
 * Adds the tests of one `||` alternative, words `[from, to)` of `line`, to `tests`; false when it
 * cannot be read exactly.
 */
function readAlternative(line: HaLine, from: number, to: number, acls: Map<string, RouteTest[] | undefined>, tests: RouteTest[], file: string): boolean {
  const length = to - from;
  if (length === 1 && wordValue(line, from) === 'TRUE') return false;
  if (length === 1) {
    const named = acls.get(wordValue(line, from)!);
    if (!named) return false;
    tests.push(...named);
    return true;
  }
  // One anonymous ACL; two terms in a row (`{ a } { b }`) must both hold, which is not read here.
  if (length < 3 || wordValue(line, from) !== '{' || wordValue(line, to - 1) !== '}') return false;
  for (let i = from + 1; i < to - 1; i++) if (wordValue(line, i) === '{' || wordValue(line, i) === '}') return false;
  const test = readTest(line, from + 1, to - 1, undefined, file);
  if (test) tests.push(test);
  return test !== undefined;
}

/** The match of a `use_backend` line's condition (its words from the third), or undefined when it cannot be read exactly. */
function conditionMatch(line: HaLine, acls: Map<string, RouteTest[] | undefined>, file: string): RouteMatch | undefined {
  const count = wordCount(line);
  if (count <= 2) return { always: true, tests: [] };
  if (wordValue(line, 2) !== 'if') return undefined;
  const tests: RouteTest[] = [];
  let alternative = 3;
  for (let i = 3; i < count; i++) {
    const word = wordValue(line, i);
    if (word !== '||' && word !== 'or') continue;
    if (!readAlternative(line, alternative, i, acls, tests, file)) return undefined;
    alternative = i + 1;
  }
  if (count === 4 && wordValue(line, 3) === 'TRUE') return { always: true, tests: [] };
  return readAlternative(line, alternative, count, acls, tests, file) ? { always: false, tests } : undefined;
}

/**
 * The route conditions of one frontend or listen section: the match of each `use_backend` line's
 * condition, read against the section's own ACLs (so a section is read on its own, and its
 * lowering kept while other sections are edited). The ACL table is read at the first condition
 * asked for, as sections without `use_backend` lines have none to read.
 */
export class SectionConditions {
  #acls: Map<string, RouteTest[] | undefined> | undefined;

  constructor(
    private readonly section: HaSection,
    private readonly file: string,
  ) {}

  /** The requests the condition of a `use_backend` line selects, or undefined when it cannot be read exactly. */
  match(line: HaLine): RouteMatch | undefined {
    return conditionMatch(line, (this.#acls ??= aclTable(this.section, this.file)), this.file);
  }
}

/** The conditions of a section whose `use_backend` lines route by them (a frontend or listen), else undefined. */
export function sectionConditions(section: HaSection, file: string): SectionConditions | undefined {
  return section.kind === 'frontend' || section.kind === 'listen' ? new SectionConditions(section, file) : undefined;
}
