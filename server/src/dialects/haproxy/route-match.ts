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
import { joinedWordValues, lineKeyword, wordCount, wordEnd, wordIs, wordQuoted, wordStart, wordStartsWith, wordValue, type HaLine, type HaSection } from './syntax';

// A Map, not an object literal: a criterion such as `constructor` or `__proto__` must not find
// what every object inherits.
const CRITERIA: ReadonlyMap<string, Pick<RouteTest, 'sample' | 'kind'>> = new Map([
  ['path', { sample: 'path', kind: 'exact' }],
  ['path_beg', { sample: 'path', kind: 'prefix' }],
  ['hdr(host)', { sample: 'host', kind: 'exact' }],
  ['req.hdr(host)', { sample: 'host', kind: 'exact' }],
  ['hdr_beg(host)', { sample: 'host', kind: 'prefix' }],
]);

/** The criterion written as word `index`: compared in place when written in lower case, as nearly all are, else read and lowered. */
function criterionAt(line: HaLine, index: number): Pick<RouteTest, 'sample' | 'kind'> | undefined {
  for (const [name, criterion] of CRITERIA_LIST) if (wordIs(line, index, name)) return criterion;
  return CRITERIA.get(wordValue(line, index)!.toLowerCase());
}

const CRITERIA_LIST = [...CRITERIA];

/**
 * One test from a criterion and its flags and values, words `[from, to)` of `line`; undefined when
 * it is not one lb-drift reads. Read in place, through the word accessors: every ACL line of a
 * frontend comes here.
 */
function readTest(line: HaLine, from: number, to: number, name: string | undefined, file: string): RouteTest | undefined {
  const known = from < to ? criterionAt(line, from) : undefined;
  if (!known) return undefined;
  let kind = known.kind;
  let ignoreCase = false;
  let i = from + 1;
  // Values are read once, after the flags: a flag is told by its first character in place.
  for (; i < to && wordStartsWith(line, i, '-') && !wordQuoted(line, i); i++) {
    // Flags compared in place: most ACLs on the Host header have `-i`.
    if (wordIs(line, i, '--')) {
      i++;
      break;
    }
    if (wordIs(line, i, '-i')) ignoreCase = true;
    else if (wordIs(line, i, '-m') && i + 1 < to && (wordIs(line, i + 1, 'str') || wordIs(line, i + 1, 'beg'))) kind = wordIs(line, ++i, 'beg') ? 'prefix' : 'exact';
    else return undefined;
  }
  if (i >= to) return undefined;
  const values = new Array<string>(to - i);
  for (let v = i; v < to; v++) values[v - i] = wordValue(line, v)!;
  return new WrittenTest(known.sample, kind, values, ignoreCase, line, from, to, name, file);
}

/**
 * A route test read from its words. Rules read its sample, kind, values and case on every
 * analysis, but its text and location only for a finding they list (shadowed-route's message),
 * so those two are made from the words at their first read: a 10 MB file has 42,000 ACL tests,
 * which the model keeps. Its sample, kind and case are bits of one number with the criterion's
 * word index (read through getters on the prototype, as the text and location are): eight
 * fields where eleven were.
 */
class WrittenTest implements RouteTest {
  readonly values: readonly string[];
  readonly #line: HaLine;
  /** The criterion's word index times 8, plus HOST_SAMPLE, PREFIX_KIND and IGNORE_CASE. */
  readonly #bits: number;
  /** After the last value's word index. */
  readonly #to: number;
  /** The ACL's name (undefined or empty: an anonymous ACL, `{ path_beg /a }`). */
  readonly #name: string | undefined;
  readonly #file: string;
  #text: string | undefined;
  #loc: Loc | undefined;

  constructor(sample: RouteTest['sample'], kind: RouteTest['kind'], values: readonly string[], ignoreCase: boolean, line: HaLine, from: number, to: number, name: string | undefined, file: string) {
    this.values = values;
    this.#line = line;
    // Arithmetic rather than a shift: a word index past 2^28 still reads back.
    this.#bits = from * 8 + (sample === 'host' ? HOST_SAMPLE : 0) + (kind === 'prefix' ? PREFIX_KIND : 0) + (ignoreCase ? IGNORE_CASE : 0);
    this.#to = to;
    this.#name = name;
    this.#file = file;
  }

  get sample(): RouteTest['sample'] {
    return (this.#bits & HOST_SAMPLE) !== 0 ? 'host' : 'path';
  }

  get kind(): RouteTest['kind'] {
    return (this.#bits & PREFIX_KIND) !== 0 ? 'prefix' : 'exact';
  }

  get ignoreCase(): boolean {
    return (this.#bits & IGNORE_CASE) !== 0;
  }

  /** As written, with the ACL's name when it has one: `is_api (path_beg /api)`. */
  get text(): string {
    if (this.#text === undefined) {
      const written = joinedWordValues(this.#line, criterionIndex(this.#bits), this.#to);
      this.#text = this.#name ? flatText(this.#name, ' (', written, ')') : flatText('{ ', written, ' }');
    }
    return this.#text;
  }

  get loc(): Loc {
    return (this.#loc ??= { file: this.#file, start: wordStart(this.#line, criterionIndex(this.#bits)), end: wordEnd(this.#line, this.#to - 1) });
  }

  /** The fields in the order a test was written as a plain object. */
  toJSON(): RouteTest {
    return { sample: this.sample, kind: this.kind, values: this.values, ignoreCase: this.ignoreCase, text: this.text, loc: this.loc };
  }
}

/** The bits of `WrittenTest`'s number below its criterion's word index. */
const HOST_SAMPLE = 1;
const PREFIX_KIND = 2;
const IGNORE_CASE = 4;

/** The criterion's word index in a `WrittenTest`'s number (a function, not a private getter: that would give every test a brand field). */
function criterionIndex(bits: number): number {
  return Math.floor(bits / 8);
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
 * The tests of the condition being read, written from index 0 on: a condition's list is then made
 * once at its size (`slice`), where a list grown by `push` keeps room for 17 tests for as long as
 * the model lives (21,000 conditions in a 10 MB file, most of two tests).
 */
const READ_TESTS: RouteTest[] = [];
/** What an emptied slot of `READ_TESTS` holds: a placeholder, so the list never has holes. */
const EMPTIED: RouteTest = { sample: 'path', kind: 'exact', values: [], ignoreCase: false, text: '', loc: { file: '', start: 0, end: 0 } };

/**
 * Writes the tests of one `||` alternative, words `[from, to)` of `line`, to `READ_TESTS` from
 * `at`; returns the count after them, or -1 when the alternative cannot be read exactly.
 */
function readAlternative(line: HaLine, from: number, to: number, acls: Map<string, RouteTest[] | undefined>, at: number, file: string): number {
  const length = to - from;
  if (length === 1 && wordIs(line, from, 'TRUE')) return -1;
  if (length === 1) {
    const named = acls.get(wordValue(line, from)!);
    if (!named) return -1;
    for (let i = 0; i < named.length; i++) READ_TESTS[at++] = named[i]!;
    return at;
  }
  // One anonymous ACL; two terms in a row (`{ a } { b }`) must both hold, which is not read here.
  if (length < 3 || !wordIs(line, from, '{') || !wordIs(line, to - 1, '}')) return -1;
  for (let i = from + 1; i < to - 1; i++) if (wordIs(line, i, '{') || wordIs(line, i, '}')) return -1;
  const test = readTest(line, from + 1, to - 1, undefined, file);
  if (!test) return -1;
  READ_TESTS[at] = test;
  return at + 1;
}

/** The match of a `use_backend` line's condition (its words from the third), or undefined when it cannot be read exactly. */
function conditionMatch(line: HaLine, acls: Map<string, RouteTest[] | undefined>, file: string): RouteMatch | undefined {
  const count = wordCount(line);
  if (count <= 2) return { always: true, tests: [] };
  if (!wordIs(line, 2, 'if')) return undefined;
  let read = 0;
  let alternative = 3;
  for (let i = 3; i < count; i++) {
    // Compared in place: the words between the operators are ACL names, sliced once when looked up.
    if (!wordIs(line, i, '||') && !wordIs(line, i, 'or')) continue;
    const after = readAlternative(line, alternative, i, acls, read, file);
    if (after < 0) return takeTests(read, false);
    read = after;
    alternative = i + 1;
  }
  if (count === 4 && wordIs(line, 3, 'TRUE')) return { always: true, tests: [] };
  const after = readAlternative(line, alternative, count, acls, read, file);
  return after < 0 ? takeTests(read, false) : { always: false, tests: takeTests(after, true) };
}

/**
 * The first `count` tests written to `READ_TESTS` as a list of their own (`keep`), and the slots
 * emptied either way: a test holds its line, and so the text it was read from.
 */
function takeTests(count: number, keep: true): RouteTest[];
function takeTests(count: number, keep: false): undefined;
function takeTests(count: number, keep: boolean): RouteTest[] | undefined {
  const tests = keep ? READ_TESTS.slice(0, count) : undefined;
  for (let i = 0; i < count; i++) READ_TESTS[i] = EMPTIED;
  return tests;
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
