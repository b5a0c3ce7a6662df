/**
 * The `default-server` levels a backend's servers read their inherited parameters through
 * (`ServerDefaults`): the defaults section's list, then each `default-server` line of the proxy
 * as one more level over the last. The members of servers.ts read their inherited slots and
 * parameters through them.
 */
import { inheritedSlots, lastNamed, ONLY_SLOTS, ownSlot, readOwnSlots, readServerParams, readSlots, SLOT_COUNT, SLOT_MASK, slotParamAt, type ServerParam, type Slots } from './server-params';
import type { HaLine } from './syntax';

/** The parameters of a level that keeps its line instead. */
const NO_OWN_PARAMS: readonly ServerParam[] = Object.freeze([]) as readonly ServerParam[];

/**
 * The `default-server` parameters in effect for the servers that follow: the defaults section's
 * list (its slots read once for every proxy inheriting it), then each `default-server` line of
 * the proxy before them as one more level over the last, holding that line's parameters and which
 * slots they touch. A level keeps no copy of the slots or of the list below it: a slot is read
 * from the nearest level that touches it, a parameter by name from the last level down, and the
 * whole list is made only when a member's parameter list is (few of them). A line whose
 * parameters all set or empty at most three slots (`check maxconn 100 weight 3`: every backend's
 * line in the bench file) keeps no parameter list either, only the line and where each slot's
 * parameter is written on it (`positions`): a slot's parameter is made again from there when
 * asked, and a name without a slot is neither set nor cancelled by the line.
 */
export class ServerDefaults {
  private constructor(
    private readonly parent: ServerDefaults | undefined,
    /** The level's parameters; empty for a line of slot parameters alone (`line`). */
    private readonly params: readonly ServerParam[],
    /** The slots of the defaults section's list, at the root only. */
    private readonly slots: Slots | undefined,
    private readonly touched: number,
    /** The file of the proxy: kept here, once per level, rather than by every member. */
    readonly file: string,
    /** A `default-server` line of slot parameters alone, read again from its words (from word 1). */
    private readonly line: HaLine | undefined,
    /** With `line`: the word index plus one of each touched slot's parameter (0: emptied), nine bits each, in slot order. */
    private readonly positions: number,
  ) {}

  /** The defaults section's list, one object for every proxy of `file` inheriting it (a list that grew is read again). */
  static root(list: readonly ServerParam[], file: string): ServerDefaults {
    const known = ROOTS.get(list);
    if (known && known.file === file && known.params.length === list.length) return known;
    const root = new ServerDefaults(undefined, list, inheritedSlots(list), 0, file, undefined, 0);
    ROOTS.set(list, root);
    return root;
  }

  /**
   * These defaults with the parameters of `default-server` line `line` applied over them, which
   * are also applied to `slots` (the slots in effect, a scratch copy the caller owns): a slot the
   * line sets holds its parameter there, a slot it empties holds nothing.
   */
  then(line: HaLine, slots: Slots): ServerDefaults {
    const scan = readOwnSlots(line, 1, levelAt);
    const touched = scan & SLOT_MASK;
    const positions = (scan & ONLY_SLOTS) !== 0 ? packedPositions(touched) : -1;
    if (positions < 0) {
      const params = readServerParams(line, 1).params;
      return new ServerDefaults(this, params, undefined, readSlots(params, slots), this.file, undefined, 0);
    }
    for (let slot = 0; slot < SLOT_COUNT; slot++) if (((touched >> slot) & 1) !== 0) slots[slot] = levelAt[slot]! >= 0 ? slotParamAt(line, levelAt[slot]!, slot) : undefined;
    return new ServerDefaults(this, NO_OWN_PARAMS, undefined, touched, this.file, line, positions);
  }

  /** Where the parameter of slot `slot` (touched) of a level keeping its line is written, or -1 when the line empties the slot. */
  private positionOf(slot: number): number {
    let k = 0;
    for (let s = 0; s < slot; s++) k += (this.touched >> s) & 1;
    return ((this.positions >> (POSITION_BITS * k)) & POSITION_MASK) - 1;
  }

  /** Whether slot `slot` is set, as `slot` reads it, without making its parameter. */
  has(slot: number): boolean {
    for (let at: ServerDefaults | undefined = this; at; at = at.parent) {
      if (at.slots) return at.slots[slot] !== undefined;
      if (((at.touched >> slot) & 1) !== 0) return at.line ? at.positionOf(slot) >= 0 : ownSlot(at.params, slot) !== undefined;
    }
    return false;
  }

  /** The effective parameter of slot `slot`. */
  slot(slot: number): ServerParam | undefined {
    for (let at: ServerDefaults | undefined = this; at; at = at.parent) {
      if (at.slots) return at.slots[slot];
      if (((at.touched >> slot) & 1) !== 0) {
        if (!at.line) return ownSlot(at.params, slot);
        const position = at.positionOf(slot);
        return position < 0 ? undefined : slotParamAt(at.line, position, slot);
      }
    }
    return undefined;
  }

  /** Parameter `name` as these defaults leave it (`lastNamed` of server-params.ts over every level, the last first). */
  named(name: string, canceller: string | undefined): ServerParam | null | undefined {
    for (let at: ServerDefaults | undefined = this; at; at = at.parent) {
      const found = lastNamed(at.params, name, canceller);
      if (found !== undefined) return found;
    }
    return undefined;
  }

  /** Every level's parameters in order, the defaults section's first. */
  get list(): readonly ServerParam[] {
    return this.parent ? this.parent.list.concat(this.line ? readServerParams(this.line, 1).params : this.params) : this.params;
  }
}

/** Where the parameter of each slot the `default-server` line being read touches is (`readOwnSlots`). */
const levelAt = new Int32Array(SLOT_COUNT);

const POSITION_BITS = 9;
const POSITION_MASK = (1 << POSITION_BITS) - 1;

/**
 * The word indexes (plus one, 0 for a slot emptied) of the touched slots' parameters in `levelAt`,
 * nine bits each in slot order, or -1 when they do not fit: more than three slots, or a word past
 * the 510th (the level then keeps its parameter list).
 */
function packedPositions(touched: number): number {
  let packed = 0;
  let k = 0;
  for (let slot = 0; slot < SLOT_COUNT; slot++) {
    if (((touched >> slot) & 1) === 0) continue;
    const position = levelAt[slot]! + 1;
    if (k === 3 || position >= POSITION_MASK) return -1;
    packed |= position << (POSITION_BITS * k++);
  }
  return packed;
}

const ROOTS = new WeakMap<readonly ServerParam[], ServerDefaults>();
