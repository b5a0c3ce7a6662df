/**
 * Model data after an edit, moved without copying it. An edit in the middle of a 1 MB manifest
 * moves about a thousand documents on every keystroke; copying each pool with every location
 * moved (members, facts, health) made megabytes of garbage per edit, and almost none of it is
 * read: the engine reuses a moved pool's findings and shares, and reads its key and location
 * only. A view answers the fields that do not move from the lowered value, and moves a
 * location-bearing field the first time it is read.
 *
 * A value moves as a whole when every location it holds in the edited file lies at or after the
 * edit (a `---` document after it; an Ingress pool whose main and canary both follow it), stays
 * as it is when every one lies before, and only a value on both sides (a canary pool whose main
 * Ingress is before the edit and the canary after it) is copied with each location moved.
 * Views compose: moving a view again makes a view of the same lowered value with the summed
 * distance, so a long editing session never stacks views.
 */
import type { Algorithm, Definition, DialectId, FactValue, HashSpec, HealthCheck, Member, MemberReference, Pool, PoolKind, Reference, ReferenceKind, RouteMatch, Stickiness } from '../../core/model';
import type { Loc } from '../../core/span';
import { Shift } from './shift';
import { footprint, type Footprint } from './footprint';

class MovedPool implements Pool {
  readonly #origin: Pool;
  readonly #shift: Shift;
  #loc: Loc | undefined;
  #nameLoc: Loc | undefined;
  #members: readonly Member[] | undefined;
  #facts: Readonly<Record<string, FactValue>> | undefined;
  #health: HealthCheck | undefined;

  constructor(origin: Pool, shift: Shift) {
    this.#origin = origin;
    this.#shift = shift;
  }

  static originOf(pool: Pool): Pool {
    return pool instanceof MovedPool ? pool.#origin : pool;
  }

  static shiftOf(pool: Pool): Shift | undefined {
    return pool instanceof MovedPool ? pool.#shift : undefined;
  }

  get key(): string {
    return this.#origin.key;
  }
  get name(): string {
    return this.#origin.name;
  }
  get dialect(): DialectId {
    return this.#origin.dialect;
  }
  get kind(): PoolKind {
    return this.#origin.kind;
  }
  get context(): string {
    return this.#origin.context;
  }
  get algorithm(): Algorithm {
    return this.#origin.algorithm;
  }
  get algorithmText(): string {
    return this.#origin.algorithmText;
  }
  get loc(): Loc {
    return (this.#loc ??= this.#shift.loc(this.#origin.loc));
  }
  get nameLoc(): Loc {
    return (this.#nameLoc ??= this.#shift.loc(this.#origin.nameLoc));
  }
  get members(): readonly Member[] {
    const { members } = this.#origin;
    return members.length === 0 ? members : (this.#members ??= members.map((m) => this.#shift.member(m)));
  }
  get facts(): Readonly<Record<string, FactValue>> {
    return (this.#facts ??= this.#shift.facts(this.#origin.facts));
  }
  get health(): HealthCheck {
    return (this.#health ??= this.#shift.health(this.#origin.health));
  }
  // Read rarely (a hover, a fix, JSON): moved on every read.
  get algorithmLoc(): Loc | undefined {
    return this.#origin.algorithmLoc && this.#shift.loc(this.#origin.algorithmLoc);
  }
  get hash(): HashSpec | undefined {
    return this.#origin.hash && this.#shift.hash(this.#origin.hash);
  }
  get stickiness(): Stickiness | undefined {
    const { stickiness } = this.#origin;
    return stickiness && { ...stickiness, loc: this.#shift.loc(stickiness.loc) };
  }
  get memberReferences(): readonly MemberReference[] | undefined {
    return this.#origin.memberReferences && this.#shift.pool(this.#origin).memberReferences;
  }

  /** The plain pool it stands for (JSON output, comparing with a fresh analysis). */
  toJSON(): Pool {
    return this.#shift.pool(this.#origin);
  }
}

class MovedReference implements Reference {
  readonly #origin: Reference;
  readonly #shift: Shift;
  #loc: Loc | undefined;
  #nameLoc: Loc | undefined;

  constructor(origin: Reference, shift: Shift) {
    this.#origin = origin;
    this.#shift = shift;
  }

  static originOf(reference: Reference): Reference {
    return reference instanceof MovedReference ? reference.#origin : reference;
  }

  static shiftOf(reference: Reference): Shift | undefined {
    return reference instanceof MovedReference ? reference.#shift : undefined;
  }

  get kind(): ReferenceKind {
    return this.#origin.kind;
  }
  get name(): string {
    return this.#origin.name;
  }
  get context(): string {
    return this.#origin.context;
  }
  get pool(): string | undefined {
    return this.#origin.pool;
  }
  get scope(): string | undefined {
    return this.#origin.scope;
  }
  get match(): RouteMatch | undefined {
    return this.#origin.match;
  }
  get loc(): Loc {
    return (this.#loc ??= this.#shift.loc(this.#origin.loc));
  }
  get nameLoc(): Loc {
    return (this.#nameLoc ??= this.#shift.loc(this.#origin.nameLoc));
  }

  toJSON(): Reference {
    return this.#shift.reference(this.#origin);
  }
}

class MovedDefinition implements Definition {
  readonly #origin: Definition;
  readonly #shift: Shift;
  #loc: Loc | undefined;

  constructor(origin: Definition, shift: Shift) {
    this.#origin = origin;
    this.#shift = shift;
  }

  static originOf(definition: Definition): Definition {
    return definition instanceof MovedDefinition ? definition.#origin : definition;
  }

  static shiftOf(definition: Definition): Shift | undefined {
    return definition instanceof MovedDefinition ? definition.#shift : undefined;
  }

  get kind(): string {
    return this.#origin.kind;
  }
  get name(): string {
    return this.#origin.name;
  }
  get scope(): string {
    return this.#origin.scope;
  }
  get file(): string {
    return this.#origin.file;
  }
  get label(): string {
    return this.#origin.label;
  }
  get target(): string | undefined {
    return this.#origin.target;
  }
  get facts(): readonly string[] | undefined {
    return this.#origin.facts;
  }
  get loc(): Loc | undefined {
    return this.#origin.loc && (this.#loc ??= this.#shift.loc(this.#origin.loc));
  }

  toJSON(): Definition {
    return this.#shift.definition(this.#origin);
  }
}

type Side = 'before' | 'after' | 'both';

/** Where a value's locations in `file` lie, now, against an edit that moves what starts at `from` on. */
function side(at: Footprint | undefined, moved: number, from: number): Side {
  if (!at) return 'before';
  if (at.last + moved < from) return 'before';
  return at.first + moved >= from ? 'after' : 'both';
}

/**
 * Moves every location in `file` that starts at or after `from` by `delta`, as views where a
 * value moves as a whole (see above).
 */
export class LocationMove {
  #shift: Shift | undefined;
  /** The shifts of values moved as a whole, by their total distance: every view of one distance shares one. */
  readonly #whole: WholeMoves;

  constructor(
    private readonly file: string,
    private readonly from: number,
    private readonly delta: number,
  ) {
    this.#whole = new WholeMoves(file);
  }

  pool(pool: Pool): Pool {
    const origin = MovedPool.originOf(pool);
    const shift = MovedPool.shiftOf(pool);
    const where = side(footprint(origin, this.file), shift?.delta ?? 0, this.from);
    if (where === 'before') return pool;
    if (where === 'after') return new MovedPool(origin, this.whole(shift));
    return this.shift().pool(shift ? shift.pool(origin) : origin);
  }

  reference(reference: Reference): Reference {
    const value = MovedReference.originOf(reference);
    const shift = MovedReference.shiftOf(reference);
    const where = side(footprint(value, this.file), shift?.delta ?? 0, this.from);
    if (where === 'before') return reference;
    if (where === 'after') return new MovedReference(value, this.whole(shift));
    return this.shift().reference(shift ? shift.reference(value) : value);
  }

  definition(definition: Definition): Definition {
    const value = MovedDefinition.originOf(definition);
    const shift = MovedDefinition.shiftOf(definition);
    if (side(footprint(value, this.file), shift?.delta ?? 0, this.from) === 'before') return definition;
    // A definition has one location: it is never on both sides.
    return new MovedDefinition(value, this.whole(shift));
  }

  private shift(): Shift {
    return (this.#shift ??= new Shift(this.file, this.from, this.delta));
  }

  /**
   * The shift of a value that moves as a whole, from its lowered coordinates: every location it
   * holds in the file moves (so from 0 on), by what it had moved before plus this move.
   */
  private whole(previous: Shift | undefined): Shift {
    return this.#whole.shift((previous?.delta ?? 0) + this.delta);
  }
}

/**
 * Lowered values of one file that lie wholly after an edit (a `---` document's pools, references
 * and definitions: a document is lowered from its own text), read `delta` further on. Views of one
 * distance share one shift; at distance 0 the value is itself.
 */
export class WholeMoves {
  readonly #shifts = new Map<number, Shift>();

  constructor(private readonly file: string) {}

  shift(delta: number): Shift {
    let shift = this.#shifts.get(delta);
    if (!shift) this.#shifts.set(delta, (shift = new Shift(this.file, 0, delta)));
    return shift;
  }

  pool(pool: Pool, delta: number): Pool {
    return delta === 0 ? pool : new MovedPool(pool, this.shift(delta));
  }

  reference(reference: Reference, delta: number): Reference {
    return delta === 0 ? reference : new MovedReference(reference, this.shift(delta));
  }

  definition(definition: Definition, delta: number): Definition {
    return delta === 0 ? definition : new MovedDefinition(definition, this.shift(delta));
  }
}

/** A pool as plain data: the pool itself, or the copy a view stands for. */
export function plainPool(pool: Pool): Pool {
  return pool instanceof MovedPool ? pool.toJSON() : pool;
}
