/**
 * Moving what an analysis made when an edit before it changed the text's length: model data
 * (pools, references, definitions, problems) and manifest objects (whose yaml nodes count from
 * their document's start, so moving one is a new base, not a walk of its nodes).
 *
 * An edit in the middle of a 1 MB manifest moves a thousand documents' data, on every keystroke,
 * so each shape is copied field by field (a generic walk over every key cost ten times more).
 * Only locations in `file` at or after `from` move: a canary's main Ingress may be earlier in the
 * file, and a related file's definitions stay where they are.
 */
import type { ParseProblem } from '../../core/finding';
import type { Definition, FactValue, HashSpec, HealthCheck, Member, Pool, Reference } from '../../core/model';
import type { Loc, Span } from '../../core/span';
import type { ManifestObject } from './documents';

export class Shift {
  constructor(
    readonly file: string,
    readonly from: number,
    readonly delta: number,
  ) {}

  loc(at: Loc): Loc {
    return at.file === this.file && at.start >= this.from ? { file: at.file, start: at.start + this.delta, end: at.end + this.delta } : at;
  }

  pool(pool: Pool): Pool {
    // Cloned first, then its fields set: a spread with overriding fields was three times slower.
    const moved: { -readonly [K in keyof Pool]: Pool[K] } = { ...pool };
    moved.loc = this.loc(pool.loc);
    moved.nameLoc = this.loc(pool.nameLoc);
    if (pool.algorithmLoc) moved.algorithmLoc = this.loc(pool.algorithmLoc);
    if (pool.hash) moved.hash = this.hash(pool.hash);
    moved.members = pool.members.map((m) => this.member(m));
    moved.health = this.health(pool.health);
    moved.facts = this.facts(pool.facts);
    if (pool.stickiness) moved.stickiness = { ...pool.stickiness, loc: this.loc(pool.stickiness.loc) };
    if (pool.memberReferences) moved.memberReferences = pool.memberReferences.map((r) => ({ ...r, loc: this.loc(r.loc), nameLoc: this.loc(r.nameLoc) }));
    return moved;
  }

  member(member: Member): Member {
    const moved: { -readonly [K in keyof Member]: Member[K] } = { ...member };
    moved.addressLoc = this.loc(member.addressLoc);
    moved.loc = this.loc(member.loc);
    if (member.nameLoc) moved.nameLoc = this.loc(member.nameLoc);
    if (member.weightLoc) moved.weightLoc = this.loc(member.weightLoc);
    if (member.params.length > 0) moved.params = member.params.map((p) => ({ ...p, loc: this.loc(p.loc) }));
    return moved;
  }

  reference(reference: Reference): Reference {
    const moved: { -readonly [K in keyof Reference]: Reference[K] } = { ...reference };
    moved.loc = this.loc(reference.loc);
    moved.nameLoc = this.loc(reference.nameLoc);
    return moved;
  }

  definition(definition: Definition): Definition {
    if (!definition.loc) return definition;
    const moved: { -readonly [K in keyof Definition]: Definition[K] } = { ...definition };
    moved.loc = this.loc(definition.loc);
    return moved;
  }

  problem(problem: ParseProblem): ParseProblem {
    return { ...problem, loc: this.loc(problem.loc) };
  }

  hash(hash: HashSpec): HashSpec {
    return hash.keyLoc ? { ...hash, keyLoc: this.loc(hash.keyLoc) } : hash;
  }

  health(health: HealthCheck): HealthCheck {
    if (!health.activeLoc && health.passiveDisabledAt.length === 0) return health;
    return {
      ...health,
      ...(health.activeLoc ? { activeLoc: this.loc(health.activeLoc) } : {}),
      passiveDisabledAt: health.passiveDisabledAt.map((at) => this.loc(at)),
    };
  }

  facts(facts: Readonly<Record<string, FactValue>>): Readonly<Record<string, FactValue>> {
    let moved: Record<string, FactValue> | undefined;
    for (const key in facts) (moved ??= {})[key] = { value: facts[key]!.value, loc: this.loc(facts[key]!.loc) };
    return moved ?? facts;
  }
}

/** A manifest object written `delta` further on. */
export function shiftObject(object: ManifestObject, delta: number): ManifestObject {
  const move = (span: Span): Span => ({ start: span.start + delta, end: span.end + delta });
  return {
    ...object,
    at: { ...object.at, base: (object.at.base ?? 0) + delta },
    span: move(object.span),
    nameSpan: move(object.nameSpan),
    document: move(object.document),
  };
}
