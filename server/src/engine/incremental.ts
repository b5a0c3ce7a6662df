/**
 * What the engine carries from one analysis of a file to the next (invariant 13: the result is
 * always the one a fresh analysis gives). The dialect re-reads the top-level unit an edit falls
 * in (`Dialect.reanalyze`); the engine then reuses, for every pool outside that unit, the
 * findings of the per-pool rules (`scope: 'pool'`) and the predicted shares, moved by the edit's
 * length change. Rules about the whole model run again every time.
 */
import { isDeferredFinding } from '../core/deferred-report';
import type { DialectAnalysis, TextChange } from '../core/dialect';
import type { Finding, Related } from '../core/finding';
import type { Fix, FixIntent } from '../core/fix';
import type { Pool } from '../core/model';
import type { PoolShares } from '../core/shares';
import type { Loc } from '../core/span';

/**
 * One pool's reusable results: the findings of every per-pool rule, and its shares. Findings are
 * kept where the pool was when they were made; `moved` says how far the pool has moved since, and
 * a finding is moved only when it is listed (a capped rule's findings past the cap never are).
 */
export interface PoolResults {
  readonly pool: Pool;
  /** Sorted by location; undefined when they cannot be carried over (see `reusable`). */
  findings?: readonly Finding[];
  /** How far the pool has moved in the root file since `findings` were made. */
  moved: number;
  /** Whether a message of `findings` names a line (such findings are made again when lines move). */
  namesLine: boolean;
  /**
   * `findings` moved by `moved`, each made when first listed. Shared with the next version while
   * the pool stays put, so a finding before the edit is the same object in both (the language
   * server converts it once).
   */
  listed?: (Finding | undefined)[];
  /** Shares, once computed for this pool. */
  shares?: PoolShares;
}

/** Fresh results for a pool that was analysed again. */
export function freshResults(pool: Pool): PoolResults {
  return new Results(pool, undefined, 0, false, undefined, undefined);
}

/**
 * A paired pool's results carried to the next version, `delta` further; its findings are dropped
 * (made again) when lines moved and a message names one, or when `findingsStale` (what the pool
 * rules read of the rest of the model changed).
 */
export function carriedResults(pool: Pool, previous: PoolResults, delta: number, linesMoved: boolean, findingsStale: boolean): PoolResults {
  // A pool before the edit is the same object: its results are too, while they hold findings (a
  // pool without them runs its rules again, which writes them into its results).
  if (pool === previous.pool && delta === 0 && previous.findings && !findingsStale && !(linesMoved && previous.namesLine)) return previous;
  // Made on every edit for every other pool of the file: one object of one shape, no spread copies.
  const findings = findingsStale || (linesMoved && previous.namesLine) ? undefined : previous.findings;
  const listed = findings && delta === 0 ? previous.listed : undefined;
  return new Results(pool, findings, previous.moved + delta, findings !== undefined && previous.namesLine, listed, previous.shares);
}

class Results implements PoolResults {
  constructor(
    readonly pool: Pool,
    public findings: readonly Finding[] | undefined,
    public moved: number,
    public namesLine: boolean,
    public listed: (Finding | undefined)[] | undefined,
    public shares: PoolShares | undefined,
  ) {}
}

/** Sets a re-analysed pool's findings (sorted by location) as its results, when they can be carried. */
export function keepFindings(own: PoolResults, findings: readonly Finding[], file: string): void {
  if (!reusable(findings, file, own.pool.loc)) return;
  own.findings = findings;
  own.moved = 0;
  own.namesLine = namesLine(findings);
}

export interface EngineMemo {
  /** What the dialect keeps for its own incremental re-analysis. */
  readonly analysis: DialectAnalysis;
  /** The root text the analysis read. */
  readonly text: string;
  /** Rule configuration and other options that change findings; a different key reuses nothing. */
  readonly optionsKey: string;
  /** Results of the root file's pools, in model order, and the offset where each starts. */
  readonly pools: readonly PoolResults[];
  readonly poolStarts: readonly number[];
  /** Whether the root text has a suppression marker (`lb-drift-disable`). */
  readonly markers: boolean;
  /** What the pool rules read of the model besides their pool (`RuleMeta.modelInput`), joined. */
  readonly poolRuleInputs: string;
}

/**
 * The single edit that turns `before` into `after`: the common prefix and suffix are left out.
 * Each is found by comparing chunks that double while they are equal, then halve around the first
 * difference (string equality of flat strings is a memory compare), then character by character:
 * a few dozen comparisons for a 1 MB text instead of one per kilobyte.
 */
export function changeBetween(before: string, after: string): TextChange {
  // The language server asks twice per keystroke (for the document's line starts, then for the
  // analysis) about the same two texts: the last answer is kept.
  if (last && last.before === before && last.after === after) return last.change;
  const change = findChange(before, after);
  last = { before, after, change };
  return change;
}

let last: { readonly before: string; readonly after: string; readonly change: TextChange } | undefined;

function findChange(before: string, after: string): TextChange {
  const shorter = Math.min(before.length, after.length);
  const start = commonLength(shorter, (from, to) => before.slice(from, to) === after.slice(from, to));
  const room = shorter - start;
  const tail = commonLength(room, (from, to) => before.slice(before.length - to, before.length - from) === after.slice(after.length - to, after.length - from));
  return { start, oldEnd: before.length - tail, newEnd: after.length - tail };
}

/**
 * The length of the common run of two texts, up to `limit`, where `same(from, to)` compares the
 * run's characters `[from, to)` (counted from the start for a prefix, from the end for a suffix).
 */
function commonLength(limit: number, same: (from: number, to: number) => boolean): number {
  const SMALLEST = 32;
  let at = 0;
  let step = 512;
  while (at + step <= limit && same(at, at + step)) {
    at += step;
    step *= 2;
  }
  // The first difference (or the limit) lies in [at, at + step).
  while (step > SMALLEST) {
    step >>= 1;
    if (at + step <= limit && same(at, at + step)) at += step;
  }
  while (at < limit && same(at, at + 1)) at++;
  return at;
}

/**
 * Whether a pool's findings can be carried to another version where the pool's text is the
 * same: every location in `file` lies inside the pool (locations in other files stay put, and
 * the caller checks those files did not change), and when lines moved, no message names a line.
 */
export function reusable(findings: readonly Finding[], file: string, pool: Loc): boolean {
  for (const finding of findings) {
    // A deferred finding's locations lie in its pool by contract (core/deferred-report.ts): not read.
    if (isDeferredFinding(finding)) continue;
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
  return findings.some((f) => !isDeferredFinding(f) && /\blines? \d/.test(f.message));
}

/** A finding with every location in `file` moved by `delta`; the same object when `delta` is 0. */
export function shiftFinding(finding: Finding, file: string, delta: number): Finding {
  if (delta === 0) return finding;
  const move = (loc: Loc): Loc => (loc.file === file ? { file: loc.file, start: loc.start + delta, end: loc.end + delta } : loc);
  // Object.assign keeps the finding's fields in its order, as a spread would; the moved ones are
  // then written in place. A carried finding is moved on every edit before it.
  const moved = Object.assign(new MovedFinding(originOf(finding) ?? finding), finding) as { -readonly [K in keyof Finding]: Finding[K] };
  moved.loc = move(finding.loc);
  if (finding.related) moved.related = finding.related.map((r): Related => ({ ...r, loc: move(r.loc) }));
  if (finding.fixes) moved.fixes = finding.fixes.map((f): Fix => ({ ...f, intents: f.intents.map((i) => shiftIntent(i, move)) }));
  return moved;
}

/**
 * A moved finding: the fields of the finding it was moved from, in the same order, with its
 * locations moved. It keeps that finding in a private field, which spreads, JSON, `Object.keys`
 * and equality never see. (A WeakMap entry per moved finding cost four times the copy itself, and
 * left the collector an ephemeron per finding per keystroke.)
 */
class MovedFinding {
  readonly #origin: Finding;

  constructor(origin: Finding) {
    this.#origin = origin;
  }

  static originOf(finding: Finding): Finding | undefined {
    return finding instanceof MovedFinding ? finding.#origin : undefined;
  }
}

/**
 * The finding `finding` was moved from (`shiftFinding`), if it was: the same rule, severity,
 * messages, tags and fixes, at other offsets. The language server keeps one conversion to a
 * diagnostic for both while the moved one's lines and columns stay the same.
 */
export function originOf(finding: Finding): Finding | undefined {
  return MovedFinding.originOf(finding);
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

/** What pairs a new version's pools with the previous version's: its memo, the edit and the re-read unit. */
export interface Pairing {
  readonly memo: EngineMemo;
  readonly change: TextChange;
  readonly reread: { readonly start: number; readonly end: number };
}

/**
 * Finds the previous results each pool of the new model continues: a pool of the root file that
 * lies wholly outside the re-read unit is the previous pool at its old offset, if that one has
 * the same key and length. Other pools (in the re-read unit, or from included files) have no
 * partner and are analysed afresh; a pool moved by `pool.loc.start - partner.pool.loc.start`.
 * Pools come in model order, which is the previous version's order around the edit, so the next
 * previous pool is tried first; a map by offset is made only when that misses (pools were added
 * or removed where the edit was).
 */
export class PartnerFinder {
  private next = 0;
  private byStart: Map<number, number> | undefined;

  constructor(
    private readonly root: string,
    private readonly pairing: Pairing,
  ) {}

  find(pool: Pool): PoolResults | undefined {
    const { memo, change, reread } = this.pairing;
    const { file, start, end } = pool.loc;
    if (file !== this.root) return undefined;
    let oldStart: number;
    if (end <= reread.start && end <= change.start) oldStart = start;
    else if (start >= reread.end && start >= change.newEnd) oldStart = start - (change.newEnd - change.oldEnd);
    else return undefined;
    // The next previous pool, or the one after it (the next one was re-read: the edited pool).
    const starts = memo.poolStarts;
    const index = starts[this.next] === oldStart ? this.next : starts[this.next + 1] === oldStart ? this.next + 1 : this.indexOf(oldStart);
    if (index < 0) return undefined;
    this.next = index + 1;
    const results = memo.pools[index]!;
    if (results.pool.key !== pool.key || results.pool.loc.end - oldStart !== end - start || results.pool.loc.file !== this.root) return undefined;
    return results;
  }

  private indexOf(start: number): number {
    if (!this.byStart) {
      this.byStart = new Map();
      const starts = this.pairing.memo.poolStarts;
      for (let i = 0; i < starts.length; i++) this.byStart.set(starts[i]!, i);
    }
    return this.byStart.get(start) ?? -1;
  }
}
