/**
 * nginx's expected shares, by balancing method: the exact emulations of round-robin, least_conn at
 * low load, the hashing methods, `random two` and `split_clients` over nginx's peers.
 */
import type { Pool } from '../../core/model';
import type { MemberShare, PoolShares } from '../../core/shares';
import { assemble } from './assemble';
import { compileKey } from './variables';
import { expandPeers, type PeerLists } from './peers';
import { createNginxRouter } from './router';
import { approximateShares } from './shares-other';
import { chashPoolShares, ipHashPoolShares, mapHashPoolShares } from './shares-hashed';
import { randomTwoPoolShares } from './shares-random-two';
import { splitPoolShares } from './shares-split';
import { weightedShares } from './shares-weighted';
import { LaterWords, WORDS_NOW, type Wording } from './share-words';

/**
 * A key without variables hashes the same for every request: the whole pool goes to one member
 * (or, for an empty key, round-robin). Returns undefined when the key varies.
 */
function constantKeyShares(pool: Pool, lists: PeerLists, wording: Wording): PoolShares | undefined {
  // A key with a `$` either names a variable or does not compile; either way it is not constant.
  if (!pool.hash || pool.hash.key.includes('$')) return undefined;
  const compiled = compileKey(pool.hash.key, pool.context === 'stream' ? 'stream' : 'http');
  if (!compiled.ok || !compiled.key.constant) return undefined;
  if (pool.hash.key === '' && pool.kind !== 'split') {
    return weightedShares(pool, lists, 'round-robin', wording, ['The hash key is empty, so nginx balances every request round-robin.']);
  }
  const created = createNginxRouter(pool);
  if (!created.ok) return undefined;
  const routed = created.router.route({ uri: '/' });
  const shares = new Float64Array(pool.members.length);
  if (routed.ok) shares[routed.member] = 1;
  return assemble(pool, lists, {
    shares,
    why: (index) =>
      index === (routed.ok ? routed.member : -1)
        ? `the key "${pool.hash!.key}" has no variables, so every request hashes the same and comes here`
        : `the key "${pool.hash!.key}" has no variables, and it hashes to another member`,
    caveats: [`The key "${pool.hash.key}" is constant: every request goes to the same member.`],
  }, wording);
}

function nginxPoolShares(pool: Pool, lists: PeerLists, wording: Wording): PoolShares {
  switch (pool.algorithm) {
    case 'round-robin':
      return weightedShares(pool, lists, 'round-robin', wording);
    case 'least-conn':
      return weightedShares(pool, lists, 'least-conn', wording);
    case 'random':
      return weightedShares(pool, lists, 'random', wording);
    case 'random-two':
      return randomTwoPoolShares(pool, lists, wording);
    case 'ip-hash':
      return ipHashPoolShares(pool, lists, wording);
    case 'hash':
    case 'consistent-hash': {
      if (!pool.hash) return approximateShares(pool, lists, wording, 'The pool has no hash key; shares are approximated by weight.');
      const constant = constantKeyShares(pool, lists, wording);
      if (constant) return constant;
      return pool.algorithm === 'hash' ? mapHashPoolShares(pool, lists, wording) : chashPoolShares(pool, lists, wording);
    }
    case 'weighted-split':
      if (pool.kind === 'split' && pool.hash) return constantKeyShares(pool, lists, wording) ?? splitPoolShares(pool, wording);
      return weightedShares(pool, lists, 'weight', wording);
    default:
      return approximateShares(pool, lists, wording);
  }
}


/** The expected share of every member of an nginx pool; each member's sentence is written when read. */
export function predictNginxShares(pool: Pool): PoolShares {
  return nginxPoolShares(pool, expandPeers(pool), new LaterWords(pool, nginxSharesWithWords));
}

function nginxSharesWithWords(pool: Pool): readonly MemberShare[] {
  return nginxPoolShares(pool, expandPeers(pool), WORDS_NOW).members;
}

/** Pools of a dialect without an emulation of its own: weight shares over the members that can serve. */
export function predictByWeight(pool: Pool): PoolShares {
  return approximateShares(pool, expandPeers(pool), new LaterWords(pool, byWeightWithWords));
}

function byWeightWithWords(pool: Pool): readonly MemberShare[] {
  return approximateShares(pool, expandPeers(pool), WORDS_NOW).members;
}
