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

/** Moves every location in `file` that starts at or after `from` by `delta`. */
interface Move {
  readonly from: number;
  readonly delta: number;
}

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
  for (const { from, delta } of moves) moved = shiftAfter(moved, file, from, delta);
  return moved;
}

/** The original of a view and the moves applied to it. */
const ORIGINS = new WeakMap<object, { readonly origin: object; readonly moves: Moves }>();

function originOf<T extends object>(value: T, move: Move): { origin: T; moves: Moves } {
  const known = ORIGINS.get(value);
  return known ? { origin: known.origin as T, moves: [...known.moves, move] } : { origin: value, moves: [move] };
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

/** A view of a lowered member whose locations read `moves` further on; everything else is the member's. */
function memberView(member: Member, file: string, moves: Moves): Member {
  const view = Object.create(member) as Member;
  for (const [key, descriptor] of accessors(member)) {
    if (descriptor.get) Object.defineProperty(view, key, { get: () => apply(Reflect.get(member, key), file, moves), enumerable: descriptor.enumerable ?? false });
    else Object.defineProperty(view, key, { value: () => apply((descriptor.value as () => unknown).call(member), file, moves) });
  }
  return view;
}

/** A pool moved: plain fields copied with their locations moved, members and getters as views. */
function movePool(pool: Pool, file: string, move: Move): Pool {
  const { origin, moves } = originOf(pool, move);
  const view: Record<string, unknown> = {};
  for (const [key, descriptor] of Object.entries(Object.getOwnPropertyDescriptors(origin))) {
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

/** A section's lowering moved by an edit that ended before it (`from`: the edit's old end). */
export function moveLowering(lowered: ProxyLowering, file: string, from: number, delta: number): ProxyLowering {
  if (delta === 0) return lowered;
  const move = { from, delta };
  const built = lowered.built;
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
