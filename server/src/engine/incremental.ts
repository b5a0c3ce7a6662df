/**
 * What the engine carries from one analysis of a file to the next (invariant 13: the result is
 * always the one a fresh analysis gives). The dialect re-reads the top-level unit an edit falls
 * in (`Dialect.reanalyze`); the engine then reuses, for every pool outside that unit, the
 * findings of the per-pool rules (`scope: 'pool'`) and the predicted shares, moved by the edit's
 * length change. Rules about the whole model run again every time.
 */
import type { DialectAnalysis, TextChange } from '../core/dialect';
import type { Finding, Related } from '../core/finding';
import type { Fix, FixIntent } from '../core/fix';
import type { Pool } from '../core/model';
import type { PoolShares } from '../core/shares';
import type { Loc } from '../core/span';

/** One pool's reusable results: the findings of every per-pool rule, and its shares. */
export interface PoolResults {
  readonly pool: Pool;
  /** Undefined when they cannot be carried over (see `reusable`). */
  findings?: readonly Finding[];
  /** Shares, once computed for this pool. */
  shares?: PoolShares;
}

export interface EngineMemo {
  /** What the dialect keeps for its own incremental re-analysis. */
  readonly analysis: DialectAnalysis;
  /** The root text the analysis read. */
  readonly text: string;
  /** Rule configuration and other options that change findings; a different key reuses nothing. */
  readonly optionsKey: string;
  /** Results of the root file's pools, by the offset where each pool starts. */
  readonly pools: Map<number, PoolResults>;
}

export type PoolPairs = Map<Pool, { readonly results: PoolResults; readonly delta: number }>;

/**
 * The single edit that turns `before` into `after`: the common prefix and suffix are left out.
 * Compared 1 KB at a time first (string equality of flat strings is a memory compare), then
 * character by character.
 */
export function changeBetween(before: string, after: string): TextChange {
  const shorter = Math.min(before.length, after.length);
  const CHUNK = 1024;
  let start = 0;
  while (start + CHUNK <= shorter && before.slice(start, start + CHUNK) === after.slice(start, start + CHUNK)) start += CHUNK;
  while (start < shorter && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let tail = 0;
  const room = shorter - start;
  while (tail + CHUNK <= room && before.slice(before.length - tail - CHUNK, before.length - tail) === after.slice(after.length - tail - CHUNK, after.length - tail)) {
    tail += CHUNK;
  }
  while (tail < room && before.charCodeAt(before.length - tail - 1) === after.charCodeAt(after.length - tail - 1)) tail++;
  return { start, oldEnd: before.length - tail, newEnd: after.length - tail };
}

/**
 * Whether a pool's findings can be carried to another version where the pool's text is the
 * same: every location in `file` lies inside the pool (locations in other files stay put, and
 * the caller checks those files did not change), and when lines moved, no message names a line.
 */
export function reusable(findings: readonly Finding[], file: string, pool: Loc): boolean {
  for (const finding of findings) {
    let inside = true;
    forEachLoc(finding, (loc) => {
      if (loc.file === file && (loc.start < pool.start || loc.end > pool.end)) inside = false;
    });
    if (!inside) return false;
  }
  return true;
}

/** Whether a message names a line number, which moves when lines are added or removed before it. */
export function namesLine(findings: readonly Finding[]): boolean {
  return findings.some((f) => /\blines? \d/.test(f.message));
}

/** A finding with every location in `file` moved by `delta`; the same object when `delta` is 0. */
export function shiftFinding(finding: Finding, file: string, delta: number): Finding {
  if (delta === 0) return finding;
  // Spelled out rather than spread: a carried finding is moved on every edit before it.
  const move = (loc: Loc): Loc => (loc.file === file ? { file: loc.file, start: loc.start + delta, end: loc.end + delta } : loc);
  return {
    ...finding,
    loc: move(finding.loc),
    ...(finding.related ? { related: finding.related.map((r): Related => ({ ...r, loc: move(r.loc) })) } : {}),
    ...(finding.fixes ? { fixes: finding.fixes.map((f): Fix => ({ ...f, intents: f.intents.map((i) => shiftIntent(i, move)) })) } : {}),
  };
}

function shiftIntent(intent: FixIntent, move: (loc: Loc) => Loc): FixIntent {
  switch (intent.kind) {
    case 'edit':
      return { ...intent, edits: intent.edits.map((e) => ({ ...e, loc: move(e.loc) })) };
    case 'set-weight':
    case 'remove-member':
    case 'set-param':
      return { ...intent, member: move(intent.member) };
    case 'remove-param':
      return { ...intent, param: move(intent.param) };
  }
}

function forEachLoc(finding: Finding, visit: (loc: Loc) => void): void {
  visit(finding.loc);
  for (const r of finding.related ?? []) visit(r.loc);
  for (const fix of finding.fixes ?? []) {
    for (const intent of fix.intents) {
      if (intent.kind === 'edit') for (const e of intent.edits) visit(e.loc);
      else if (intent.kind === 'remove-param') visit(intent.param);
      else visit(intent.member);
    }
  }
}

/** Whether the files other than `root` that two analyses read are the same, with the same texts. */
export function sameIncludes(a: ReadonlyMap<string, string>, b: ReadonlyMap<string, string>, root: string): boolean {
  if (a.size !== b.size) return false;
  for (const [path, text] of a) {
    if (path === root) continue;
    if (b.get(path) !== text) return false;
  }
  return true;
}

/**
 * Pairs the pools of the new model with the previous version's results: a pool of the root file
 * that lies wholly outside the re-read unit is the previous pool at its old offset, if that one
 * has the same key and length. Other pools (in the re-read unit, or from included files) have no
 * partner and are analysed afresh.
 */
export function pairPools(
  pools: readonly Pool[],
  root: string,
  previous: EngineMemo,
  change: TextChange,
  reread: { readonly start: number; readonly end: number },
): PoolPairs {
  const delta = change.newEnd - change.oldEnd;
  const paired: PoolPairs = new Map();
  for (const pool of pools) {
    const { file, start, end } = pool.loc;
    if (file !== root) continue;
    let oldStart: number;
    if (end <= reread.start && end <= change.start) oldStart = start;
    else if (start >= reread.end && start >= change.newEnd) oldStart = start - delta;
    else continue;
    const results = previous.pools.get(oldStart);
    if (!results || results.pool.key !== pool.key || results.pool.loc.end - oldStart !== end - start || results.pool.loc.file !== root) continue;
    paired.set(pool, { results, delta: start - oldStart });
  }
  return paired;
}
