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

const CRITERIA: Readonly<Record<string, Pick<RouteTest, 'sample' | 'kind'>>> = {
  path: { sample: 'path', kind: 'exact' },
  path_beg: { sample: 'path', kind: 'prefix' },
  'hdr(host)': { sample: 'host', kind: 'exact' },
  'req.hdr(host)': { sample: 'host', kind: 'exact' },
  'hdr_beg(host)': { sample: 'host', kind: 'prefix' },
};

/** One test from a criterion and its flags and values; undefined when it is not one lb-drift reads. */
function readTest(words: readonly HaWord[], name: string | undefined, file: string): RouteTest | undefined {
  const [criterion, ...rest] = words;
  const known = criterion && CRITERIA[criterion.value.toLowerCase()];
  if (!known) return undefined;
  let kind = known.kind;
  let ignoreCase = false;
  let i = 0;
  for (; i < rest.length && rest[i]!.value.startsWith('-') && !rest[i]!.quoted; i++) {
    const flag = rest[i]!.value;
    if (flag === '--') {
      i++;
      break;
    }
    if (flag === '-i') ignoreCase = true;
    else if (flag === '-m' && (rest[i + 1]?.value === 'str' || rest[i + 1]?.value === 'beg')) kind = rest[++i]!.value === 'beg' ? 'prefix' : 'exact';
    else return undefined;
  }
  const values = rest.slice(i).map((w) => w.value);
  if (values.length === 0) return undefined;
  const written = words.map((w) => w.value).join(' ');
  const loc: Loc = { file, start: words[0]!.start, end: words[words.length - 1]!.end };
  return { sample: known.sample, kind, values, ignoreCase, text: name ? `${name} (${written})` : `{ ${written} }`, loc };
}

/** Each named ACL of a proxy section: its tests, or undefined when one of its lines is unreadable. */
function aclTable(section: HaSection, file: string): Map<string, RouteTest[] | undefined> {
  const table = new Map<string, RouteTest[] | undefined>();
  for (const line of section.lines) {
    if (!line.active || line.words[0]?.value !== 'acl' || !line.words[1]) continue;
    const name = line.words[1].value;
    const test = readTest(line.words.slice(2), name, file);
    const known = table.has(name) ? table.get(name) : [];
    table.set(name, known && test ? [...known, test] : undefined);
  }
  return table;
}

/** The match of a `use_backend` line's condition, or undefined when it cannot be read exactly. */
function conditionMatch(line: HaLine, acls: Map<string, RouteTest[] | undefined>, file: string): RouteMatch | undefined {
  const words = line.words.slice(2);
  if (words.length === 0) return { always: true, tests: [] };
  if (words[0]!.value !== 'if') return undefined;
  const tests: RouteTest[] = [];
  let alternative: HaWord[] = [];
  const close = (): boolean => {
    const term = alternative;
    alternative = [];
    if (term.length === 1 && term[0]!.value === 'TRUE') return false;
    if (term.length === 1) {
      const named = acls.get(term[0]!.value);
      if (!named) return false;
      tests.push(...named);
      return true;
    }
    // One anonymous ACL; two terms in a row (`{ a } { b }`) must both hold, which is not read here.
    const inner = term.slice(1, -1);
    if (term.length < 3 || term[0]!.value !== '{' || term[term.length - 1]!.value !== '}' || inner.some((w) => w.value === '{' || w.value === '}')) return false;
    const test = readTest(inner, undefined, file);
    if (test) tests.push(test);
    return test !== undefined;
  };
  for (const word of words.slice(1)) {
    if (word.value === '||' || word.value === 'or') {
      if (!close()) return undefined;
    } else alternative.push(word);
  }
  if (words.slice(1).some((w) => w.value === 'TRUE') && words.length === 2) return { always: true, tests: [] };
  return close() ? { always: false, tests } : undefined;
}

/**
 * A proxy section's references, each `use_backend` with the match of its condition when it is
 * readable. The ACLs a condition names are the section's own, so a section is read on its own
 * (and its lowering kept while other sections are edited).
 */
export function withSectionMatches(references: readonly Reference[], section: HaSection, file: string): readonly Reference[] {
  if (section.kind !== 'frontend' && section.kind !== 'listen') return references;
  if (!references.some((r) => r.kind === 'use_backend')) return references;
  const acls = aclTable(section, file);
  const matches = new Map<number, RouteMatch>();
  for (const line of section.lines) {
    if (!line.active || line.words[0]?.value !== 'use_backend') continue;
    const match = conditionMatch(line, acls, file);
    if (match) matches.set(line.start, match);
  }
  return references.map((r) => {
    const match = r.kind === 'use_backend' && r.loc.file === file ? matches.get(r.loc.start) : undefined;
    return match ? { ...r, match } : r;
  });
}
