/**
 * Moving a proxy section's lowering (problems, notes, references, its pool) when an edit before
 * the section changed the text's length, without lowering the section again. Plain data is copied
 * with its locations moved; a pool's members and its computed facts (health) are views over the
 * lowered originals that move each location when it is read, so an edit costs a few objects per
 * pool after it, not a walk of every server. Moves compose: a view of a view keeps the original
 * and the list of moves, so a long editing session does not stack views.
 */
import type { ParseProblem } from '../../core/finding';
import type { DirectiveNote, FactValue, HealthCheck, Member, Pool, Reference, RouteMatch, RouteTest } from '../../core/model';
import type { Loc } from '../../core/span';
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

/** The original of a pool view (one with computed fields, moved field by field), the moves applied to it, and its values moved so far. */
interface ViewState {
  readonly origin: object;
  readonly moves: Moves;
  readonly file: string;
  read?: Map<string, unknown>;
}
const ORIGINS = new WeakMap<object, ViewState>();

/**
 * `moves` then `next`, merged into the last move when one move gives the same places: every
 * location is below the last move's hole or at or after its end, so when `next` starts between
 * the two, it moves exactly the locations the last move moved (typing, then deleting, in one
 * section: each keystroke merges into one move).
 */
function append(moves: Moves, from: number, delta: number, hole: number): Moves {
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

/** The moves of a lowering not moved yet. */
const NO_MOVES: Moves = [];

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

/** A location moved by `moves` (each moves what starts at or after its `from`). */
function moveLoc(loc: Loc, file: string, moves: Moves): Loc {
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

const isLoc = (value: unknown): value is Loc =>
  typeof value === 'object' && value !== null && typeof (value as Loc).file === 'string' && typeof (value as Loc).start === 'number' && typeof (value as Loc).end === 'number';

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
  const moved: { -readonly [K in keyof HealthCheck]: HealthCheck[K] } = { active: health.active, passive: health.passive, passiveDisabledAt: health.passiveDisabledAt.map((loc) => moveLoc(loc, file, moves)) };
  if (activeLoc) moved.activeLoc = activeLoc;
  return moved;
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
 * A reference (a `use_backend` line, a `track` parameter) moved, and resolved to the pool
 * `poolKeys` names (when given). Every reference after an edit is moved on every keystroke, and
 * the whole-model rules read only its kind, name, scope, pool and route match: the view keeps
 * those, moves its match at once and its locations when first read.
 */
function moveReference(reference: Reference, file: string, moves: Moves, poolKeys?: PoolKeys): Reference {
  return new MovedReference(reference, file, moves, poolKeys ? poolKeys.get(reference.name) : reference.pool);
}

/** A route match with its tests' locations moved. */
function movedMatch(match: RouteMatch | undefined, file: string, moves: Moves): RouteMatch | undefined {
  if (!match || match.tests.length === 0) return match;
  const tests = new Array<RouteTest>(match.tests.length);
  for (let i = 0; i < tests.length; i++) {
    const test = match.tests[i]!;
    tests[i] = { sample: test.sample, kind: test.kind, values: test.values, ignoreCase: test.ignoreCase, text: test.text, loc: moveLoc(test.loc, file, moves) };
  }
  return { always: match.always, tests };
}

class MovedReference implements Reference {
  readonly kind: Reference['kind'];
  readonly name: string;
  readonly context: string;
  declare readonly scope?: string;
  declare readonly pool?: string;
  readonly #origin: Reference;
  readonly #file: string;
  readonly #moves: Moves;
  #loc: Loc | undefined;
  #nameLoc: Loc | undefined;
  #match: RouteMatch | undefined;

  constructor(origin: Reference, file: string, moves: Moves, pool: string | undefined) {
    this.kind = origin.kind;
    this.name = origin.name;
    this.context = origin.context;
    if (origin.scope !== undefined) (this as { scope?: string }).scope = origin.scope;
    if (pool !== undefined) (this as { pool?: string }).pool = pool;
    this.#origin = origin;
    this.#file = file;
    this.#moves = moves;
    // Moved at once: shadowed-route reads every use_backend's match on every keystroke.
    this.#match = movedMatch(origin.match, file, moves);
  }

  get loc(): Loc {
    return (this.#loc ??= moveLoc(this.#origin.loc, this.#file, this.#moves));
  }

  get nameLoc(): Loc {
    return (this.#nameLoc ??= moveLoc(this.#origin.nameLoc, this.#file, this.#moves));
  }

  get match(): RouteMatch | undefined {
    return this.#match;
  }

  /** The fields a lowered and resolved reference has, in its order (lower.ts withPool). */
  toJSON(): Reference {
    const plain: { -readonly [K in keyof Reference]: Reference[K] } = { kind: this.kind, name: this.name, context: this.context, loc: this.loc, nameLoc: this.nameLoc };
    if (this.scope !== undefined) plain.scope = this.scope;
    const match = this.match;
    if (match !== undefined) plain.match = match;
    if (this.pool !== undefined) plain.pool = this.pool;
    return plain;
  }
}

/** The key of every pool of a model, by name: what references resolve against. */
export type PoolKeys = ReadonlyMap<string, string>;

/**
 * The pool-key map a lowering's references are resolved against, when they are: a field of the
 * lowering rather than a weak map, which every moved lowering would enter on every keystroke.
 */
const RESOLVED_WITH = Symbol('resolved with');

type Resolvable = ProxyLowering & { [RESOLVED_WITH]?: PoolKeys };

/** A reference that already names its pool as `poolKeys` says, or a copy that does. */
function resolved(reference: Reference, poolKeys: PoolKeys): Reference {
  const pool = poolKeys.get(reference.name);
  if (reference.pool === pool) return reference;
  const copy: { -readonly [K in keyof Reference]: Reference[K] } = { kind: reference.kind, name: reference.name, context: reference.context, loc: reference.loc, nameLoc: reference.nameLoc };
  if (reference.scope !== undefined) copy.scope = reference.scope;
  if (reference.match !== undefined) copy.match = reference.match;
  if (pool !== undefined) copy.pool = pool;
  return copy;
}

/**
 * A lowering whose references (and `track` parameters) name the pool each resolves to in
 * `poolKeys`, so the model's resolution (lower.ts) keeps them as they are instead of copying every
 * reference on every keystroke. Made once per lowering and map: the next edit lends it as it is.
 */
export function resolveLowering(lowered: ProxyLowering, poolKeys: PoolKeys): ProxyLowering {
  if ((lowered as Resolvable)[RESOLVED_WITH] === poolKeys) return lowered;
  const references = lowered.references.map((r) => resolved(r, poolKeys));
  const built = lowered.built;
  const tracks = built?.tracks.map((r) => resolved(r, poolKeys));
  const same = references.every((r, i) => r === lowered.references[i]) && (!built || tracks!.every((r, i) => r === built.tracks[i]));
  const result: Resolvable = same ? lowered : { ...lowered, references, ...(built ? { built: { ...built, tracks: tracks! } } : {}) };
  result[RESOLVED_WITH] = poolKeys;
  return result;
}

/** A plain located record moved (a problem, a note, a dynamic name); the same object when it stays. */
function moveLocated<T extends { readonly loc: Loc }>(value: T, file: string, moves: Moves): T {
  // Problems with related locations or fixes are rare: those are walked whole.
  if ('related' in value || 'fixes' in value) return apply(value, file, moves);
  const loc = moveLoc(value.loc, file, moves);
  return loc === value.loc ? value : { ...value, loc };
}

function moveList<T extends { readonly loc: Loc }>(list: readonly T[], file: string, moves: Moves): readonly T[] {
  return list.length === 0 ? list : list.map((value) => moveLocated(value, file, moves));
}

/** A lowering moved from the section's own lowering, which it keeps with every move made since. */
const MOVED_FROM = Symbol('moved from');

interface MovedFrom {
  readonly origin: ProxyLowering;
  readonly moves: Moves;
  /** Whether the origin's pool is one lowering wrote (`lowered`), found at its first move. */
  readonly plainPool: boolean;
}

/** One shape for every moved lowering (a literal with a symbol key and a field added later made each a dictionary). */
class MovedLowering implements ProxyLowering {
  readonly problems: readonly ParseProblem[];
  readonly notes: readonly DirectiveNote[];
  readonly references: readonly Reference[];
  readonly dynamic: readonly FactValue[];
  readonly named: boolean;
  readonly candidate: boolean;
  readonly serves: boolean;
  readonly built: ProxyLowering['built'];
  readonly [MOVED_FROM]: MovedFrom;
  [RESOLVED_WITH]: PoolKeys | undefined;

  constructor(from: MovedFrom, file: string, poolKeys: PoolKeys | undefined) {
    const { origin, moves } = from;
    const references = (list: readonly Reference[]): readonly Reference[] => (list.length === 0 ? list : list.map((reference) => moveReference(reference, file, moves, poolKeys)));
    this.problems = moveList(origin.problems, file, moves);
    this.notes = moveList(origin.notes, file, moves);
    this.references = references(origin.references);
    this.dynamic = moveList(origin.dynamic, file, moves);
    this.named = origin.named;
    this.candidate = origin.candidate;
    this.serves = origin.serves;
    const built = origin.built;
    this.built = built && {
      pool: from.plainPool ? moveLoweredPool(built.pool, file, moves) : movePool(built.pool, file, moves),
      problems: moveList(built.problems, file, moves),
      tracks: references(built.tracks),
    };
    this[MOVED_FROM] = from;
    this[RESOLVED_WITH] = poolKeys;
  }
}

/**
 * A section's lowering moved by an edit before it (`from`: where the edited section's body ended,
 * `hole`: where it started); undefined when the section should be lowered again instead. It is
 * always made from the section's own lowering with every move since (merged where they can be),
 * so views never stack however long the editing goes on.
 */
export function moveLowering(lowered: ProxyLowering, file: string, from: number, delta: number, hole: number, poolKeys?: PoolKeys): ProxyLowering | undefined {
  if (delta === 0) return poolKeys ? resolveLowering(lowered, poolKeys) : lowered;
  const known = (lowered as Partial<MovedLowering>)[MOVED_FROM];
  const origin = known ? known.origin : lowered;
  const moves = append(known ? known.moves : NO_MOVES, from, delta, hole);
  // Edits in turn in far apart sections leave moves that do not merge: past a few, lower again.
  if (moves.length > MAX_MOVES) return undefined;
  const plainPool = known ? known.plainPool : origin.built !== undefined && isLoweredPool(origin.built.pool);
  return new MovedLowering({ origin, moves, plainPool }, file, poolKeys);
}
