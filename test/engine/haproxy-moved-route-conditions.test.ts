/**
 * The use_backend rules of sections after an edit are moved views that make their route condition
 * when first read (moved-references.ts), and shadowed-route's memo of the last model knows such a
 * rule by the rule it was moved from (`movedFrom`) without reading its condition: a keystroke in a
 * backend reads no route condition of the file. An edit in a condition is still seen: the memo
 * reads the edited section's rules field by field. Findings are checked against what the text
 * says (the memo is shared by every analysis in the process, so a fresh analysis is no oracle).
 */
import { describe, expect, it } from 'vitest';
import { noIncludes, type TextChange } from '../../server/src/core/dialect';
import { movedFrom } from '../../server/src/core/moved-from';
import { analyzeFile, type FileReport } from '../../server/src/engine/analyze';
import { lastFindings } from '../../server/src/rules/haproxy/shadowed-route-model-memo';
import { countingReads, edit, EDITED_FIRST, options, ROOT } from './haproxy-edit-fixture';

const TEXT = `${EDITED_FIRST}
frontend www
    bind :80
    use_backend api if { path_beg /api }
    use_backend v1 if { path_beg /api/v1 }
    use_backend img if { hdr(host) -i img.example.com }
    default_backend api

backend api
    server a1 10.0.1.1:80

backend v1
    server v1 10.0.2.1:80

backend img
    server i1 10.0.3.1:80
`;

/** The shadowed-route findings of a report: the rule named and where it is. */
const shadowed = (report: FileReport) => report.findings.filter((f) => f.rule === 'shadowed-route').map((f) => [f.loc.start, f.message.slice(0, 48)]);

describe('HAProxy use_backend rules after an edit', () => {
  it('are known to shadowed-route by what they were moved from, without their conditions', () => {
    const first = analyzeFile({ path: ROOT, text: TEXT }, noIncludes, options);
    const at = TEXT.indexOf('    server e2');
    const change = { start: at, oldEnd: at, newEnd: at + 1 };
    const text = edit(TEXT, change, ' ');
    const once = analyzeFile({ path: ROOT, text }, noIncludes, { ...options, previous: first, change });
    // A second character: the frontend moved by two, views of the same references as at one.
    const twice = { start: at + 1, oldEnd: at + 1, newEnd: at + 2 };
    const text2 = edit(text, twice, ' ');
    const moved = analyzeFile({ path: ROOT, text: text2 }, noIncludes, { ...options, previous: once, change: twice });
    const rules = (report: FileReport) => report.model!.references.filter((r) => r.kind === 'use_backend');
    const references = rules(moved);
    expect(references.length).toBe(3);
    references.forEach((reference, i) => {
      expect(reference).not.toBe(rules(once)[i]);
      expect(movedFrom(reference)).not.toBe(reference);
      expect(movedFrom(reference)).toBe(movedFrom(rules(once)[i]!));
    });
    // The memo holds this model's answer: asked again, it reads no condition.
    const { items: watched, reads } = countingReads(moved.model!.references, ['match']);
    expect(lastFindings(watched)).toBeDefined();
    expect(reads()).toBe(0);
    // The one shadowed rule, where the text has it.
    expect(shadowed(moved)).toEqual([[text2.indexOf('use_backend v1'), 'use_backend v1 in frontend www never applies: { ']]);
    // Its condition, read now, is where the text has it.
    const test = references[1]!.match!.tests[0]!;
    expect(test.loc.start).toBe(text2.indexOf('path_beg /api/v1'));
    expect(text2.slice(test.loc.start, test.loc.end)).toBe('path_beg /api/v1');
    expect(test.values).toEqual(['/api/v1']);
  });

  it('still see an edit in a condition of a section after an earlier edit', () => {
    let text = TEXT;
    let previous = analyzeFile({ path: ROOT, text }, noIncludes, options);
    const step = (change: TextChange, inserted: string) => {
      text = edit(text, change, inserted);
      previous = analyzeFile({ path: ROOT, text }, noIncludes, { ...options, previous, change });
    };
    const typed = text.indexOf('    server e2');
    step({ start: typed, oldEnd: typed, newEnd: typed + 1 }, ' ');
    expect(shadowed(previous).length).toBe(1);
    // /api/v1 -> /xpi/v1: no longer under /api, so nothing is shadowed.
    const inCondition = text.indexOf('/api/v1') + 1;
    step({ start: inCondition, oldEnd: inCondition + 1, newEnd: inCondition + 1 }, 'x');
    expect(text).toContain('path_beg /xpi/v1');
    expect(shadowed(previous)).toEqual([]);
    // Typed back: shadowed again, at the rule's place in the text.
    step({ start: inCondition, oldEnd: inCondition + 1, newEnd: inCondition + 1 }, 'a');
    expect(shadowed(previous)).toEqual([[text.indexOf('use_backend v1'), 'use_backend v1 in frontend www never applies: { ']]);
    // An edit before the frontend again: the moved rules are known, the answer the same.
    step({ start: typed, oldEnd: typed + 1, newEnd: typed }, '');
    expect(shadowed(previous)).toEqual([[text.indexOf('use_backend v1'), 'use_backend v1 in frontend www never applies: { ']]);
  });
});
