/**
 * After an edit past the file's last global and defaults section, the lowering's walk over the
 * sections starts at the edited one: the model's lists (pools, references, `track` references,
 * dynamic `use_backend` names, directive notes, problems) start as the previous version's up to
 * that section (dialects/haproxy/lowering-walk.ts). Each version equals a fresh analysis of its
 * text, for random edits that add and remove every kind of contribution in sections before and
 * after earlier edits, and the references of the sections before an edit are the previous model's
 * objects (a walk over them would have resolved them again).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { noIncludes, type TextChange } from '../../server/src/core/dialect';
import { analyzeFile, type FileReport } from '../../server/src/engine/analyze';
import { edit, PRELUDE } from './haproxy-edit-fixture';

const ROOT = '/etc/haproxy/haproxy.cfg';
const options = { dialect: 'haproxy' as const };

const PROXIES = Array.from({ length: 8 }, (_, i) =>
  i % 4 === 1
    ? `frontend fe_${i}
    bind :${8000 + i}
    acl a${i} path_beg /p${i}
    use_backend be_${(i + 1) % 8} if a${i}
    default_backend be_${(i + 3) % 8}
`
    : `backend be_${i}
    balance ${['roundrobin', 'source', 'uri'][i % 3]}
    server s${i}a 10.0.${i}.1:80 weight ${i + 1} check
    server s${i}b 10.0.${i}.2:80${i % 2 ? ' backup' : ''}
`,
).join('\n');

const TEXT = `${PRELUDE}
${PROXIES}
listen li_9
    bind :9009
    server l1 10.9.0.1:80
`;

/** Lines that add one kind of contribution each: references, dynamic names, tracks, notes, problems, a pool of a frontend's name. */
const LINES = [
  '    use_backend be_2 if { path /x }\n',
  '    use_backend be_none\n',
  '    use_backend %[req.hdr(host),lower]\n',
  '    server t 10.1.1.1:80 track be_0/s0a\n',
  '    server t2 10.1.1.2:80 track be_missing/x\n',
  '    reqadd X-Foo:\\ bar\n',
  '    frobnicate yes\n',
  '    server bad\n',
  '    balance\n',
  '    default_backend be_6\n',
  '    stick-table type ip size 1k\n',
];

const fresh = (text: string) => analyzeFile({ path: ROOT, text }, noIncludes, options);

function outcome(report: FileReport): unknown {
  const model = report.model!;
  return JSON.parse(JSON.stringify({ findings: report.findings, problems: report.problems, model, shares: model.pools.map((pool) => report.shares(pool)) })) as unknown;
}

/** The starts of the body lines after the defaults section (each after a proxy section's header). */
function bodyLineStarts(text: string): number[] {
  const starts: number[] = [];
  const first = text.indexOf('\nfrontend ');
  for (let at = text.indexOf('\n    ', first); at >= 0; at = text.indexOf('\n    ', at + 1)) starts.push(at + 1);
  return starts;
}

type Step = { kind: 'insert'; place: number; line: number } | { kind: 'delete'; place: number } | { kind: 'type'; place: number; char: string };

function apply(text: string, step: Step): { text: string; change: TextChange } | undefined {
  const starts = bodyLineStarts(text);
  if (starts.length === 0) return undefined;
  const at = starts[step.place % starts.length]!;
  if (step.kind === 'insert') {
    const change = { start: at, oldEnd: at, newEnd: at + LINES[step.line % LINES.length]!.length };
    return { text: edit(text, change, LINES[step.line % LINES.length]!), change };
  }
  if (step.kind === 'delete') {
    const end = text.indexOf('\n', at) + 1;
    // Keep one line in every body, so no header meets the next one.
    if (text.startsWith('    ', end) === false && text.lastIndexOf('\n', at - 2) === text.lastIndexOf('\n', at - 1)) return undefined;
    const change = { start: at, oldEnd: end, newEnd: at };
    return { text: edit(text, change, ''), change };
  }
  const change = { start: at + 4, oldEnd: at + 4, newEnd: at + 5 };
  return { text: edit(text, change, step.char), change };
}

const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ kind: fc.constant('insert' as const), place: fc.nat(400), line: fc.nat(LINES.length - 1) }),
  fc.record({ kind: fc.constant('delete' as const), place: fc.nat(400) }),
  fc.record({ kind: fc.constant('type' as const), place: fc.nat(400), char: fc.constantFrom('x', ' ', '#', '1') }),
);

describe('HAProxy edits past the last defaults section', () => {
  it('equal a fresh analysis, the walk starting at the edited section', () => {
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 14 }), (steps) => {
        let text = TEXT;
        let report = fresh(text);
        for (const s of steps) {
          const next = apply(text, s);
          if (!next) continue;
          text = next.text;
          report = analyzeFile({ path: ROOT, text }, noIncludes, { ...options, previous: report, change: next.change });
          expect(outcome(report)).toEqual(outcome(fresh(text)));
        }
      }),
      { numRuns: 60, seed: 1213 },
    );
  });

  it('keep the previous model references of the sections before the edit', () => {
    // Lower fe_5 afresh (an edit in it), then edit the last backend: fe_1 and fe_5 lie before it.
    const first: TextChange = { start: TEXT.indexOf('    bind :8005'), oldEnd: TEXT.indexOf('    bind :8005'), newEnd: TEXT.indexOf('    bind :8005') + 1 };
    const text1 = edit(TEXT, first, ' ');
    const report1 = analyzeFile({ path: ROOT, text: text1 }, noIncludes, { ...options, previous: fresh(TEXT), change: first });
    const at = text1.indexOf('    server s7a');
    const second: TextChange = { start: at, oldEnd: at, newEnd: at + 1 };
    const text2 = edit(text1, second, ' ');
    const report2 = analyzeFile({ path: ROOT, text: text2 }, noIncludes, { ...options, previous: report1, change: second });
    const before = report1.model!.references.filter((r) => r.loc.start < at);
    expect(before.map((r) => r.name)).toEqual(['be_2', 'be_4', 'be_6', 'be_0']);
    expect(report2.model!.references.slice(0, before.length)).toEqual(before);
    for (let i = 0; i < before.length; i++) expect(report2.model!.references[i], before[i]!.name).toBe(before[i]);
    expect(outcome(report2)).toEqual(outcome(fresh(text2)));
  });
});
