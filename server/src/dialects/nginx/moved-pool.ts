/**
 * An nginx pool after an edit before it, moved without lowering or copying it again. An edit in
 * the middle of a 1 MB file moves hundreds of upstreams and thousands of servers on every
 * keystroke; remaking each pool and member over the new tree made about a megabyte of garbage per
 * edit, and almost none of it is read: the engine reuses a moved pool's findings and shares and
 * reads its key and location only, and the whole-model rules read a few fields of each.
 *
 * A view answers what does not move (name, algorithm, weights, limits) from the lowered pool and
 * moves a location the first time it is read, then keeps it. Only locations in the pool's own file
 * move (a pool that reads an included file is lowered again: incremental-lower.ts). Views compose:
 * moving a view again makes a view of the same lowered pool with the summed distance, so a long
 * editing session never stacks views. A view keeps the tree its pool was lowered from alive:
 * incremental-lower.ts bounds how many such trees a model may hold.
 */
import type { Algorithm, FactValue, HashSpec, HealthCheck, Member, MemberLimits, MemberRole, MemberState, Param, Pool } from '../../core/model';
import type { Loc } from '../../core/span';
import type { NginxTree } from './tree';
import { memberData, NginxMember } from './upstream-member';
import { NginxPool } from './upstream-pool';

/** `pool` moved by `delta` in `file`: the same object when `delta` is 0, a view otherwise. */
export function movePool(pool: NginxPool | MovedNginxPool, file: string, delta: number): NginxPool | MovedNginxPool {
  if (delta === 0) return pool;
  if (!(pool instanceof MovedNginxPool)) return new MovedNginxPool(pool, file, delta);
  // Moved back where it was lowered (a character typed, then deleted): the lowered pool itself.
  const shift = pool.shift + delta;
  return shift === 0 ? pool.origin : new MovedNginxPool(pool.origin, file, shift);
}

/** The tree a lowered pool or a view of one reads its directives from. */
export function poolTree(pool: NginxPool | MovedNginxPool): NginxTree {
  return pool instanceof MovedNginxPool ? pool.origin.tree : pool.tree;
}

function moveLoc(loc: Loc, file: string, delta: number): Loc {
  return loc.file === file ? { file, start: loc.start + delta, end: loc.end + delta } : loc;
}

export class MovedNginxPool implements Pool {
  // What a lowered pool has as own fields, a view has too, so a rule that spreads a pool with
  // its members (`{ ...pool, members }`, unbalanced-ring.ts) reads the same from both; the rest
  // are getters on both. `members` alone is a getter here (made on first read), an own field there:
  // a spread that keeps a pool's members must name them.
  readonly dialect = 'nginx' as const;
  readonly kind = 'members' as const;
  readonly key: string;
  readonly name: string;
  readonly context: string;
  readonly algorithm: Algorithm;
  readonly hash: HashSpec | undefined;
  #loc: Loc | undefined;
  #nameLoc: Loc | undefined;
  #algorithmLoc: Loc | undefined;
  #members: readonly Member[] | undefined;
  #facts: Readonly<Record<string, FactValue>> | undefined;
  #health: HealthCheck | undefined;

  constructor(
    /** The pool as lowered; never a view. */
    readonly origin: NginxPool,
    private readonly file: string,
    /** How far the pool moved in `file` since it was lowered. */
    readonly shift: number,
  ) {
    this.key = origin.key;
    this.name = origin.name;
    this.context = origin.context;
    this.algorithm = origin.algorithm;
    const hash = origin.hash;
    this.hash = hash?.keyLoc ? { ...hash, keyLoc: moveLoc(hash.keyLoc, file, shift) } : hash;
  }

  get members(): readonly Member[] {
    return (this.#members ??= this.origin.members.map((m) => (m instanceof NginxMember ? new MovedNginxMember(m, this.file, this.shift) : m)));
  }

  get algorithmText(): string {
    return this.origin.algorithmText;
  }
  get loc(): Loc {
    return (this.#loc ??= moveLoc(this.origin.loc, this.file, this.shift));
  }
  get nameLoc(): Loc {
    return (this.#nameLoc ??= moveLoc(this.origin.nameLoc, this.file, this.shift));
  }
  get algorithmLoc(): Loc | undefined {
    const loc = this.origin.algorithmLoc;
    return loc && (this.#algorithmLoc ??= moveLoc(loc, this.file, this.shift));
  }
  get facts(): Readonly<Record<string, FactValue>> {
    if (this.#facts) return this.#facts;
    const facts: Record<string, FactValue> = {};
    for (const [name, fact] of Object.entries(this.origin.facts)) facts[name] = { value: fact.value, loc: moveLoc(fact.loc, this.file, this.shift) };
    return (this.#facts = facts);
  }
  get health(): HealthCheck {
    if (this.#health) return this.#health;
    const health = this.origin.health;
    const { passiveDisabledAt } = health;
    return (this.#health =
      passiveDisabledAt.length === 0 ? health : { ...health, passiveDisabledAt: passiveDisabledAt.map((loc) => moveLoc(loc, this.file, this.shift)) });
  }
}

/**
 * A member of a moved pool: the lowered member's fields, its locations moved when read. Its own
 * fields are a lowered member's (`{ ...member, weight }` reads the same from both).
 */
export class MovedNginxMember implements Member {
  readonly address: string;
  readonly weight: number;
  readonly weightExplicit: boolean;
  readonly role: MemberRole;
  readonly state: MemberState;
  readonly peers: number;
  readonly resolvesByName: boolean;
  readonly resolveParam: boolean;
  readonly limits: MemberLimits;
  #loc: Loc | undefined;
  #addressLoc: Loc | undefined;
  #weightLoc: Loc | undefined;
  #params: readonly Param[] | undefined;

  constructor(
    private readonly origin: NginxMember,
    private readonly file: string,
    private readonly shift: number,
  ) {
    this.address = origin.address;
    this.weight = origin.weight;
    this.weightExplicit = origin.weightExplicit;
    this.role = origin.role;
    this.state = origin.state;
    this.peers = origin.peers;
    this.resolvesByName = origin.resolvesByName;
    this.resolveParam = origin.resolveParam;
    this.limits = origin.limits;
  }

  get passiveFailures(): number {
    return this.origin.passiveFailures;
  }
  get loc(): Loc {
    return (this.#loc ??= moveLoc(this.origin.loc, this.file, this.shift));
  }
  get addressLoc(): Loc {
    return (this.#addressLoc ??= moveLoc(this.origin.addressLoc, this.file, this.shift));
  }
  get weightLoc(): Loc | undefined {
    const loc = this.origin.weightLoc;
    return loc && (this.#weightLoc ??= moveLoc(loc, this.file, this.shift));
  }
  get params(): readonly Param[] {
    const params = this.origin.params;
    if (params.length === 0) return params;
    return (this.#params ??= params.map((p) => ({ ...p, loc: moveLoc(p.loc, this.file, this.shift) })));
  }

  /** Plain data for JSON and test output, as `NginxMember.toJSON` gives it. */
  toJSON(): Member {
    return memberData(this);
  }
}
