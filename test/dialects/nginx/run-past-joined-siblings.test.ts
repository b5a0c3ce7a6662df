/**
 * A letter typed where it joins the next sibling into a new directive (before `upstream` or `server`
 * in the indentation, after an upstream's `}`), a directive typed at `http` level letter by letter
 * (left without its `;` until the last keystroke) and a `;` deleted at the end of a `listen` line
 * re-read only the siblings around the edit, up to the first sibling where the parse is between
 * directives again (tree-run.ts), not the whole `http` body: the text re-read stays a few siblings
 * long. The spliced tree and its errors equal a full parse, and the analysis equals a fresh one,
 * the edit made and undone, lowering at most the pools the run holds.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ringHeavyNginx } from '../../../bench/generate';
import { parseFlatNginxTree } from '../../../server/src/dialects/nginx/tree-parser';
import { spliceTree } from '../../../server/src/dialects/nginx/tree-splice';
import { UpstreamCollector } from '../../../server/src/dialects/nginx/upstream-pool';
import { analyze, said } from './incremental-report';
import { dumpTree as dump } from './tree-dump';

interface Step {
  readonly at: number;
  readonly remove: number;
  readonly insert: string;
}

/** Edits whose run reads past the first sibling after them: each a list of keystrokes. */
function typing(text: string): { what: string; steps: Step[] }[] {
  const nth = (pattern: RegExp, n: number): number => [...text.matchAll(pattern)][n]!.index!;
  const upstream = nth(/\n {4}upstream /g, 4);
  const server = nth(/\n {4}server \{/g, 5);
  const closed = nth(/\n {4}\}\n\n {4}# shard/g, 6) + 6;
  const listen = nth(/listen 80;/g, 7) + 'listen 80'.length;
  const line = nth(/\n {4}upstream /g, 9) + 1;
  const directive = '    gzip_vary on;\n';
  const keys: Step[] = [...directive].map((c, i) => ({ at: line + i, remove: 0, insert: c }));
  return [
    { what: 'letter in the indentation before upstream', steps: [{ at: upstream + 3, remove: 0, insert: 'x' }] },
    { what: 'letter in the indentation before server', steps: [{ at: server + 3, remove: 0, insert: 'y' }] },
    { what: "letter after an upstream's }", steps: [{ at: closed, remove: 0, insert: 'g' }] },
    { what: "listen's ; deleted", steps: [{ at: listen, remove: 1, insert: '' }] },
    { what: 'directive typed at http level', steps: keys },
  ];
}

describe('a run joined to the sibling after the edit is read up to where the parse agrees again', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('re-reads a few siblings, not the whole http body, and equals a full parse', () => {
    const text = ringHeavyNginx(120_000, 3);
    for (const { what, steps } of typing(text)) {
      let current = text;
      let { tree, errors } = parseFlatNginxTree(current);
      for (const step of steps) {
        const next = current.slice(0, step.at) + step.insert + current.slice(step.at + step.remove);
        const change = { start: step.at, oldEnd: step.at + step.remove, newEnd: step.at + step.insert.length };
        const spliced = spliceTree(tree, errors, next, change);
        expect(spliced, what).toBeDefined();
        // A shard (an upstream and its server block) is about 1.6 KB; the http body 120 KB.
        expect(spliced!.reread.end - spliced!.reread.start, what).toBeLessThan(6_000);
        const full = parseFlatNginxTree(next);
        expect(dump(spliced!.tree), what).toEqual(dump(full.tree));
        expect(spliced!.errors, what).toEqual(full.errors);
        ({ tree, errors } = spliced!);
        current = next;
      }
    }
  });

  it('equals a fresh analysis, edited and undone, lowering only the pools of the run', () => {
    const text = ringHeavyNginx(120_000, 3);
    const base = analyze(text);
    expect(base.model!.pools.length).toBeGreaterThan(40);
    const lowered = vi.spyOn(UpstreamCollector.prototype, 'finish');
    for (const { what, steps } of typing(text)) {
      let current = text;
      let report = base;
      const undo: Step[] = [];
      for (const step of steps) {
        undo.unshift({ at: step.at, remove: step.insert.length, insert: current.slice(step.at, step.at + step.remove) });
        current = current.slice(0, step.at) + step.insert + current.slice(step.at + step.remove);
        lowered.mockClear();
        report = analyze(current, report);
        expect(lowered.mock.calls.length, what).toBeLessThanOrEqual(1);
      }
      expect(said(report), what).toEqual(said(analyze(current)));
      for (const step of undo) {
        current = current.slice(0, step.at) + step.insert + current.slice(step.at + step.remove);
        lowered.mockClear();
        report = analyze(current, report);
        expect(lowered.mock.calls.length, `${what}, undone`).toBeLessThanOrEqual(1);
      }
      expect(current).toBe(text);
      expect(said(report), `${what}, undone`).toEqual(said(base));
    }
  });
});
