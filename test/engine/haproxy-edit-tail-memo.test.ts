/**
 * An edit that moves the sections after it as an earlier edit did (a character typed and deleted
 * at one place, then typed again) takes that edit's moved sections, lowerings and walk lists for
 * them instead of moving and walking each section again (dialects/haproxy/tail-memo.ts). The
 * memo's version reads none of the later sections' lowerings, and every version equals a fresh
 * analysis, for type/delete pairs at random places mixed with other edits.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { noIncludes, type TextChange } from '../../server/src/core/dialect';
import { analyzeFile, type FileReport } from '../../server/src/engine/analyze';
import { edit, PRELUDE } from './haproxy-edit-fixture';

const ROOT = '/etc/haproxy/haproxy.cfg';
const options = { dialect: 'haproxy' as const };

const TEXT = `${PRELUDE}
${Array.from({ length: 12 }, (_, i) =>
  i % 3 === 0
    ? `frontend fe_${i}\n    bind :${8000 + i}\n    use_backend be_${i + 1} if { path /p${i} }\n    use_backend %[req.hdr(host)]\n    reqadd X-A:\\ b\n`
    : `backend be_${i}\n    balance ${i % 2 ? 'source' : 'roundrobin'}\n    server s${i}a 10.0.${i}.1:80 weight ${i} track be_${i % 2 ? 1 : 2}/s${i % 2 ? 1 : 2}a\n    server s${i}b 10.0.${i}.2:80\n`,
).join('\n')}`;

const fresh = (text: string) => analyzeFile({ path: ROOT, text }, noIncludes, options);

function outcome(report: FileReport): unknown {
  const model = report.model!;
  return JSON.parse(JSON.stringify({ findings: report.findings, problems: report.problems, model, shares: model.pools.map((pool) => report.shares(pool)) })) as unknown;
}

interface Version {
  readonly text: string;
  readonly report: FileReport;
}

function next(version: Version, change: TextChange, inserted: string): Version {
  const text = edit(version.text, change, inserted);
  return { text, report: analyzeFile({ path: ROOT, text }, noIncludes, { ...options, previous: version.report, change }) };
}

const typeAt = (at: number): TextChange => ({ start: at, oldEnd: at, newEnd: at + 1 });
const deleteAt = (at: number): TextChange => ({ start: at, oldEnd: at + 1, newEnd: at });

/** The dialect's incremental state (white box): its lowerings by section, and the inputs of its tail entries. */
function lowerings(report: FileReport): unknown[][] {
  const state = report.memo!.analysis.incremental as { lowerings: unknown[]; tails: { inputs: unknown[] }[] };
  return [state.lowerings, ...state.tails.map((entry) => entry.inputs)];
}

describe('HAProxy edits that move the later sections as an earlier edit did', () => {
  it('read none of the later lowerings', () => {
    const at = TEXT.indexOf('    server s1a');
    let version: Version = { text: TEXT, report: fresh(TEXT) };
    // Typed and deleted twice: the memo holds a tail for each direction, moved from these lowerings.
    for (let t = 0; t < 2; t++) version = next(next(version, typeAt(at), ' '), deleteAt(at), '');
    // Every lowering after the edited section, where the state and the memo hold it, counts the reads of its fields.
    let reads = 0;
    const lists = lowerings(version.report);
    for (let i = 5; i < lists[0]!.length; i++) {
      const lowering = lists[0]![i];
      if (!lowering || typeof lowering !== 'object') continue;
      const counted = new Proxy(lowering, {
        get(target, key, receiver) {
          reads++;
          return Reflect.get(target, key, receiver) as unknown;
        },
      });
      for (const list of lists) if (list[i] === lowering) list[i] = counted;
    }
    const again = next(version, typeAt(at), ' ');
    expect(reads).toBe(0);
    expect(outcome(again.report)).toEqual(outcome(fresh(again.text)));
    // Two characters typed there instead move the later sections by a length no tail was moved by: they are read.
    const twice = next(version, { start: at, oldEnd: at, newEnd: at + 2 }, '  ');
    expect(reads).toBeGreaterThan(0);
    expect(outcome(twice.report)).toEqual(outcome(fresh(twice.text)));
  });

  it('equal a fresh analysis after type/delete pairs at random places and other edits', () => {
    const place = (text: string, n: number) => {
      const starts: number[] = [];
      for (let at = text.indexOf('\n    ', text.indexOf('\nfrontend ')); at >= 0; at = text.indexOf('\n    ', at + 1)) starts.push(at + 1);
      return starts[n % starts.length]!;
    };
    const step = fc.oneof(
      fc.record({ kind: fc.constant('pair' as const), place: fc.nat(200), times: fc.integer({ min: 1, max: 3 }) }),
      fc.record({ kind: fc.constant('line' as const), place: fc.nat(200), line: fc.constantFrom('    use_backend be_4\n', '    server z 10.9.9.9:80\n', '    reqadd X-B:\\ c\n', '    use_backend %[path]\n') }),
    );
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 8 }), (steps) => {
        let version: Version = { text: TEXT, report: fresh(TEXT) };
        for (const s of steps) {
          const at = place(version.text, s.place);
          if (s.kind === 'line') {
            version = next(version, { start: at, oldEnd: at, newEnd: at + s.line.length }, s.line);
            expect(outcome(version.report)).toEqual(outcome(fresh(version.text)));
            continue;
          }
          for (let t = 0; t < s.times; t++) {
            version = next(version, typeAt(at), 'x');
            expect(outcome(version.report)).toEqual(outcome(fresh(version.text)));
            version = next(version, deleteAt(at), '');
            expect(outcome(version.report)).toEqual(outcome(fresh(version.text)));
          }
        }
      }),
      { numRuns: 40, seed: 1217 },
    );
  });
});
