/**
 * An edit between the children of `http` (a comment, a blank line, a letter in the indentation
 * before `upstream` or `server`) lowers again only the children it changed (incremental-lower.ts,
 * siblingRun): every other pool is carried over. Before,
 * the whole `http` block was lowered again on such an edit, every pool of a ring-heavy file with it.
 * After each edit (and after undoing it) the report equals a fresh analysis: findings (suppression
 * comments included), shares, references with their scopes, directive notes and problems.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ringHeavyNginx } from '../../../bench/generate';
import { UpstreamCollector } from '../../../server/src/dialects/nginx/upstream-pool';
import { analyze, said } from './incremental-report';

/** A ring-heavy file with comments between the children of `http`, one of them a suppression. */
function commentedText(): string {
  let text = ringHeavyNginx(60_000, 3);
  let servers = 0;
  text = text.replace(/\n {4}server \{/g, (found) => (servers++ % 2 === 0 ? `\n    # front door${found}` : found));
  let upstreams = 0;
  text = text.replace(/\n {4}upstream /g, (found) => (upstreams++ === 3 ? `\n    # lb-drift-disable-next-line weight-skew${found}` : found));
  return text;
}

interface Edit {
  readonly what: string;
  readonly at: number;
  readonly remove: number;
  readonly insert: string;
}

/** Edits at `http` level, the first few of each kind in the text. */
function httpLevelEdits(text: string): Edit[] {
  const edits: Edit[] = [];
  const each = (pattern: RegExp, make: (index: number) => Omit<Edit, 'what'>, what: string) => {
    let count = 0;
    for (const match of text.matchAll(pattern)) {
      if (count++ === 3) break;
      edits.push({ what, ...make(match.index!) });
    }
  };
  each(/\n {4}# front door/g, (i) => ({ at: i + 8, remove: 0, insert: 'x' }), 'letter typed in a comment before server');
  each(/\n {4}# front door\n/g, (i) => ({ at: i + 1, remove: 17, insert: '' }), 'comment line before server deleted');
  each(/\n {4}server \{/g, (i) => ({ at: i + 1, remove: 0, insert: '# new comment\n    ' }), 'comment line added before server');
  each(/\n {4}upstream /g, (i) => ({ at: i + 1, remove: 0, insert: '\n' }), 'blank line before upstream');
  each(/\n {4}upstream /g, (i) => ({ at: i + 3, remove: 0, insert: 'x' }), 'letter in the indentation before upstream');
  each(/\n {4}server \{/g, (i) => ({ at: i + 2, remove: 0, insert: 'y' }), 'letter in the indentation before server');
  each(/# lb-drift-disable-next-line weight-skew/g, (i) => ({ at: i + 2, remove: 0, insert: 'x' }), 'suppression comment broken');
  each(/\n {4}upstream /g, (i) => ({ at: i + 1, remove: 0, insert: '# lb-drift-disable-next-line weight-skew\n    ' }), 'suppression comment added');
  return edits;
}

const apply = (text: string, edit: Edit): string => text.slice(0, edit.at) + edit.insert + text.slice(edit.at + edit.remove);

describe('an edit between the children of http lowers only the siblings read again', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('lowers at most the re-read siblings and equals a fresh analysis, edited and undone', () => {
    const text = commentedText();
    const base = analyze(text);
    const pools = base.model!.pools.length;
    expect(pools).toBeGreaterThan(40);
    const lowered = vi.spyOn(UpstreamCollector.prototype, 'finish');
    const counts: Record<string, number> = {};
    const edits = httpLevelEdits(text);
    expect(edits.length).toBeGreaterThanOrEqual(20);
    for (const edit of edits) {
      const edited = apply(text, edit);
      lowered.mockClear();
      const incremental = analyze(edited, base);
      counts[edit.what] = Math.max(counts[edit.what] ?? 0, lowered.mock.calls.length);
      expect(said(incremental), edit.what).toEqual(said(analyze(edited)));
      // Undone: the text of the base again, from the edited version.
      lowered.mockClear();
      const undone = analyze(text, incremental);
      counts[edit.what] = Math.max(counts[edit.what]!, lowered.mock.calls.length);
      expect(said(undone), `${edit.what}, undone`).toEqual(said(base));
    }
    // Only a directive the edit changed is lowered again: none for comments, the upstream a letter
    // typed before it joins to a new directive (when undone), or the one blank space moved
    // (tree-run.ts lowers the sibling after blank space again). The whole http block held every pool.
    const upstreamEdits = new Set(['letter in the indentation before upstream', 'blank line before upstream']);
    for (const [what, count] of Object.entries(counts)) expect(count, what).toBe(upstreamEdits.has(what) ? 1 : 0);
  });
});
