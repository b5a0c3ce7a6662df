/**
 * How drift messages name pools, balancing methods and member settings, so every drift rule words
 * them the same way.
 */
import type { Member, Pool } from '../core/model';
import { haproxyMethodText } from './haproxy-method';
import type { PoolPair } from './match';

/** `upstream backend`, `split_clients $variant`: the pool's key without its context; `backend app` for HAProxy. */
export function poolLabel(pool: Pool): string {
  // HAProxy proxies are named as HAProxy's own messages name them: `backend app`, `listen www`.
  if (pool.dialect === 'haproxy') return `${pool.context} ${pool.name}`;
  const colon = pool.key.indexOf(':');
  return colon >= 0 ? pool.key.slice(colon + 1) : pool.name;
}

/** Method texts are built from the syntax tree on each read, and several rules compare them. */
const methods = new WeakMap<Pool, string>();

/** The balancing method as written: `hash $request_uri consistent`, `round-robin` when implicit. */
export function methodText(pool: Pool): string {
  let text = methods.get(pool);
  if (text === undefined) {
    if (pool.dialect === 'haproxy') text = haproxyMethodText(pool);
    else if (pool.dialect === 'ingress-nginx' && pool.kind === 'split') text = canaryMethodText(pool);
    else text = pool.kind === 'split' ? `${pool.algorithmText || pool.algorithm} ${pool.hash?.key ?? ''}`.trim() : pool.algorithmText || pool.algorithm;
    methods.set(pool, text);
  }
  return text;
}

/**
 * An ingress-nginx canary split is decided by its header and cookie rules, then its weight; the
 * weight and its total are shares (drift-share-shift), so only the rules are its method.
 */
function canaryMethodText(pool: Pool): string {
  const fact = (name: string) => pool.facts[name]?.value;
  const header = fact('canary-by-header');
  const value = fact('canary-by-header-value');
  const pattern = fact('canary-by-header-pattern');
  const cookie = fact('canary-by-cookie');
  const rules = [
    header ? `canary-by-header ${header}${value ? ` = ${value}` : pattern ? ` ~ ${pattern}` : ''}` : '',
    cookie ? `canary-by-cookie ${cookie}` : '',
  ].filter(Boolean);
  return rules.length > 0 ? `canary split (${rules.join(', ')})` : 'canary split by weight';
}

export function sameMethod(a: Pool, b: Pool): boolean {
  return a.algorithm === b.algorithm && a.hash?.key === b.hash?.key && methodText(a) === methodText(b);
}

/** A member's weight in the pool's own terms: split_clients parts are percentages. */
export function weightText(pool: Pool, member: Member): string {
  if (pool.kind !== 'split' || pool.dialect !== 'nginx') return String(member.weight);
  return member.weightExplicit ? `${member.weight / 100}%` : '*';
}

/** What a weight is called in the pool: split_clients parts have percentages. */
export function weightWord(pool: Pool): string {
  return pool.kind === 'split' && pool.dialect === 'nginx' ? 'percentage' : 'weight';
}

export function weightChanged(stablePool: Pool, stable: Member, currentPool: Pool, current: Member): boolean {
  return weightText(stablePool, stable) !== weightText(currentPool, current);
}

export type OwnChange = 'weight' | 'state' | 'role' | 'address';

/**
 * What changed on one member that can move its own traffic, as `weight 1 -> 5`,
 * `state up -> down`, `role primary -> backup`, or a respelled address (a consistent-hash ring
 * hashes addresses as written).
 */
export function ownChanges(
  pools: { readonly stable: Pool; readonly current: Pool },
  stable: Member,
  current: Member,
): { readonly kind: OwnChange; readonly text: string }[] {
  const changes: { kind: OwnChange; text: string }[] = [];
  if (weightChanged(pools.stable, stable, pools.current, current)) {
    changes.push({ kind: 'weight', text: `${weightWord(pools.current)} ${weightText(pools.stable, stable)} -> ${weightText(pools.current, current)}` });
  }
  if (stable.state !== current.state) changes.push({ kind: 'state', text: `state ${stable.state} -> ${current.state}` });
  if (stable.role !== current.role) changes.push({ kind: 'role', text: `role ${stable.role} -> ${current.role}` });
  if (stable.address !== current.address) changes.push({ kind: 'address', text: `address ${stable.address} -> ${current.address}` });
  return changes;
}

/**
 * The changes to a pool's members, in words for a message: `adding 10.0.0.5:80`,
 * `removing 10.0.0.2:80`, `weight of 10.0.0.1:80 1 -> 2`, `marking 10.0.0.3:80 down`.
 */
export function memberChanges(pair: PoolPair): string[] {
  const out: string[] = [];
  let last = -1;
  let reordered = false;
  for (const m of pair.members) {
    if (m.stableIndex !== undefined && m.currentIndex !== undefined) {
      if (m.stableIndex < last) reordered = true;
      last = m.stableIndex;
    }
    if (!m.stable) out.push(`adding ${m.current!.address}`);
    else if (!m.current) out.push(`removing ${m.stable.address}`);
    else {
      const { stable, current } = m;
      if (weightChanged(pair.stable!, stable, pair.current!, current)) {
        out.push(`${weightWord(pair.current!)} of ${current.address} ${weightText(pair.stable!, stable)} -> ${weightText(pair.current!, current)}`);
      }
      if (stable.state !== current.state) out.push(current.state === 'up' ? `bringing ${current.address} back up` : `marking ${current.address} ${current.state}`);
      if (stable.role !== current.role) out.push(current.role === 'backup' ? `making ${current.address} a backup` : `making ${current.address} a primary`);
      if (stable.address !== current.address) out.push(`respelling ${stable.address} as ${current.address}`);
    }
  }
  if (reordered) out.push('reordering the members');
  return out;
}

/** `a, b and 3 more changes`: a list for a parenthesis that stays short. */
export function listChanges(changes: readonly string[], limit = 3): string {
  if (changes.length <= limit) return changes.join(', ');
  const rest = changes.length - limit;
  return `${changes.slice(0, limit).join(', ')} and ${rest} more change${rest === 1 ? '' : 's'}`;
}
