/**
 * The sections after an edit, remembered with what the lowering's walk made of them, so that an
 * edit that moves them as an earlier one did takes that walk's lists instead of moving and walking
 * every section again. A character typed and deleted at one place moves the rest of the file by
 * one and back: the views of the typed version serve every later typing there (shift.ts gives them
 * back one by one), and with this memo the lists of that version's walk do too, so such an edit
 * costs its own section and a compare of two arrays of pointers, not a visit of every later section.
 *
 * An entry says: given these sections and lowerings (the previous version's, from `from` on) and
 * an edit before them that changes the length by `delta`, the moved sections and lent lowerings
 * are `sections` and `outputs`, and `walk` holds their contributions. It serves any later edit
 * whose previous version has the same objects from its own tail's start on (the tail may start
 * later than the entry's), with the same length change, pools and file; the moved lowerings do not
 * depend on where the edit was when every one moves uniformly (moves.ts collapse), else the place
 * must be the same too.
 */
import type { PoolIndex } from './lower';
import type { ProxyLowering } from './lower-proxy';
import { sharedFrom, type LoweringWalk } from './lowering-walk';
import type { HaSection } from './syntax';

export interface TailEntry {
  /** The first section of the entry's tail (the section after the edit that made it). */
  readonly from: number;
  readonly delta: number;
  readonly pools: PoolIndex;
  readonly file: string;
  /** The previous version's sections and lowerings the entry moved (indexed by section; those before `from` are not read). */
  readonly sectionInputs: readonly HaSection[];
  readonly inputs: readonly (ProxyLowering | undefined)[];
  /** What they were moved to, and the walk that read them. */
  readonly sections: readonly HaSection[];
  readonly outputs: readonly (ProxyLowering | undefined)[];
  readonly walk: LoweringWalk;
  /** Where the edit's body was, when some moved lowering depends on it (`undefined`: none does). */
  readonly place: { readonly start: number; readonly end: number } | undefined;
}

/** How many entries a version keeps: one per direction of a typed and deleted character. */
const ENTRIES = 2;

/** What an edit at section `index` asks of the memo. */
export interface TailQuery {
  readonly index: number;
  readonly delta: number;
  readonly pools: PoolIndex;
  readonly file: string;
  readonly sections: readonly HaSection[];
  readonly lowerings: readonly (ProxyLowering | undefined)[];
  readonly place: { readonly start: number; readonly end: number };
}

/** The entry that moves the query's tail (the sections after `index`), if one does. */
export function findTail(entries: readonly TailEntry[], query: TailQuery): TailEntry | undefined {
  const from = query.index + 1;
  const count = query.sections.length;
  if (from >= count) return undefined;
  for (const entry of entries) {
    if (entry.from > from || entry.delta !== query.delta || entry.pools !== query.pools || entry.file !== query.file) continue;
    if (entry.inputs.length !== count || entry.sectionInputs.length !== count) continue;
    if (entry.place && (entry.place.start !== query.place.start || entry.place.end !== query.place.end)) continue;
    if (!sharedFrom(entry.walk, from)) continue;
    if (sameFrom(entry.inputs, query.lowerings, from) && sameFrom(entry.sectionInputs, query.sections, from)) return entry;
  }
  return undefined;
}

function sameFrom<T>(a: readonly T[], b: readonly T[], from: number): boolean {
  for (let i = from; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** The entries a version keeps: `made` (a tail moved and walked afresh) first, then the older ones. */
export function keptEntries(entries: readonly TailEntry[], made: TailEntry | undefined): readonly TailEntry[] {
  if (!made) return entries;
  return [made, ...entries].slice(0, ENTRIES);
}

/** Whether every lowering of `outputs` from `from` on moves the same wherever the edit before it was. */
export function movesAnywhere(outputs: readonly (ProxyLowering | undefined)[], from: number): boolean {
  for (let i = from; i < outputs.length; i++) if ((outputs[i] as { readonly uniform?: boolean } | undefined)?.uniform === false) return false;
  return true;
}
