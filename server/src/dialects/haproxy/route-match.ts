/**
 * Which requests a `use_backend` condition selects, for the conditions lb-drift can read exactly:
 * no condition, `TRUE`, or named and anonymous ACLs on the path or the Host header (`path`,
 * `path_beg`, `hdr(host)`, `hdr_beg(host)`, with `-i` and `-m str|beg`), joined by `||`. ACL
 * lines with one name are alternatives, as HAProxy reads them. Anything else (`unless`, `!`,
 * several terms that must all hold, other fetches, `-f` files, regular expressions) leaves the
 * reference without a match: it may select any request, and no rule reasons about it.
 */
import type { Loc } from '../../core/span';
import type { Reference, RouteMatch, RouteTest } from '../../core/model';
import type { HaLine, HaSection, HaWord } from './syntax';
import { flatText, joinedValues } from './flat-text';

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
 * One test from a criterion and its flags and values, `words[from, to)`; undefined when it is not
 * one lb-drift reads. Read in place: every ACL line of a frontend comes here.
 */
function readTest(words: readonly HaWord[], from: number, to: number, name: string | undefined, file: string): RouteTest | undefined {
  const criterion = from < to ? words[from] : undefined;
  const known = criterion && CRITERIA.get(criterion.value.toLowerCase());
  if (!known) return undefined;
  let kind = known.kind;
  let ignoreCase = false;
  let i = from + 1;
  for (; i < to && words[i]!.value.startsWith('-') && !words[i]!.quoted; i++) {
    const flag = words[i]!.value;
    if (flag === '--') {
      i++;
      break;
    }
    const next = i + 1 < to ? words[i + 1]!.value : undefined;
    if (flag === '-i') ignoreCase = true;
    else if (flag === '-m' && (next === 'str' || next === 'beg')) kind = words[++i]!.value === 'beg' ? 'prefix' : 'exact';
    else return undefined;
  }
  if (i >= to) return undefined;
  const values = new Array<string>(to - i);
  for (let v = i; v < to; v++) values[v - i] = words[v]!.value;
  const written = joinedValues(words, from, to);
  const loc: Loc = { file, start: words[from]!.start, end: words[to - 1]!.end };
  return { sample: known.sample, kind, values, ignoreCase, text: name ? flatText(name, ' (', written, ')') : flatText('{ ', written, ' }'), loc };
}

/** Each named ACL of a proxy section: its tests, or undefined when one of its lines is unreadable. */
function aclTable(section: HaSection, file: string): Map<string, RouteTest[] | undefined> {
  const table = new Map<string, RouteTest[] | undefined>();
  for (const line of section.lines) {
    if (!line.active || line.words[0]?.value !== 'acl' || !line.words[1]) continue;
    const name = line.words[1].value;
    const test = readTest(line.words, 2, line.words.length, name, file);
    const known = table.has(name) ? table.get(name) : [];
    if (known && test) {
      // The table's own list: growing it in place is the copy with the test added.
      known.push(test);
      table.set(name, known);
    } else table.set(name, undefined);
  }
  return table;
}

/**
 * Adds the tests of one `||` alternative, `words[from, to)`, to `tests`; false when it cannot be
 * read exactly.
 */
function readAlternative(words: readonly HaWord[], from: number, to: number, acls: Map<string, RouteTest[] | undefined>, tests: RouteTest[], file: string): boolean {
  const length = to - from;
  if (length === 1 && words[from]!.value === 'TRUE') return false;
  if (length === 1) {
    const named = acls.get(words[from]!.value);
    if (!named) return false;
    tests.push(...named);
    return true;
  }
  // One anonymous ACL; two terms in a row (`{ a } { b }`) must both hold, which is not read here.
  if (length < 3 || words[from]!.value !== '{' || words[to - 1]!.value !== '}') return false;
  for (let i = from + 1; i < to - 1; i++) if (words[i]!.value === '{' || words[i]!.value === '}') return false;
  const test = readTest(words, from + 1, to - 1, undefined, file);
  if (test) tests.push(test);
  return test !== undefined;
}

/** The match of a `use_backend` line's condition (its words from the third), or undefined when it cannot be read exactly. */
function conditionMatch(line: HaLine, acls: Map<string, RouteTest[] | undefined>, file: string): RouteMatch | undefined {
  const words = line.words;
  if (words.length <= 2) return { always: true, tests: [] };
  if (words[2]!.value !== 'if') return undefined;
  const tests: RouteTest[] = [];
  let alternative = 3;
  for (let i = 3; i < words.length; i++) {
    if (words[i]!.value !== '||' && words[i]!.value !== 'or') continue;
    if (!readAlternative(words, alternative, i, acls, tests, file)) return undefined;
    alternative = i + 1;
  }
  if (words.length === 4 && words[3]!.value === 'TRUE') return { always: true, tests: [] };
  return readAlternative(words, alternative, words.length, acls, tests, file) ? { always: false, tests } : undefined;
}

/**
 * A proxy section's references, each `use_backend` with the match of its condition when it is
 * readable. The ACLs a condition names are the section's own, so a section is read on its own
 * (and its lowering kept while other sections are edited). `references` are the section's, just
 * made: a match is added to them in place.
 */
export function withSectionMatches(references: Reference[], section: HaSection, file: string): readonly Reference[] {
  if (section.kind !== 'frontend' && section.kind !== 'listen') return references;
  if (!references.some((r) => r.kind === 'use_backend')) return references;
  const acls = aclTable(section, file);
  const matches = new Map<number, RouteMatch>();
  for (const line of section.lines) {
    if (!line.active || line.words[0]?.value !== 'use_backend') continue;
    const match = conditionMatch(line, acls, file);
    if (match) matches.set(line.start, match);
  }
  for (const r of references) {
    const match = r.kind === 'use_backend' && r.loc.file === file ? matches.get(r.loc.start) : undefined;
    if (match) (r as { match?: RouteMatch }).match = match;
  }
  return references;
}
