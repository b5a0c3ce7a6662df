/**
 * What the lowering's walk over a file's sections (lower.ts analyzeHaproxy) made, kept so that the
 * next version's walk can skip the sections an edit did not change. The model's lists are the
 * sections' contributions in section order; the walk records how long each list was before every
 * section (and at its end), so the contributions of a run of sections are a slice of each list,
 * copied at once instead of read section by section (about 2,400 sections and 3,500 references
 * and notes on the 1 MB bench file, every keystroke).
 *
 * Head: a walk resumes at the edited section when it lies after the file's last `global` and
 * `defaults` section: those set the facts and settings every later section reads, so past them
 * the state a walk carries from section to section is the lists, the count of sections that make
 * the model complete, and the defaults, all known from the previous walk. The sections before the
 * resumed one must be the previous version's, lowered the same, and the pools the previous ones
 * (incremental.ts gives a walk to resume only then).
 *
 * Tail: a walk ends early when the sections from some index on lend exactly the lowerings an
 * earlier walk read there (tail-memo.ts), and takes that walk's slices from there on. A section
 * whose contribution depends on more than its lowering (a section other than a proxy, a proxy
 * lowered again, a duplicate name whose message names a line) is counted as unshared, and a tail
 * holding one is never taken.
 */
import type { ParseProblem } from '../../core/finding';
import type { DirectiveNote, FactValue, Pool, Reference } from '../../core/model';
import type { ProxySettings } from './settings';

/** The lists a walk fills, in the order their lengths are recorded per section. */
export interface WalkLists {
  readonly pools: Pool[];
  /** Every section's references, in order (the `track` ones follow them in the model). */
  readonly references: Reference[];
  readonly tracks: Reference[];
  readonly dynamic: FactValue[];
  readonly notes: DirectiveNote[];
  /** The walk's own problems (parse errors are not among them): unsorted, as the walk made them. */
  readonly problems: ParseProblem[];
}

/** A finished walk. */
export interface LoweringWalk {
  readonly pools: readonly Pool[];
  /** The model's references: every section's, resolved, then from `trackStart` the `track` ones. */
  readonly references: readonly Reference[];
  readonly trackStart: number;
  readonly dynamic: readonly FactValue[];
  readonly notes: readonly DirectiveNote[];
  readonly problems: readonly ParseProblem[];
  /** The facts the sections set (not the ones added after the walk: dynamic names, assumed branches). */
  readonly facts: Readonly<Record<string, FactValue>>;
  readonly namedDefaults: ReadonlyMap<string, ProxySettings>;
  readonly lastDefaults: ProxySettings;
  /** The last `global` or `defaults` section (-1: none): a walk resumes only after it. */
  readonly lastSettings: number;
  /** `WalkMarks.lengths`. */
  readonly lengths: Int32Array;
}

/** The columns of a row of `WalkMarks.lengths`: the six lists, then two counts of sections. */
const POOLS = 0;
const REFERENCES = 1;
const TRACKS = 2;
const DYNAMIC = 3;
const NOTES = 4;
const PROBLEMS = 5;
/** Sections that make the model complete (a named frontend or listen section). */
const COMPLETING = 6;
/** Sections whose contribution is not their lowering's alone (see the file's comment). */
const UNSHARED = 7;
const WIDTH = 8;

/** The lengths of a walk's lists and its two counts before each section, and at the end (row `sections`). */
export class WalkMarks {
  readonly lengths: Int32Array;
  completing = 0;
  unshared = 0;

  constructor(readonly sections: number) {
    this.lengths = new Int32Array((sections + 1) * WIDTH);
  }

  /** Records the lists' lengths and the counts before section `index` (`sections`: at the end). */
  mark(index: number, lists: WalkLists): void {
    const at = index * WIDTH;
    const lengths = this.lengths;
    lengths[at + POOLS] = lists.pools.length;
    lengths[at + REFERENCES] = lists.references.length;
    lengths[at + TRACKS] = lists.tracks.length;
    lengths[at + DYNAMIC] = lists.dynamic.length;
    lengths[at + NOTES] = lists.notes.length;
    lengths[at + PROBLEMS] = lists.problems.length;
    lengths[at + COMPLETING] = this.completing;
    lengths[at + UNSHARED] = this.unshared;
  }
}

/** Whether a walk of `sections` sections can resume `walk` at section `index`. */
export function canResume(walk: LoweringWalk | undefined, index: number, sections: number): walk is LoweringWalk {
  return walk !== undefined && index > walk.lastSettings && index < sections && walk.lengths.length === (sections + 1) * WIDTH;
}

/** Whether `walk`'s sections from `from` to its end all contribute their lowering's lists alone. */
export function sharedFrom(walk: LoweringWalk, from: number): boolean {
  const lengths = walk.lengths;
  return lengths[lengths.length - WIDTH + UNSHARED] === lengths[from * WIDTH + UNSHARED];
}

/**
 * The lists of `walk` as they were before section `index`, copied, and the lengths and counts
 * recorded up to there copied into `marks`: what the walk of a version whose sections before
 * `index` are those of `walk`'s version has made when it reaches `index`.
 */
export function resumedLists(walk: LoweringWalk, index: number, marks: WalkMarks): WalkLists {
  const at = index * WIDTH;
  const lengths = walk.lengths;
  marks.lengths.set(lengths.subarray(0, at));
  marks.completing = lengths[at + COMPLETING]!;
  marks.unshared = lengths[at + UNSHARED]!;
  return {
    pools: walk.pools.slice(0, lengths[at + POOLS]),
    references: walk.references.slice(0, lengths[at + REFERENCES]),
    tracks: walk.references.slice(walk.trackStart, walk.trackStart + lengths[at + TRACKS]!),
    dynamic: walk.dynamic.slice(0, lengths[at + DYNAMIC]),
    notes: walk.notes.slice(0, lengths[at + NOTES]),
    problems: walk.problems.slice(0, lengths[at + PROBLEMS]),
  };
}

/**
 * Appends what `walk`'s sections from `from` to its end added to each list, and records the rows
 * of those sections in `marks` (their lengths moved to where this walk's lists are).
 */
export function appendTail(lists: WalkLists, marks: WalkMarks, walk: LoweringWalk, from: number): void {
  const lengths = walk.lengths;
  const at = from * WIDTH;
  const end = lengths.length - WIDTH;
  const start = [lists.pools.length, lists.references.length, lists.tracks.length, lists.dynamic.length, lists.notes.length, lists.problems.length, marks.completing, marks.unshared];
  for (let row = at; row <= end; row += WIDTH) {
    for (let column = 0; column < WIDTH; column++) marks.lengths[row + column] = start[column]! + lengths[row + column]! - lengths[at + column]!;
  }
  appendSlice(lists.pools, walk.pools, lengths[at + POOLS]!, lengths[end + POOLS]!);
  appendSlice(lists.references, walk.references, lengths[at + REFERENCES]!, lengths[end + REFERENCES]!);
  appendSlice(lists.tracks, walk.references, walk.trackStart + lengths[at + TRACKS]!, walk.trackStart + lengths[end + TRACKS]!);
  appendSlice(lists.dynamic, walk.dynamic, lengths[at + DYNAMIC]!, lengths[end + DYNAMIC]!);
  appendSlice(lists.notes, walk.notes, lengths[at + NOTES]!, lengths[end + NOTES]!);
  appendSlice(lists.problems, walk.problems, lengths[at + PROBLEMS]!, lengths[end + PROBLEMS]!);
  marks.completing += lengths[end + COMPLETING]! - lengths[at + COMPLETING]!;
  marks.unshared += lengths[end + UNSHARED]! - lengths[at + UNSHARED]!;
}

function appendSlice<T>(into: T[], from: readonly T[], start: number, end: number): void {
  for (let i = start; i < end; i++) into.push(from[i]!);
}
