/**
 * The moves an edit makes to the locations after it, as a list a moved view keeps (shift.ts,
 * moved-references.ts): each moves every location in a file that starts at or after a place by a
 * length change. A view applies its list to a location when it is read, so an edit costs one list
 * for every section after it, not one copy of each location.
 */
import type { Loc } from '../../core/span';

/**
 * Moves every location in `file` that starts at or after `from` by `delta`. `hole` is where the
 * edited section's body starts: no location a moved lowering holds lies in `[hole, from)` (that
 * body is lowered again, and no other section points into it), which lets moves merge.
 */
export interface Move {
  readonly from: number;
  readonly delta: number;
  readonly hole: number;
}

export type Moves = readonly Move[];

/**
 * A copy of plain model data with every location in `file` that starts at or after `from` moved by
 * `delta`; parts without such a location are shared. Locations before `from` stay: settings a
 * proxy inherits are written in a defaults section before the edit.
 */
function shiftAfter<T>(value: T, file: string, from: number, delta: number): T {
  const shift = (part: unknown): unknown => {
    if (part === null || typeof part !== 'object') return part;
    if (Array.isArray(part)) {
      let copy: unknown[] | undefined;
      for (let i = 0; i < part.length; i++) {
        const moved = shift(part[i]);
        if (moved !== part[i]) (copy ??= part.slice())[i] = moved;
      }
      return copy ?? part;
    }
    const record = part as Record<string, unknown>;
    if (typeof record.file === 'string' && typeof record.start === 'number' && typeof record.end === 'number') {
      return record.file === file && record.start >= from ? { ...record, start: record.start + delta, end: record.end + delta } : part;
    }
    let copy: Record<string, unknown> | undefined;
    for (const key of Object.keys(record)) {
      const moved = shift(record[key]);
      if (moved !== record[key]) (copy ??= { ...record })[key] = moved;
    }
    return copy ?? part;
  };
  return shift(value) as T;
}

export function apply<T>(value: T, file: string, moves: Moves): T {
  let moved = value;
  for (const { from, delta } of moves) if (delta !== 0) moved = shiftAfter(moved, file, from, delta);
  return moved;
}

/**
 * `moves` then `next`, merged into the last move when one move gives the same places: every
 * location is below the last move's hole or at or after its end, so when `next` starts between
 * the two, it moves exactly the locations the last move moved (typing, then deleting, in one
 * section: each keystroke merges into one move).
 */
export function append(moves: Moves, from: number, delta: number, hole: number): Moves {
  // Every section after an edit was usually moved by the same earlier edits (the same list): the
  // last answer is kept, so an edit makes one list for all of them instead of one per section.
  const kept = lastAppend;
  if (kept && kept.moves === moves && kept.from === from && kept.delta === delta && kept.hole === hole) return kept.result;
  const last = moves[moves.length - 1];
  const result =
    last && last.hole <= from && from <= last.from + last.delta
      ? [...moves.slice(0, -1), { from: last.from, delta: last.delta + delta, hole: last.hole }]
      : [...moves, { from, delta, hole }];
  lastAppend = { moves, from, delta, hole, result };
  return result;
}

let lastAppend: (Move & { readonly moves: Moves; readonly result: Moves }) | undefined;

/**
 * `moves` then `next` as one move, for a lowering every one of whose moves came from an edit after
 * the file's last defaults section (`uniform`): its own locations lie after every such edit and
 * the ones it inherits lie in defaults sections before every one of them, so all its moved
 * locations move by the sum of the deltas, and the first move's place and hole still split them
 * in the lowering's own offsets. The list stays one move however long the editing goes on (no
 * lowering again past a few moves), and two lowerings moved by the same sum move the same.
 */
export function collapse(moves: Moves, from: number, delta: number, hole: number): Moves {
  // Every section after an edit was usually moved by one earlier edit (the same list), or not
  // yet: the last answer is kept, so a keystroke makes one list for all of them, not one each.
  const kept = lastCollapse;
  if (kept && kept.moves === moves && kept.delta === delta && (moves.length > 0 || (kept.from === from && kept.hole === hole))) return kept.result;
  const first = moves[0];
  const result = first ? [{ from: first.from, delta: first.delta + delta, hole: first.hole }] : [{ from, delta, hole }];
  lastCollapse = { moves, from, delta, hole, result };
  return result;
}

let lastCollapse: (Move & { readonly moves: Moves; readonly result: Moves }) | undefined;

/** The moves of a lowering not moved yet. */
export const NO_MOVES: Moves = [];

/** A location moved by `moves` (each moves what starts at or after its `from`). */
export function moveLoc(loc: Loc, file: string, moves: Moves): Loc {
  if (loc.file !== file) return loc;
  let { start, end } = loc;
  for (const { from, delta } of moves) {
    if (start >= from) {
      start += delta;
      end += delta;
    }
  }
  return start === loc.start ? loc : { file: loc.file, start, end };
}

export const isLoc = (value: unknown): value is Loc =>
  typeof value === 'object' && value !== null && typeof (value as Loc).file === 'string' && typeof (value as Loc).start === 'number' && typeof (value as Loc).end === 'number';
/** Whether `moves` leave every location where it was (text typed, then deleted again). */
export function movesNothing(moves: Moves): boolean {
  for (const move of moves) if (move.delta !== 0) return false;
  return true;
}
