/**
 * What the lowering's walk over a file's sections (lower.ts analyzeHaproxy) made, kept so that the
 * next version's walk can start at the section an edit touched instead of at the first one. The
 * model's lists are the sections' contributions in section order; the walk records how long each
 * list was before every section, so the contributions of the sections before an edit are a prefix
 * of each previous list, copied in one slice instead of read section by section (about 2,400
 * sections and 3,500 references and notes on the 1 MB bench file, every keystroke).
 *
 * A walk resumes only after the file's last `global` and `defaults` section: those set the facts
 * and settings every later section reads, so past them the state a walk carries from section to
 * section is the lists, whether the model is complete, and the defaults, all known from the
 * previous walk. The sections before the resumed one must be the previous version's, lowered the
 * same, and the pools the previous ones (incremental.ts gives a walk to resume only then).
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
  /** The first section that makes the model complete (-1: none). */
  readonly firstComplete: number;
  /** The last `global` or `defaults` section (-1: none): a walk resumes only after it. */
  readonly lastSettings: number;
  /** `WalkMarks.lengths`. */
  readonly lengths: Int32Array;
}

/** How many lists a walk records lengths of (`WalkLists`' fields). */
const LISTS = 6;

/** The lengths of a walk's lists before each section, six numbers per section. */
export class WalkMarks {
  readonly lengths: Int32Array;

  constructor(sections: number) {
    this.lengths = new Int32Array(sections * LISTS);
  }

  /** Records the lists' lengths before section `index`. */
  mark(index: number, lists: WalkLists): void {
    const at = index * LISTS;
    const lengths = this.lengths;
    lengths[at] = lists.pools.length;
    lengths[at + 1] = lists.references.length;
    lengths[at + 2] = lists.tracks.length;
    lengths[at + 3] = lists.dynamic.length;
    lengths[at + 4] = lists.notes.length;
    lengths[at + 5] = lists.problems.length;
  }
}

/** Whether a walk of `sections` sections can resume `walk` at section `index`. */
export function canResume(walk: LoweringWalk | undefined, index: number, sections: number): walk is LoweringWalk {
  return walk !== undefined && index > walk.lastSettings && index < sections && walk.lengths.length === sections * LISTS;
}

/**
 * The lists of `walk` as they were before section `index`, copied, and the lengths recorded up to
 * there copied into `marks`: what the walk of a version whose sections before `index` are those of
 * `walk`'s version has made when it reaches `index`.
 */
export function resumedLists(walk: LoweringWalk, index: number, marks: WalkMarks): WalkLists {
  const at = index * LISTS;
  const lengths = walk.lengths;
  marks.lengths.set(lengths.subarray(0, at));
  return {
    pools: walk.pools.slice(0, lengths[at]),
    references: walk.references.slice(0, lengths[at + 1]),
    tracks: walk.references.slice(walk.trackStart, walk.trackStart + lengths[at + 2]!),
    dynamic: walk.dynamic.slice(0, lengths[at + 3]),
    notes: walk.notes.slice(0, lengths[at + 4]),
    problems: walk.problems.slice(0, lengths[at + 5]),
  };
}
