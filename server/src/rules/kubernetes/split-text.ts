/**
 * Words for Kubernetes traffic splits in findings: the system that defines a pool's semantics,
 * and its effective shares as a list (`reviews subset v1 77.8%, reviews subset v2 22.2%`).
 */
import { percents } from '../../core/format';
import type { Pool } from '../../core/model';
import type { PoolShares } from '../../core/shares';

export function systemOf(pool: Pool): string {
  return pool.dialect === 'gateway-api' ? 'Gateway API' : pool.dialect === 'istio' ? 'Istio' : 'ingress-nginx';
}

export function whatPool(pool: Pool): string {
  return pool.dialect === 'ingress-nginx' ? `the canary of ${pool.name}` : `${pool.context} ${pool.name}`;
}

export function sharesText(pool: Pool, shares: PoolShares): string {
  const values = percents(...pool.members.map((_, i) => shares.members[i]?.share ?? 0));
  return pool.members.map((m, i) => `${m.address} ${values[i]}`).join(', ');
}

/** The last part of a path, to name another manifest in a message. */
export function fileName(path: string): string {
  return path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);
}

export function isKubernetesSplit(pool: Pool): boolean {
  return pool.kind === 'split' && (pool.dialect === 'gateway-api' || pool.dialect === 'istio' || pool.dialect === 'ingress-nginx');
}
