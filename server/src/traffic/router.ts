/**
 * Per-request routing by the dialect that balances the pool. Each dialect's router lives in its
 * own folder and replays one fresh balancer with healthy members and no concurrency.
 */
import type { Pool } from '../core/model';
import { createHaproxyRouter } from './haproxy/router';
import { createKubernetesRouter } from './kubernetes/router';
import { KUBERNETES_POOL_DIALECTS } from './kubernetes/shares';
import { createNginxRouter } from './nginx/router';
import type { CreateRouterResult } from './types';

export function createRouter(pool: Pool): CreateRouterResult {
  if (pool.dialect === 'nginx') return createNginxRouter(pool);
  if (pool.dialect === 'haproxy') return createHaproxyRouter(pool);
  if (KUBERNETES_POOL_DIALECTS.has(pool.dialect)) return createKubernetesRouter(pool);
  return { ok: false, reason: `pool "${pool.name}" is a ${pool.dialect} pool, whose requests lb-drift does not replay yet` };
}
