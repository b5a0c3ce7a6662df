/**
 * Sections after an edit are views of their lowerings moved by the edits since (shift.ts). Edits
 * after the file's last defaults section move every location of a later section by the same
 * length, so its view keeps one move however many places were edited (before, a ninth place
 * edited in turn lowered every later section again), and a section moved by the same length as
 * the last time (a character typed and deleted, anywhere before it) gets the same view again,
 * so the memoised whole-model rules meet the objects they read before. Edits before a defaults
 * section keep their list of moves. Each version equals a fresh analysis, locations read field by
 * field are where the text has them, and a version's model reads the same after later versions
 * shared its views.
 */
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { noIncludes, type TextChange } from '../../server/src/core/dialect';
import type { Pool } from '../../server/src/core/model';
import { analyzeFile, type FileReport } from '../../server/src/engine/analyze';

const ROOT = '/etc/haproxy/haproxy.cfg';
const options = { dialect: 'haproxy' as const };

const BACKENDS = Array.from(
  { length: 10 },
  (_, i) => `backend be_${i}
    balance ${['roundrobin', 'source', 'uri', 'first'][i % 4]}
${i % 3 === 0 ? '    hash-type consistent\n' : ''}    server s${i}a 10.0.${i}.1:80 weight ${i + 1} check
    server s${i}b 10.0.${i}.2:80${i % 2 ? ' backup' : ''}
`,
).join('\n');

/** A frontend and a backend before a defaults section (edits there move inherited locations apart), the rest after it. */
const TEXT = `frontend fe_top
    bind :80
    acl api path_beg /api
    use_backend be_0 if api
    use_backend be_1 if api
    default_backend be_top

backend be_top
    server t1 10.9.0.1:80 weight 2
    server t2 10.9.0.2:80

defaults
    mode http
    timeout connect 5s
    timeout client 30s
    timeout server 30s
    default-server inter 2s

frontend fe_main
    bind :81
    acl img hdr(host) -i img.example.com
    use_backend be_2 if img
    use_backend be_3 if img || { path /old }
    default_backend be_missing

${BACKENDS}`;

const fresh = (text: string) => analyzeFile({ path: ROOT, text }, noIncludes, options);

/** What a report says, as JSON: findings, problems, the model (pools with their members, facts and health) and shares. */
function outcome(report: FileReport): unknown {
  const model = report.model!;
  return JSON.parse(
    JSON.stringify({
      findings: report.findings,
      problems: report.problems,
      model,
      shares: model.pools.map((pool) => report.shares(pool)),
    }),
  ) as unknown;
}

/** Where each pool and its first member are, read one field at a time, against where the text has them (an oracle of its own). */
function expectLocationsInText(report: FileReport, text: string): void {
  for (const pool of report.model!.pools) {
    expect(pool.loc.start, pool.name).toBe(text.indexOf(`\nbackend ${pool.name}\n`) + 1);
    const member = pool.members[0]!;
    expect(text.slice(member.loc.start, member.loc.end).startsWith(`server ${member.name} `), pool.name).toBe(true);
  }
}

function edit(text: string, change: TextChange, inserted: string): string {
  return text.slice(0, change.start) + inserted + text.slice(change.oldEnd);
}

/** The offset of the first server line's start in backend `name`. */
const serverLine = (text: string, name: string): number => text.indexOf('    server ', text.indexOf(`\nbackend ${name}\n`));

const poolNamed = (report: FileReport, name: string): Pool => report.model!.pools.find((pool) => pool.name === name)!;

/** Whether the pool is a view of an earlier lowering (members read through a getter) rather than a fresh lowering (a plain field). */
const isView = (pool: Pool): boolean => Object.getOwnPropertyDescriptor(pool, 'members')?.get !== undefined;

describe('HAProxy sections moved by edits after the last defaults section', () => {
  afterEach(() => new Promise<void>((resolve) => setImmediate(resolve)));

  it('keep one move for later sections however many places were edited, instead of lowering them again', () => {
    let text = TEXT;
    let previous = fresh(text);
    // One character in each of nine backends before be_9, from the last to the first: nine moves that never merge.
    for (let i = 8; i >= 0; i--) {
      const at = serverLine(text, `be_${i}`);
      const change = { start: at, oldEnd: at, newEnd: at + 1 };
      text = edit(text, change, ' ');
      previous = analyzeFile({ path: ROOT, text }, noIncludes, { ...options, previous, change });
      expect(outcome(previous)).toEqual(outcome(fresh(text)));
      expectLocationsInText(previous, text);
    }
    expect(isView(poolNamed(previous, 'be_9'))).toBe(true);
  });

  it('give a section moved by the same length again the same view, and leave the earlier version as it read', () => {
    const first = fresh(TEXT);
    const typeAndDelete = (previous: FileReport, backend: string) => {
      const at = serverLine(TEXT, backend);
      const typed = edit(TEXT, { start: at, oldEnd: at, newEnd: at + 1 }, 'x');
      const moved = analyzeFile({ path: ROOT, text: typed }, noIncludes, { ...options, previous, change: { start: at, oldEnd: at, newEnd: at + 1 } });
      const undone = analyzeFile({ path: ROOT, text: TEXT }, noIncludes, { ...options, previous: moved, change: { start: at, oldEnd: at + 1, newEnd: at } });
      return { typed, moved, undone };
    };
    const atTwo = typeAndDelete(first, 'be_2');
    const seen = outcome(atTwo.moved);
    const atFive = typeAndDelete(atTwo.undone, 'be_5');
    expect(outcome(atFive.moved)).toEqual(outcome(fresh(atFive.typed)));
    expectLocationsInText(atFive.moved, atFive.typed);
    // Backends after both edits: moved by one both times, the same view; be_6 .. be_9 each.
    for (let i = 6; i < 10; i++) {
      const pool = poolNamed(atFive.moved, `be_${i}`);
      expect(isView(pool)).toBe(true);
      expect(pool).toBe(poolNamed(atTwo.moved, `be_${i}`));
    }
    // Backends between the two edits: before be_5 they are the first analysis' pools; after be_2 a view.
    expect(poolNamed(atFive.moved, 'be_3')).toBe(poolNamed(first, 'be_3'));
    // The earlier version reads as it did, though the later one shares its views (and read them).
    expect(outcome(atTwo.moved)).toEqual(seen);
  });

  it('share one list of moves among the later sections of a keystroke', () => {
    // Typed twice in a row in be_2: every later backend's moved lowering (the dialect's state, white box) holds the same list.
    let text = TEXT;
    let previous = fresh(text);
    const at = serverLine(text, 'be_2');
    for (let i = 0; i < 2; i++) {
      const change = { start: at + i, oldEnd: at + i, newEnd: at + i + 1 };
      text = edit(text, change, 'x');
      previous = analyzeFile({ path: ROOT, text }, noIncludes, { ...options, previous, change });
      const lowerings = (previous.memo!.analysis.incremental as { lowerings: ({ moves?: unknown } | undefined)[] }).lowerings;
      const moves = new Set(lowerings.slice(-7).map((lowered) => lowered?.moves));
      expect(moves.size, `keystroke ${i + 1}`).toBe(1);
      expect([...moves][0]).toBeDefined();
    }
    expect(outcome(previous)).toEqual(outcome(fresh(text)));
  });

  it('equal a fresh analysis after random typing and deleting before and after a defaults section', () => {
    let sameView = 0;
    let kept = 0;
    const bodies = ['be_top', 'fe_main', ...Array.from({ length: 10 }, (_, i) => `be_${i}`)];
    const step = fc.record({ body: fc.nat(bodies.length - 1), undo: fc.boolean(), character: fc.constantFrom(' ', 'x', '1', '#') });
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 14 }), (steps) => {
        let text = TEXT;
        let previous = fresh(text);
        const versions: { report: FileReport; read: unknown }[] = [];
        const moveTo = (next: string, change: TextChange) => {
          const report = analyzeFile({ path: ROOT, text: next }, noIncludes, { ...options, previous, change });
          const read = outcome(report);
          expect(read).toEqual(outcome(fresh(next)));
          expectLocationsInText(report, next);
          const before = versions.at(-2)?.report;
          if (before) {
            for (const pool of report.model!.pools) {
              if (!isView(pool)) continue;
              const same = before.model!.pools.find((p) => p.name === pool.name);
              if (same === pool && previous.model!.pools.find((p) => p.name === pool.name) !== pool) sameView++;
            }
          }
          versions.push({ report, read });
          previous = report;
          text = next;
        };
        for (const { body, undo, character } of steps) {
          const name = bodies[body]!;
          const header = text.indexOf(`\n${name.startsWith('fe') ? 'frontend' : 'backend'} ${name}\n`) + 1;
          // The start of the body's second line: a server line, or the frontend's acl.
          const second = text.indexOf('\n', text.indexOf('\n', header) + 1) + 1;
          moveTo(edit(text, { start: second, oldEnd: second, newEnd: second + 1 }, character), { start: second, oldEnd: second, newEnd: second + 1 });
          if (undo) moveTo(edit(text, { start: second, oldEnd: second + 1, newEnd: second }, ''), { start: second, oldEnd: second + 1, newEnd: second });
        }
        // Every version still reads as it did when it was made, though later ones share its views.
        for (const { report, read } of versions) {
          expect(outcome(report)).toEqual(read);
          kept++;
        }
      }),
      { numRuns: 25, seed: 7 },
    );
    // The property must meet views given again, not only new ones.
    expect(sameView).toBeGreaterThan(20);
    expect(kept).toBeGreaterThan(100);
  }, 120_000);
});
