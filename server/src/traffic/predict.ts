/**
 * `predictShares`: the expected share of every member of a pool, by the dialect that balances it.
 * Each dialect's emulation lives in its own folder (nginx/, haproxy/, kubernetes/).
 */
import type { Pool } from '../core/model';
import type { PoolShares } from '../core/shares';
import { predictHaproxyShares } from './haproxy/shares';
import { KUBERNETES_POOL_DIALECTS, predictKubernetesShares } from './kubernetes/shares';
import { predictByWeight, predictNginxShares } from './nginx/shares';

export function predictShares(pool: Pool): PoolShares {
  if (pool.dialect === 'nginx') return predictNginxShares(pool);
  if (pool.dialect === 'haproxy') return predictHaproxyShares(pool);
  if (KUBERNETES_POOL_DIALECTS.has(pool.dialect)) return predictKubernetesShares(pool);
  return predictByWeight(pool);
}
