/**
 * Moved views of what a proxy section's lowering lists (references, route matches, directive
 * notes, problems) for an edit before the section (shift.ts moves the lowering and its pool). A
 * view keeps what the whole-model rules read on every keystroke as its own fields and makes its
 * locations when first read: most are never read, as the findings about them are carried.
 */
import type { DirectiveNote, Reference, RouteMatch, RouteTest } from '../../core/model';
import { MOVED_FROM } from '../../core/moved-from';
import type { Loc } from '../../core/span';
import type { ProxyLowering } from './lower-proxy';
import { apply, moveLoc, type Moves } from './moves';

/**
 * A reference (a `use_backend` line, a `track` parameter) moved; it names the pool the reference
 * names (shift.ts resolves a lowering's references once before moving them). Every reference
 * after an edit is moved on every keystroke, and the whole-model rules read only its kind, name,
 * scope and pool, which the view keeps; its route match and locations are made when first read
 * (shadowed-route knows a moved reference's match by the reference it was moved from, `movedFrom`).
 */
export function moveReference(reference: Reference, file: string, moves: Moves): Reference {
  return new MovedReference(reference, file, moves, reference.pool);
}

/** A view's location: the original moved when first read. */
abstract class MovedLocation {
  readonly #origin: Loc;
  readonly #file: string;
  readonly #moves: Moves;
  #loc: Loc | undefined;

  constructor(origin: Loc, file: string, moves: Moves) {
    this.#origin = origin;
    this.#file = file;
    this.#moves = moves;
  }

  get loc(): Loc {
    return (this.#loc ??= moveLoc(this.#origin, this.#file, this.#moves));
  }
}

/** A route match with its tests' locations moved when read. */
function movedMatch(match: RouteMatch | undefined, file: string, moves: Moves): RouteMatch | undefined {
  if (!match || match.tests.length === 0) return match;
  const tests = new Array<RouteTest>(match.tests.length);
  for (let i = 0; i < tests.length; i++) tests[i] = new MovedTest(match.tests[i]!, file, moves);
  return { always: match.always, tests };
}

/**
 * A route test moved: shadowed-route compares use_backend tests by sample, kind, case and values
 * (own fields) when it cannot tell a reference by what it was moved from; the location only goes
 * into a message.
 */
class MovedTest extends MovedLocation implements RouteTest {
  readonly sample: RouteTest['sample'];
  readonly kind: RouteTest['kind'];
  readonly values: readonly string[];
  readonly ignoreCase: boolean;
  readonly text: string;

  constructor(origin: RouteTest, file: string, moves: Moves) {
    super(origin.loc, file, moves);
    this.sample = origin.sample;
    this.kind = origin.kind;
    this.values = origin.values;
    this.ignoreCase = origin.ignoreCase;
    this.text = origin.text;
  }

  /** The fields route-match.ts writes, in its order. */
  toJSON(): RouteTest {
    return { sample: this.sample, kind: this.kind, values: this.values, ignoreCase: this.ignoreCase, text: this.text, loc: this.loc };
  }
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
  /** The moved match once read (null: not yet; a reference without a condition has none). */
  #match: RouteMatch | undefined | null = null;

  constructor(origin: Reference, file: string, moves: Moves, pool: string | undefined) {
    this.kind = origin.kind;
    this.name = origin.name;
    this.context = origin.context;
    if (origin.scope !== undefined) (this as { scope?: string }).scope = origin.scope;
    if (pool !== undefined) (this as { pool?: string }).pool = pool;
    this.#origin = origin;
    this.#file = file;
    this.#moves = moves;
  }

  /** The reference this one was moved from, which reads the same but for its locations. */
  get [MOVED_FROM](): Reference {
    return this.#origin;
  }

  get loc(): Loc {
    return (this.#loc ??= moveLoc(this.#origin.loc, this.#file, this.#moves));
  }

  get nameLoc(): Loc {
    return (this.#nameLoc ??= moveLoc(this.#origin.nameLoc, this.#file, this.#moves));
  }

  get match(): RouteMatch | undefined {
    if (this.#match === null) this.#match = movedMatch(this.#origin.match, this.#file, this.#moves);
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
export const RESOLVED_WITH = Symbol('resolved with');

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

export function moveList<T extends { readonly loc: Loc }>(list: readonly T[], file: string, moves: Moves): readonly T[] {
  return list.length === 0 ? list : list.map((value) => moveLocated(value, file, moves));
}

/**
 * A directive note moved (the removed-keyword, unknown- and unsupported-directive rules read every
 * note's name and builds on each keystroke): its fields shared, its location made when read.
 */
class MovedNote extends MovedLocation implements DirectiveNote {
  readonly name: string;
  readonly context: string;
  readonly builds: DirectiveNote['builds'];
  declare readonly suggestion?: string;
  declare readonly replacement?: string;

  constructor(origin: DirectiveNote, file: string, moves: Moves) {
    super(origin.loc, file, moves);
    this.name = origin.name;
    this.context = origin.context;
    this.builds = origin.builds;
    if (origin.suggestion !== undefined) (this as { suggestion?: string }).suggestion = origin.suggestion;
    if (origin.replacement !== undefined) (this as { replacement?: string }).replacement = origin.replacement;
  }

  /** The fields a lowered note has, in its order (lower-proxy.ts toDirectiveNote). */
  toJSON(): DirectiveNote {
    const plain: { -readonly [K in keyof DirectiveNote]: DirectiveNote[K] } = { name: this.name, loc: this.loc, context: this.context, builds: this.builds };
    if (this.suggestion !== undefined) plain.suggestion = this.suggestion;
    if (this.replacement !== undefined) plain.replacement = this.replacement;
    return plain;
  }
}

/** Directive notes moved, each a view whose location is made when read. */
export function moveNotes(notes: readonly DirectiveNote[], file: string, moves: Moves): readonly DirectiveNote[] {
  if (notes.length === 0) return notes;
  const moved = new Array<DirectiveNote>(notes.length);
  for (let i = 0; i < notes.length; i++) {
    const note = notes[i]!;
    moved[i] = note.loc.file === file ? new MovedNote(note, file, moves) : note;
  }
  return moved;
}
