/**
 * The pools and references of sections after an edit are moved views (shift.ts,
 * moved-references.ts), and unused-pool's memo of the last model (rules/haproxy/unused-backends.ts,
 * core/flat-reads.ts) knows each by the item it was moved from (`movedFrom`) without reading its
 * fields: a keystroke reads no pool key or reference target of the sections after it. An edit that
 * changes what is used is still seen: the edited section's items are read field by field.
 * Findings are checked against what the text says (the memo is shared by every analysis in the
 * process, so a fresh analysis is no oracle).
 */
import { describe, expect, it } from 'vitest';
import { noIncludes, type TextChange } from '../../server/src/core/dialect';
import { movedFrom } from '../../server/src/core/moved-from';
import { analyzeFile, type FileReport } from '../../server/src/engine/analyze';
import { unusedBackends } from '../../server/src/rules/haproxy/unused-backends';
import { countingReads, edit, EDITED_FIRST, options, ROOT } from './haproxy-edit-fixture';

const TEXT = `${EDITED_FIRST}
frontend www
    bind :80
    use_backend api if { path_beg /api }
    default_backend web

backend api
    server a1 10.0.1.1:80

backend web
    server w1 10.0.2.1:80

backend spare
    server s1 10.0.3.1:80
`;

/** The unused-pool findings of a report: where each is, and the backend it names. */
const unused = (report: FileReport, text: string) => report.findings.filter((f) => f.rule === 'unused-pool').map((f) => [f.loc.start, text.slice(f.loc.start, f.loc.end)]);

describe('HAProxy pools and references after an edit', () => {
  it('are known to unused-pool by what they were moved from, without their fields', () => {
    let text = TEXT;
    let previous = analyzeFile({ path: ROOT, text }, noIncludes, options);
    const at = TEXT.indexOf('    server e2');
    for (let i = 0; i < 2; i++) {
      const change = { start: at + i, oldEnd: at + i, newEnd: at + i + 1 };
      text = edit(text, change, ' ');
      previous = analyzeFile({ path: ROOT, text }, noIncludes, { ...options, previous, change });
    }
    const later = previous.model!.pools.filter((pool) => pool.name !== 'edited');
    expect(later.length).toBe(3);
    later.forEach((pool) => expect(movedFrom(pool)).not.toBe(pool));
    // `edited` and `spare` are unused, where the text names them.
    const named = (name: string) => [text.indexOf(`backend ${name}\n`) + 'backend '.length, name];
    expect(unused(previous, text)).toEqual([named('edited'), named('spare')]);
    // The memo holds this model's answer: asked again, it reads no field of any pool or reference.
    const fields = ['key', 'name', 'context', 'kind', 'pool'];
    const pools = countingReads(previous.model!.pools, fields);
    const references = countingReads(previous.model!.references, fields);
    const model = { ...previous.model!, pools: pools.items, references: references.items };
    const reads = () => pools.reads() + references.reads();
    expect(unusedBackends(model).map((i) => previous.model!.pools[i]!.name)).toEqual(['edited', 'spare']);
    expect(reads()).toBe(0);
  });

  it('still see a reference changed in a section after an earlier edit', () => {
    let text = TEXT;
    let previous = analyzeFile({ path: ROOT, text }, noIncludes, options);
    const step = (change: TextChange, inserted: string) => {
      text = edit(text, change, inserted);
      previous = analyzeFile({ path: ROOT, text }, noIncludes, { ...options, previous, change });
    };
    const typed = text.indexOf('    server e2');
    const named = (name: string) => [text.indexOf(`backend ${name}\n`) + 'backend '.length, name];
    step({ start: typed, oldEnd: typed, newEnd: typed + 1 }, ' ');
    expect(unused(previous, text)).toEqual([named('edited'), named('spare')]);
    // default_backend web -> spare: web is unused now, spare used.
    const target = text.indexOf('default_backend web') + 'default_backend '.length;
    step({ start: target, oldEnd: target + 3, newEnd: target + 5 }, 'spare');
    expect(unused(previous, text)).toEqual([named('edited'), named('web')]);
    // An edit before the frontend again: the moved items are known, the answer the same.
    step({ start: typed, oldEnd: typed + 1, newEnd: typed }, '');
    expect(unused(previous, text)).toEqual([named('edited'), named('web')]);
  });
});
