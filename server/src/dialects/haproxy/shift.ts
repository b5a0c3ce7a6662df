/**
 * Moving a proxy section's lowering (problems, notes, references, its pool) when an edit before
 * the section changed the text's length, without lowering the section again. Plain data is copied
 * with its locations moved; a pool's members and its computed facts (health) are views over the
 * lowered originals that move each location when it is read, so an edit costs a few objects per
 * pool after it, not a walk of every server. Moves compose: a view of a view keeps the original
 * and the list of moves, so a long editing session does not stack views.
 */
import type { Member, Pool } from '../../core/model';
import type { ProxyLowering } from './lower-proxy';

/**
 * Moves every location in `file` that starts at or after `from` by `delta`. `hole` is where the
 * edited section's body starts: no location a moved lowering holds lies in `[hole, from)` (that
 * body is lowered again, and no other section points into it), which lets moves merge.
 */
interface Move {
  readonly from: number;
  readonly delta: number;
  readonly hole: number;
}

/** Views of a lowering moved more often than this (edits in turn in far apart sections) are lowered again. */
const MAX_MOVES = 8;

type Moves = readonly Move[];

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

function apply<T>(value: T, file: string, moves: Moves): T {
  let moved = value;
  for (const { from, delta } of moves) if (delta !== 0) moved = shiftAfter(moved, file, from, delta);
  return moved;
}

/** The original of a view and the moves applied to it. */
const ORIGINS = new WeakMap<object, { readonly origin: object; readonly moves: Moves }>();

function originOf<T extends object>(value: T, move: Move): { origin: T; moves: Moves } {
  const known = ORIGINS.get(value);
  return known ? { origin: known.origin as T, moves: append(known.moves, move) } : { origin: value, moves: [move] };
}

/**
 * `moves` then `next`, merged into the last move when one move gives the same places: every
 * location is below the last move's hole or at or after its end, so when `next` starts between
 * the two, it moves exactly the locations the last move moved (typing, then deleting, in one
 * section: each keystroke merges into one move).
 */
function append(moves: Moves, next: Move): Moves {
  const last = moves[moves.length - 1];
  if (last && last.hole <= next.from && next.from <= last.from + last.delta) {
    return [...moves.slice(0, -1), { from: last.from, delta: last.delta + next.delta, hole: last.hole }];
  }
  return [...moves, next];
}

/** Whether the views of `pool` may be moved once more, or its section should be lowered again. */
export function movable(pool: Pool): boolean {
  return (ORIGINS.get(pool)?.moves.length ?? 0) < MAX_MOVES;
}

/** Accessor properties of `value` and its prototypes (the nearest wins), and its `toJSON`. */
function accessors(value: object): Map<string, PropertyDescriptor> {
  const found = new Map<string, PropertyDescriptor>();
  for (let at: object | null = value; at && at !== Object.prototype; at = Object.getPrototypeOf(at) as object | null) {
    for (const [key, descriptor] of Object.entries(Object.getOwnPropertyDescriptors(at))) {
      if (found.has(key)) continue;
      if (descriptor.get || (key === 'toJSON' && typeof descriptor.value === 'function')) found.set(key, descriptor);
    }
  }
  return found;
}

const MEMBER = Symbol('member');
const MOVES = Symbol('moves');
const READ = Symbol('read');
const FILE = Symbol('file');

interface MemberView {
  readonly [MEMBER]: Member;
  readonly [MOVES]: Moves;
  readonly [FILE]: string;
  readonly [READ]: Map<string, unknown>;
}

/**
 * The prototype of the views of members made by one class: the member's own fields read through,
 * its getters (and `toJSON`) give the member's value with the view's moves, each once per view.
 * Made once per class, so a view costs one small object.
 */
const VIEW_PROTOTYPES = new WeakMap<object, object>();

function viewPrototype(member: Member): object {
  const prototype = Object.getPrototypeOf(member) as object;
  let view = VIEW_PROTOTYPES.get(prototype);
  if (!view) {
    view = Object.create(prototype) as object;
    for (const [key, descriptor] of accessors(prototype)) {
      const moved = function (this: MemberView): unknown {
        // Read on the prototype itself (a debugger, a test printer): there is no member to move.
        if (!this[READ]) return undefined;
        if (!this[READ].has(key)) this[READ].set(key, apply(descriptor.get ? Reflect.get(this[MEMBER], key) : (descriptor.value as () => unknown).call(this[MEMBER]), this[FILE], this[MOVES]));
        return this[READ].get(key);
      };
      if (descriptor.get) Object.defineProperty(view, key, { get: moved, enumerable: descriptor.enumerable ?? false });
      else Object.defineProperty(view, key, { value: moved });
    }
    VIEW_PROTOTYPES.set(prototype, view);
  }
  // Own fields read through (a class may set one only on some members).
  for (const key of Object.keys(member)) {
    if (!Object.prototype.hasOwnProperty.call(view, key)) {
      Object.defineProperty(view, key, {
        get(this: MemberView) {
          return (this[MEMBER] as unknown as Record<string, unknown> | undefined)?.[key];
        },
        enumerable: true,
      });
    }
  }
  return view;
}

/** A view of a lowered member whose locations read `moves` further on; everything else is the member's. */
function memberView(member: Member, file: string, moves: Moves): Member {
  const view = Object.create(viewPrototype(member)) as Record<symbol, unknown>;
  view[MEMBER] = member;
  view[MOVES] = moves;
  view[FILE] = file;
  view[READ] = new Map<string, unknown>();
  return view as unknown as Member;
}

/** A lowered pool's own properties, read once: its views are made again after every edit before it. */
const OWN_PROPERTIES = new WeakMap<object, [string, PropertyDescriptor][]>();

function ownProperties(value: object): [string, PropertyDescriptor][] {
  let entries = OWN_PROPERTIES.get(value);
  if (!entries) {
    entries = Object.entries(Object.getOwnPropertyDescriptors(value));
    OWN_PROPERTIES.set(value, entries);
  }
  return entries;
}

/** A pool moved: plain fields copied with their locations moved, members and getters as views. */
function movePool(pool: Pool, file: string, move: Move): Pool {
  const { origin, moves } = originOf(pool, move);
  const view: Record<string, unknown> = {};
  for (const [key, descriptor] of ownProperties(origin)) {
    if (descriptor.get) {
      const get = descriptor.get;
      let cached: { value: unknown } | undefined;
      Object.defineProperty(view, key, { get: () => (cached ??= { value: apply(get.call(origin), file, moves) }).value, enumerable: descriptor.enumerable ?? true, configurable: true });
    } else if (key === 'members') {
      // The origin's members are the lowered ones, never views.
      view[key] = origin.members.map((member) => memberView(member, file, moves));
    } else view[key] = apply(descriptor.value, file, moves);
  }
  ORIGINS.set(view, { origin, moves });
  return view as unknown as Pool;
}

/**
 * A section's lowering moved by an edit before it (`from`: where the edited section's body ended,
 * `hole`: where it started); undefined when the section should be lowered again instead.
 */
export function moveLowering(lowered: ProxyLowering, file: string, from: number, delta: number, hole: number): ProxyLowering | undefined {
  if (delta === 0) return lowered;
  const move = { from, delta, hole };
  const built = lowered.built;
  if (built && !movable(built.pool)) return undefined;
  return {
    ...lowered,
    problems: shiftAfter(lowered.problems, file, from, delta),
    notes: shiftAfter(lowered.notes, file, from, delta),
    references: shiftAfter(lowered.references, file, from, delta),
    dynamic: shiftAfter(lowered.dynamic, file, from, delta),
    ...(built
      ? { built: { pool: movePool(built.pool, file, move), problems: shiftAfter(built.problems, file, from, delta), tracks: shiftAfter(built.tracks, file, from, delta) } }
      : {}),
  };
}
