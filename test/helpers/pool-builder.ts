/**
 * Builds model `Pool` and `Member` objects for tests, with the defaults an nginx lowering gives
 * (weight 1, primary, up, one peer). Locations are dummies: the traffic engine never reads them.
 */
import type { Algorithm, DialectId, Member, Pool, PoolKind } from '../../server/src/core/model';
import type { Loc } from '../../server/src/core/span';

const NOWHERE: Loc = { file: 'test.conf', start: 0, end: 0 };

export interface MemberSpec {
  readonly address: string;
  readonly weight?: number;
  readonly backup?: boolean;
  readonly down?: boolean;
  readonly drained?: boolean;
  readonly peers?: number;
  readonly resolvesByName?: boolean;
  /** Defaults to whether `weight` is given. */
  readonly weightExplicit?: boolean;
}

export function buildMember(spec: MemberSpec | string): Member {
  const s: MemberSpec = typeof spec === 'string' ? { address: spec } : spec;
  return {
    address: s.address,
    addressLoc: NOWHERE,
    loc: NOWHERE,
    weight: s.weight ?? 1,
    weightExplicit: s.weightExplicit ?? s.weight !== undefined,
    role: s.backup ? 'backup' : 'primary',
    state: s.down ? 'down' : s.drained ? 'drained' : 'up',
    peers: s.peers ?? 1,
    resolvesByName: s.resolvesByName ?? false,
    limits: {},
    params: [],
  };
}

export interface PoolSpec {
  readonly name?: string;
  readonly algorithm?: Algorithm;
  readonly key?: string;
  readonly kind?: PoolKind;
  readonly context?: string;
  readonly dialect?: DialectId;
  readonly members: readonly (MemberSpec | string)[];
}

export function buildPool(spec: PoolSpec): Pool {
  const algorithm = spec.algorithm ?? 'round-robin';
  const name = spec.name ?? 'backend';
  const context = spec.context ?? 'http';
  return {
    key: `${context}:upstream ${name}`,
    name,
    dialect: spec.dialect ?? 'nginx',
    kind: spec.kind ?? 'members',
    context,
    loc: NOWHERE,
    nameLoc: NOWHERE,
    algorithm,
    algorithmText: '',
    ...(spec.key !== undefined ? { hash: { key: spec.key, consistent: algorithm === 'consistent-hash' } } : {}),
    members: spec.members.map(buildMember),
    health: { active: false, passive: true, passiveDisabledAt: [] },
    facts: {},
  };
}

/**
 * An nginx `split_clients` pool as the lowering builds it: one member per part in order, weights
 * in hundredths of a percent, `*` last with address `*` and the remainder as its weight.
 * `parts` are `[percent as written, value]`, e.g. `['0.5%', 'a']` or `['*', 'rest']`.
 */
export function buildSplitPool(name: string, key: string, parts: readonly (readonly [string, string])[]): Pool {
  let sum = 0;
  const members: MemberSpec[] = [];
  for (const [percent, value] of parts) {
    if (percent === '*') continue;
    const match = /^(\d+)(?:\.(\d{1,2}))?%$/.exec(percent);
    if (!match) throw new Error(`bad percent ${percent}`);
    const hundredths = Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
    sum += hundredths;
    members.push({ address: value, weight: hundredths });
  }
  // As the nginx lowering does: the `*` part's address is its value, and its weight is implicit.
  const wildcard = parts.find(([percent]) => percent === '*');
  if (wildcard) members.push({ address: wildcard[1], weight: 10000 - sum, weightExplicit: false });
  return buildPool({ name, algorithm: 'weighted-split', kind: 'split', key, members });
}
