/**
 * Text typed in one HAProxy section and deleted again moves every later section by nothing: the
 * later sections' lowerings are then the ones they had before the typing (the same pools,
 * references and notes), not views moved by zero, so the memoised whole-model rules meet the
 * objects they read before. Views of later sections (typing not undone) read like fresh objects:
 * their notes' and route tests' locations, read field by field, are where the text has them, and
 * their health serialises as a fresh pool's, key order included.
 */
import { describe, expect, it } from 'vitest';
import { noIncludes } from '../../server/src/core/dialect';
import type { DirectiveNote, Reference, RouteTest } from '../../server/src/core/model';
import { analyzeFile, type FileReport } from '../../server/src/engine/analyze';

const ROOT = '/etc/haproxy/haproxy.cfg';
const options = { dialect: 'haproxy' as const };

const TEXT = `global
    maxconn 100

defaults
    mode http
    timeout connect 5s
    timeout client 30s
    timeout server 30s

backend edited
    server e1 10.0.0.1:80
    server e2 10.0.0.2:80

frontend www
    bind :80
    acl is_api path_beg /api
    use_backend api if is_api || { hdr(host) -i api.example.com }
    default_backend later

backend api
    balance first
    server p1 10.0.2.1:80
    server p2 10.0.2.2:80

backend later
    balance roundrobin
    server-template web 1-3 10.0.3.1:80 check
`;

const fresh = (text: string) => analyzeFile({ path: ROOT, text }, noIncludes, options);
const plain = (report: FileReport): unknown =>
  JSON.parse(JSON.stringify({ findings: report.findings, problems: report.problems, references: report.model?.references, notes: report.model?.directiveNotes, pools: report.model?.pools }));

/** Where `needle` is in `text` (after `from`), as the model's locations count: an independent oracle. */
function at(text: string, needle: string, from = 0): { start: number; end: number } {
  const start = text.indexOf(needle, from);
  expect(start, needle).toBeGreaterThanOrEqual(0);
  return { start, end: start + needle.length };
}

/** The notes and route tests after the edited backend, with their locations read one field at a time. */
function locationsRead(report: FileReport): unknown {
  const notes = (report.model?.directiveNotes ?? []).map((note: DirectiveNote) => [note.name, note.loc.start, note.loc.end, note.context]);
  const tests = (report.model?.references ?? []).flatMap((reference: Reference) => (reference.match?.tests ?? []).map((test: RouteTest) => [test.text, test.loc.start, test.loc.end, test.values]));
  return { notes, tests };
}

describe('HAProxy edits undone and moved views', () => {
  it('lends the later sections their own lowerings again when typing is deleted', () => {
    const typedAt = TEXT.indexOf('    server e2');
    const typed = TEXT.slice(0, typedAt) + ' ' + TEXT.slice(typedAt);
    const first = fresh(TEXT);
    const moved = analyzeFile({ path: ROOT, text: typed }, noIncludes, { ...options, previous: first, change: { start: typedAt, oldEnd: typedAt, newEnd: typedAt + 1 } });
    const undone = analyzeFile({ path: ROOT, text: TEXT }, noIncludes, { ...options, previous: moved, change: { start: typedAt, oldEnd: typedAt + 1, newEnd: typedAt } });
    expect(plain(moved)).toEqual(plain(fresh(typed)));
    expect(plain(undone)).toEqual(plain(fresh(TEXT)));
    const later = (report: FileReport) => report.model!.pools.filter((p) => p.name !== 'edited');
    // Moved by one, the later pools are views; moved back, they are the first analysis' pools.
    later(moved).forEach((pool, i) => expect(pool).not.toBe(later(first)[i]));
    later(undone).forEach((pool, i) => expect(pool).toBe(later(first)[i]));
    const notesOf = (report: FileReport) => report.model!.directiveNotes!;
    notesOf(undone).forEach((note, i) => expect(note).toBe(notesOf(first)[i]));
    const testsOf = (report: FileReport) => report.model!.references.flatMap((r) => r.match?.tests ?? []);
    expect(testsOf(undone).length).toBe(2);
    testsOf(undone).forEach((test, i) => expect(test).toBe(testsOf(first)[i]));
    // The spliced parse the next edit starts from holds the first parse's later sections again.
    const sectionsOf = (report: FileReport) => (report.memo!.analysis.incremental as { parse: { syntax: { sections: readonly object[] } } }).parse.syntax.sections;
    expect(sectionsOf(undone).length).toBe(6);
    sectionsOf(undone).slice(3).forEach((section, i) => expect(section).toBe(sectionsOf(first).slice(3)[i]));
  });

  it('reads moved notes and route tests where the text has them, field by field', () => {
    let previous = fresh(TEXT);
    let text = TEXT;
    // Typing three characters one at a time, then deleting two: every version is a moved one.
    const typedAt = TEXT.indexOf('    server e2');
    const steps = [
      { start: typedAt, oldEnd: typedAt, newEnd: typedAt + 1, text: ' ' },
      { start: typedAt + 1, oldEnd: typedAt + 1, newEnd: typedAt + 2, text: ' ' },
      { start: typedAt + 2, oldEnd: typedAt + 2, newEnd: typedAt + 3, text: ' ' },
      { start: typedAt + 2, oldEnd: typedAt + 3, newEnd: typedAt + 2, text: '' },
      { start: typedAt + 1, oldEnd: typedAt + 2, newEnd: typedAt + 1, text: '' },
    ];
    for (const step of steps) {
      text = text.slice(0, step.start) + step.text + text.slice(step.oldEnd);
      const next = analyzeFile({ path: ROOT, text }, noIncludes, { ...options, previous, change: step });
      expect(plain(next)).toEqual(plain(fresh(text)));
      expect(locationsRead(next)).toEqual(locationsRead(fresh(text)));
      // Serialised byte for byte as a fresh pool's (toEqual ignores the order of keys).
      const healthJson = (report: FileReport) => report.model!.pools.map((pool) => JSON.stringify(pool.health));
      expect(healthJson(next)).toEqual(healthJson(fresh(text)));
      expect(healthJson(next).some((json) => json.includes('activeLoc'))).toBe(true);
      // Independent of any analysis: the notes and tests are where the text has them.
      const { notes, tests } = locationsRead(next) as { notes: [string, number, number][]; tests: [string, number, number][] };
      expect(notes.map(([name, start, end]) => [name, start, end])).toEqual([
        // A balance note names the algorithm's word.
        ['balance first', at(text, 'first', at(text, 'balance first').start).start, at(text, 'balance first').end],
        ['server-template', at(text, 'server-template').start, at(text, 'server-template').end],
      ]);
      expect(tests.map(([, start]) => start)).toEqual([at(text, 'path_beg /api').start, at(text, 'hdr(host) -i').start]);
      previous = next;
    }
  });
});
