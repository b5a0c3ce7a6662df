/**
 * Moving a proxy section's lowering (problems, notes, references, its pool) when an edit before
 * the section changed the text's length, without lowering the section again. Plain data is copied
 * with its locations moved; a pool's members and its computed facts (health) are views over the
 * lowered originals that move each location when it is read, so an edit costs a few objects per
 * pool after it, not a walk of every server. Moves compose: a view of a view keeps the original
 * and the list of moves, so a long editing session does not stack views.
 */
import type { ParseProblem } from '../../core/finding';
import type { DirectiveNote, FactValue, HealthCheck, Member, Pool, Reference } from '../../core/model';
import { MOVED_FROM } from '../../core/moved-from';
import type { ProxyLowering } from './lower-proxy';
import { moveList, moveNotes, moveReference, RESOLVED_WITH, resolveLowering, type PoolKeys } from './moved-references';
import { append, apply, collapse, isLoc, moveLoc, movesNothing, NO_MOVES, type Moves } from './moves';

export { resolveLowering, type PoolKeys };

/** Views of a lowering moved more often than this (edits in turn in far apart sections) are lowered again. */
const MAX_MOVES = 8;

/** The original of a pool view (one with computed fields, moved field by field), the moves applied to it, and its values moved so far. */
interface ViewState {
  readonly origin: object;
  readonly moves: Moves;
  readonly file: string;
  read?: Map<string, unknown>;
}
const ORIGINS = new WeakMap<object, ViewState>();


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
  /** The moved values of the getters read so far, made at the first read. */
  [READ]?: Map<string, unknown>;
}

/** Member getters whose values hold no location (servers.ts reads them from the line or packed scalars). */
const LOCATION_FREE_GETTERS: ReadonlySet<string> = new Set(['name', 'address', 'weight', 'weightExplicit', 'role', 'state', 'file']);

/**
 * The prototype of the views of members made by one class: the member's own fields read through,
 * its getters (and `toJSON`) give the member's value with the view's moves, each once per view.
 * Made once per class, so a view costs one small object.
 */
const VIEW_PROTOTYPES = new WeakMap<object, object>();
/** Members whose own fields their class's view prototype reads through already. */
const THROUGH = new WeakSet<Member>();

function viewPrototype(member: Member): object {
  const prototype = Object.getPrototypeOf(member) as object;
  let view = VIEW_PROTOTYPES.get(prototype);
  if (!view) {
    view = Object.create(prototype) as object;
    for (const [key, descriptor] of accessors(prototype)) {
      if (LOCATION_FREE_GETTERS.has(key)) {
        // Read through, unmoved and not kept: a value without a location (a name, a weight) is the member's.
        Object.defineProperty(view, key, {
          get(this: MemberView) {
            return this[MEMBER] ? Reflect.get(this[MEMBER], key) : undefined;
          },
          enumerable: descriptor.enumerable ?? false,
        });
        continue;
      }
      const moved = function (this: MemberView): unknown {
        // Read on the prototype itself (a debugger, a test printer): there is no member to move.
        if (!this[MEMBER]) return undefined;
        const read = (this[READ] ??= new Map<string, unknown>());
        if (!read.has(key)) read.set(key, apply(descriptor.get ? Reflect.get(this[MEMBER], key) : (descriptor.value as () => unknown).call(this[MEMBER]), this[FILE], this[MOVES]));
        return read.get(key);
      };
      if (descriptor.get) Object.defineProperty(view, key, { get: moved, enumerable: descriptor.enumerable ?? false });
      else Object.defineProperty(view, key, { value: moved });
    }
    VIEW_PROTOTYPES.set(prototype, view);
  }
  // Own fields read through (a class may set one only on some members); a member is looked at
  // once, as the lowered members are moved again after every edit before them.
  if (THROUGH.has(member)) return view;
  THROUGH.add(member);
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

/** The view prototype of each member of a lowered pool, found at its first move. */
const MEMBER_PROTOTYPES = new WeakMap<Pool, readonly object[]>();

/**
 * Views of a lowered pool's members whose locations read `moves` further on; everything else is
 * the member's. A pool's members are looked at once for their view prototypes: the same lowered
 * pool is moved again after every edit before it.
 */
function memberViews(origin: Pool, file: string, moves: Moves): Member[] {
  const members = origin.members;
  let prototypes = MEMBER_PROTOTYPES.get(origin);
  if (!prototypes) {
    prototypes = members.map(viewPrototype);
    MEMBER_PROTOTYPES.set(origin, prototypes);
  }
  const views = new Array<Member>(members.length);
  for (let i = 0; i < members.length; i++) {
    const view = Object.create(prototypes[i]!) as Record<symbol, unknown>;
    view[MEMBER] = members[i];
    view[MOVES] = moves;
    view[FILE] = file;
    views[i] = view as unknown as Member;
  }
  return views;
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

/** Pool fields that hold no location: shared by every view. */
const LOCATION_FREE: ReadonlySet<string> = new Set(['key', 'name', 'dialect', 'kind', 'context', 'algorithm', 'algorithmText']);


/**
 * A pool's facts moved: a fact written in the defaults section it inherits from stays the same
 * object (an edit in a defaults section is analysed whole), one written in the section is copied.
 */
function moveFacts(facts: Pool['facts'], file: string, moves: Moves): Pool['facts'] {
  const moved: Record<string, FactValue> = {};
  for (const name in facts) {
    const fact = facts[name]!;
    const loc = moveLoc(fact.loc, file, moves);
    moved[name] = loc === fact.loc ? fact : { value: fact.value, loc };
  }
  return moved;
}

/**
 * The accessor of a moved pool's field `key`: the origin's value (a getter's or a field's), moved
 * when first read and kept. One descriptor per key for every view, so a view costs no closures.
 */
const LAZY_FIELDS = new Map<string, PropertyDescriptor>();

function lazyField(key: string, enumerable: boolean): PropertyDescriptor {
  const id = `${enumerable ? '+' : '-'}${key}`;
  let descriptor = LAZY_FIELDS.get(id);
  if (!descriptor) {
    descriptor = {
      get(this: object): unknown {
        const state = ORIGINS.get(this)!;
        const read = (state.read ??= new Map<string, unknown>());
        if (read.has(key)) return read.get(key);
        const origin = state.origin as Pool;
        const value = apply(Reflect.get(origin, key) as unknown, state.file, state.moves);
        read.set(key, value);
        return value;
      },
      enumerable,
      configurable: true,
    };
    LAZY_FIELDS.set(id, descriptor);
  }
  return descriptor;
}

/** A pool's health moved: only its locations change. */
function moveHealth(health: HealthCheck, file: string, moves: Moves): HealthCheck {
  const activeLoc = health.activeLoc && moveLoc(health.activeLoc, file, moves);
  if (activeLoc === health.activeLoc && health.passiveDisabledAt.length === 0) return health;
  const passiveDisabledAt = health.passiveDisabledAt.length === 0 ? health.passiveDisabledAt : health.passiveDisabledAt.map((loc) => moveLoc(loc, file, moves));
  const { active, passive } = health;
  // The fields in pool.ts's order, so that the view serialises as a fresh pool's health does.
  return activeLoc ? { active, activeLoc, passive, passiveDisabledAt } : { active, passive, passiveDisabledAt };
}

/** A lowered pool moved by `moves`: a pool as lowering writes it by the code below, any other field by field. */
function movePool(origin: Pool, file: string, moves: Moves): Pool {
  if (isLoweredPool(origin)) return moveLoweredPool(origin, file, moves);
  const view = moveAnyPool(origin, file, moves);
  ORIGINS.set(view, { origin, moves, file });
  return view as unknown as Pool;
}

/** The fields buildPool (pool.ts) writes, all plain data, in its order. */
const LOWERED_FIELDS: ReadonlySet<string> = new Set([
  'key', 'name', 'dialect', 'kind', 'context', 'loc', 'nameLoc', 'algorithm', 'algorithmText', 'algorithmLoc', 'hash', 'members', 'health', 'stickiness', 'facts', 'memberReferences',
]);
const LOWERED = new WeakMap<object, boolean>();

/** Whether a pool has only the plain fields lowering writes (then it is moved by the code below, without a walk over its fields). */
function isLoweredPool(origin: Pool): boolean {
  let known = LOWERED.get(origin);
  if (known === undefined) {
    known = ownProperties(origin).every(([key, descriptor]) => LOWERED_FIELDS.has(key) && !descriptor.get);
    LOWERED.set(origin, known);
  }
  return known;
}

/**
 * A pool as lowering writes it, moved, field by field in its order: fields without locations
 * shared, its locations, hash, health and stickiness moved at once, its members (a view per
 * server) when first read, and its facts as a view that moves a fact when it is read
 * (`movedFacts`). No rule that runs on every keystroke reads those of a pool outside the edit
 * (the per-pool rules carry their findings), so most are never made. `members` is an own
 * enumerable getter, so a spread or a JSON copy reads it like a field; facts are a proxy rather
 * than a second getter, as defining a getter on each pool costs about a microsecond per edit.
 */
class MovedPool {
  readonly #origin: Pool;
  readonly #file: string;
  readonly #moves: Moves;
  #members: readonly Member[] | undefined;

  /** Shared by every view, so that views keep one shape. */
  static readonly #MEMBERS: PropertyDescriptor = {
    get(this: MovedPool) {
      return (this.#members ??= memberViews(this.#origin, this.#file, this.#moves));
    },
    enumerable: true,
  };

  /** The pool this view was moved from: it reads the same but for its locations (core/moved-from.ts). */
  get [MOVED_FROM](): Pool {
    return this.#origin;
  }

  constructor(origin: Pool, file: string, moves: Moves) {
    this.#origin = origin;
    this.#file = file;
    this.#moves = moves;
    const view = this as unknown as Record<string, unknown>;
    view.key = origin.key;
    view.name = origin.name;
    view.dialect = origin.dialect;
    view.kind = origin.kind;
    view.context = origin.context;
    view.loc = moveLoc(origin.loc, file, moves);
    view.nameLoc = moveLoc(origin.nameLoc, file, moves);
    view.algorithm = origin.algorithm;
    view.algorithmText = origin.algorithmText;
    if (origin.algorithmLoc) view.algorithmLoc = moveLoc(origin.algorithmLoc, file, moves);
    if (origin.hash) view.hash = origin.hash.keyLoc ? apply(origin.hash, file, moves) : origin.hash;
    Object.defineProperty(this, 'members', MovedPool.#MEMBERS);
    view.health = moveHealth(origin.health, file, moves);
    if (origin.stickiness) view.stickiness = { kind: origin.stickiness.kind, loc: moveLoc(origin.stickiness.loc, file, moves) };
    view.facts = movedFacts(origin.facts, file, moves);
    if (origin.memberReferences) view.memberReferences = apply(origin.memberReferences, file, moves);
  }
}

/**
 * Facts that read as `moveFacts` gives them, each moved when first read: a proxy whose own keys,
 * `in`, spreads, `Object.entries` and JSON are the lowered record's, with moved values. A moved
 * pool's facts are read only when a rule runs on it again, which an edit rarely asks for; the
 * proxy and its state are two small objects, one handler serves every pool.
 */
function movedFacts(facts: Pool['facts'], file: string, moves: Moves): Pool['facts'] {
  return new Proxy(new MovedFactsState(facts, file, moves), MOVED_FACTS) as unknown as Pool['facts'];
}

class MovedFactsState {
  moved: Map<string, FactValue> | undefined;
  constructor(
    readonly facts: Pool['facts'],
    readonly file: string,
    readonly moves: Moves,
  ) {}

  read(name: string): FactValue | undefined {
    if (!Object.prototype.hasOwnProperty.call(this.facts, name)) return undefined;
    const fact = this.facts[name]!;
    const moved = (this.moved ??= new Map());
    let value = moved.get(name);
    if (!value) {
      const loc = moveLoc(fact.loc, this.file, this.moves);
      value = loc === fact.loc ? fact : { value: fact.value, loc };
      moved.set(name, value);
    }
    return value;
  }
}

/** The state object is the proxy's target only to hold the state: every trap answers from the lowered record. */
const MOVED_FACTS: ProxyHandler<MovedFactsState> = {
  get: (state, name) => (typeof name === 'string' && Object.prototype.hasOwnProperty.call(state.facts, name) ? state.read(name) : Reflect.get(state.facts, name)),
  getPrototypeOf: (state) => Reflect.getPrototypeOf(state.facts),
  has: (state, name) => Object.prototype.hasOwnProperty.call(state.facts, name),
  ownKeys: (state) => Reflect.ownKeys(state.facts),
  getOwnPropertyDescriptor: (state, name) => {
    if (typeof name !== 'string' || !Object.prototype.hasOwnProperty.call(state.facts, name)) return undefined;
    return { value: state.read(name), writable: false, enumerable: true, configurable: true };
  },
  set: () => false,
  defineProperty: () => false,
  deleteProperty: () => false,
};

function moveLoweredPool(origin: Pool, file: string, moves: Moves): Pool {
  return new MovedPool(origin, file, moves) as unknown as Pool;
}

/** Any other pool: plain fields moved, computed ones when first read. */
function moveAnyPool(origin: Pool, file: string, moves: Moves): Record<string, unknown> {
  const view: Record<string, unknown> = {};
  for (const [key, descriptor] of ownProperties(origin)) {
    if (key === 'members') view[key] = memberViews(origin, file, moves);
    else if (key === 'facts') view[key] = moveFacts(origin.facts, file, moves);
    else if (key === 'health') view[key] = moveHealth(origin.health, file, moves);
    else if (descriptor.get) Object.defineProperty(view, key, lazyField(key, descriptor.enumerable ?? true));
    else if (LOCATION_FREE.has(key)) view[key] = descriptor.value;
    else if (isLoc(descriptor.value)) view[key] = moveLoc(descriptor.value, file, moves);
    else view[key] = apply(descriptor.value as unknown, file, moves);
  }
  return view;
}

/**
 * A section's lowering moved by the edits since it was lowered: one shape for every moved lowering
 * (a literal with a symbol key and a field added later made each a dictionary). It keeps the
 * section's own lowering and the moves, so the next edit moves that origin again.
 */
class MovedLowering implements ProxyLowering {
  readonly problems: readonly ParseProblem[];
  readonly notes: readonly DirectiveNote[];
  readonly references: readonly Reference[];
  readonly dynamic: readonly FactValue[];
  readonly named: boolean;
  readonly candidate: boolean;
  readonly serves: boolean;
  readonly built: ProxyLowering['built'];
  [RESOLVED_WITH]: PoolKeys | undefined;
  readonly origin: ProxyLowering;
  readonly moves: Moves;
  /** Whether the origin's pool is one lowering wrote (`isLoweredPool`), found at its first move. */
  readonly plainPool: boolean;
  /** Whether every move came from an edit after the file's last defaults section: `moves` is then one move (moves.ts `collapse`). */
  readonly uniform: boolean;
  readonly file: string;

  constructor(origin: ProxyLowering, moves: Moves, plainPool: boolean, file: string, poolKeys: PoolKeys | undefined, uniform: boolean) {
    this.problems = moveList(origin.problems, file, moves);
    this.notes = moveNotes(origin.notes, file, moves);
    this.references = moveReferences(origin.references, file, moves);
    this.dynamic = moveList(origin.dynamic, file, moves);
    this.named = origin.named;
    this.candidate = origin.candidate;
    this.serves = origin.serves;
    const built = origin.built;
    this.built = built && {
      pool: plainPool ? moveLoweredPool(built.pool, file, moves) : movePool(built.pool, file, moves),
      problems: moveList(built.problems, file, moves),
      tracks: moveReferences(built.tracks, file, moves),
    };
    this[RESOLVED_WITH] = poolKeys;
    this.origin = origin;
    this.moves = moves;
    this.plainPool = plainPool;
    this.uniform = uniform;
    this.file = file;
  }

  /** Whether this view is `origin` moved by the one move of `delta` an edit pattern asks for again. */
  movesAs(origin: ProxyLowering, delta: number, file: string, poolKeys: PoolKeys | undefined): boolean {
    return this.origin === origin && this.uniform && this.moves[0]!.delta === delta && this.file === file && this[RESOLVED_WITH] === poolKeys;
  }
}

/**
 * The last uniform view made of each lowering (`MovedLowering.uniform`). Typing a character and
 * deleting it, anywhere before a section, moves the section by one and back: the view of the
 * first keystroke serves every later one, so the section costs no object, and the memoised
 * whole-model rules meet the references, notes and pools they read two versions ago. A view holds
 * no text and no other version's objects, only its origin, so it keeps nothing else alive.
 */
const LAST_VIEW = new WeakMap<ProxyLowering, MovedLowering>();

function moveReferences(list: readonly Reference[], file: string, moves: Moves): readonly Reference[] {
  if (list.length === 0) return list;
  const moved = new Array<Reference>(list.length);
  for (let i = 0; i < list.length; i++) moved[i] = moveReference(list[i]!, file, moves);
  return moved;
}

/**
 * A section's lowering moved by an edit before it (`from`: where the edited section's body ended,
 * `hole`: where it started); undefined when the section should be lowered again instead. It is
 * always made from the section's own lowering with every move since (merged where they can be),
 * so views never stack however long the editing goes on; when the moves cancel out (a character
 * typed, then deleted) it is that lowering itself, whose lists the memoised rules know.
 */
export function moveLowering(
  lowered: ProxyLowering,
  file: string,
  from: number,
  delta: number,
  hole: number,
  poolKeys: PoolKeys | undefined,
  afterDefaults: boolean,
): ProxyLowering | undefined {
  if (delta === 0) return poolKeys ? resolveLowering(lowered, poolKeys) : lowered;
  // A moved lowering, or a copy resolveLowering made of one (which keeps its fields).
  const known = (lowered as Partial<MovedLowering>).moves !== undefined ? (lowered as MovedLowering) : undefined;
  const uniform = afterDefaults && (known ? known.uniform : true);
  const moves = uniform ? collapse(known ? known.moves : NO_MOVES, from, delta, hole) : append(known ? known.moves : NO_MOVES, from, delta, hole);
  // The origin's references name their pools (once per origin and pool map): its views take each
  // reference's pool as it is instead of looking its name up on every keystroke.
  const origin = poolKeys ? resolveLowering(known ? known.origin : lowered, poolKeys) : known ? known.origin : lowered;
  if (movesNothing(moves)) return origin;
  // Edits in turn in far apart sections, some before a defaults section, leave moves that do not
  // merge: past a few, lower again.
  if (moves.length > MAX_MOVES) return undefined;
  if (uniform) {
    const last = LAST_VIEW.get(origin);
    if (last?.movesAs(origin, moves[0]!.delta, file, poolKeys)) return last;
  }
  const plainPool = known ? known.plainPool : origin.built !== undefined && isLoweredPool(origin.built.pool);
  const view = new MovedLowering(origin, moves, plainPool, file, poolKeys, uniform);
  if (uniform) LAST_VIEW.set(origin, view);
  return view;
}
