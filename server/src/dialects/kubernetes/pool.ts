/**
 * Building model pools and members from manifest objects: the fields every Kubernetes pool shares.
 */
import type { Algorithm, DialectId, FactValue, HashSpec, HealthCheck, Member, Pool, PoolKind } from '../../core/model';
import { loc, type Span } from '../../core/span';

export const NO_HEALTH: HealthCheck = { active: false, passive: false, passiveDisabledAt: [] };
const NO_LIMITS = Object.freeze({});

export interface MemberInput {
  readonly address: string;
  readonly addressSpan: Span;
  readonly span: Span;
  readonly weight: number;
  readonly weightSpan?: Span;
  readonly name?: string;
}

export function splitMember(file: string, input: MemberInput): Member {
  return {
    address: input.address,
    addressLoc: loc(file, input.addressSpan),
    loc: loc(file, input.span),
    ...(input.name ? { name: input.name } : {}),
    weight: input.weight,
    weightExplicit: input.weightSpan !== undefined,
    ...(input.weightSpan ? { weightLoc: loc(file, input.weightSpan) } : {}),
    role: 'primary',
    state: 'up',
    // A Service or subset stands for pods lb-drift cannot count offline: one destination each.
    peers: 1,
    resolvesByName: true,
    limits: NO_LIMITS,
    params: [],
  };
}

export interface PoolInput {
  readonly key: string;
  readonly name: string;
  readonly dialect: DialectId;
  readonly kind: PoolKind;
  readonly context: string;
  readonly span: Span;
  readonly nameSpan: Span;
  readonly algorithm: Algorithm;
  readonly algorithmText: string;
  readonly algorithmSpan?: Span;
  readonly hash?: HashSpec;
  readonly members: readonly Member[];
  readonly health?: HealthCheck;
  readonly facts?: Record<string, FactValue>;
}

export function makePool(file: string, input: PoolInput): Pool {
  return {
    key: input.key,
    name: input.name,
    dialect: input.dialect,
    kind: input.kind,
    context: input.context,
    loc: loc(file, input.span),
    nameLoc: loc(file, input.nameSpan),
    algorithm: input.algorithm,
    algorithmText: input.algorithmText,
    ...(input.algorithmSpan ? { algorithmLoc: loc(file, input.algorithmSpan) } : {}),
    ...(input.hash ? { hash: input.hash } : {}),
    members: input.members,
    health: input.health ?? NO_HEALTH,
    facts: input.facts ?? {},
  };
}

export function fact(file: string, value: string, span: Span): FactValue {
  return { value, loc: loc(file, span) };
}
