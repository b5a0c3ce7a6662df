/**
 * Shares of Kubernetes traffic splits, exactly as each system defines them (sources in the
 * lowering modules of dialects/kubernetes):
 * - Gateway API: weight / sum of the rule's weights (default 1); all zero: nothing is forwarded.
 * - Istio: a lone destination gets everything; otherwise weight / sum, weight 0 or none gets
 *   nothing; a total of 0 is rejected by istiod's validation.
 * - ingress-nginx canary: min(canary-weight, total) / total of the requests that no header or
 *   cookie rule decided; total is canary-weight-total above 100, else 100.
 * Shares are per Service or subset: how its pods share it depends on readiness and endpoints,
 * which no manifest says.
 */
import { percent } from '../../core/format';
import type { Member, Pool } from '../../core/model';
import type { MemberShare, PoolShares } from '../../core/shares';

export const KUBERNETES_POOL_DIALECTS = new Set(['gateway-api', 'istio', 'ingress-nginx']);

const PER_POD = 'Shares are per Service or subset; how its pods share them depends on endpoints and readiness, which no manifest says.';

export function predictKubernetesShares(pool: Pool): PoolShares {
  if (pool.kind !== 'split') {
    return { members: [], caveat: `${pool.algorithmText || pool.algorithm} balances the pods of the Service, which are not in any manifest: per-pod shares are unknowable offline.` };
  }
  if (pool.dialect === 'istio' && pool.members.length === 1) {
    return { members: [{ share: 1, why: 'the only destination of the route gets all traffic (Istio ignores a lone weight)' }], caveat: [PER_POD, ...mirrorNote(pool), ...scopeNotes(pool)].join(' ') };
  }
  const total = pool.members.reduce((sum, m) => sum + Math.max(0, m.weight), 0);
  if (total === 0) {
    const caveat =
      pool.dialect === 'istio'
        ? 'Every weight is 0: istiod rejects the VirtualService ("total destination weight = 0").'
        : 'Every weight is 0: no backend gets traffic; the Gateway API spec says weight 0 forwards nothing, and implementations answer with different errors (Kuma 500 until kumahq/kuma#18340, 503 since).';
    return { members: pool.members.map(() => ({ share: 0, why: 'weight 0: no traffic' })), caveat };
  }
  const members: MemberShare[] = pool.members.map((m) => {
    const weight = Math.max(0, m.weight);
    return { share: weight / total, why: whyOf(pool, m, total) };
  });
  const caveats = [PER_POD, ...mirrorNote(pool), ...scopeNotes(pool)];
  if (pool.dialect === 'ingress-nginx') {
    const header = pool.facts['canary-by-header']?.value;
    const cookie = pool.facts['canary-by-cookie']?.value;
    if (header || cookie) {
      caveats.unshift(
        `Requests ${[header ? `with header ${header}` : '', cookie ? `with cookie ${cookie}` : ''].filter(Boolean).join(' or ')} are decided by it first (always: canary, never: main); the weights split the rest.`,
      );
    }
  }
  return { members, caveat: caveats.join(' ') };
}

/** A mirrored route (Istio mirror, Gateway API RequestMirror) copies requests without taking a share. */
function mirrorNote(pool: Pool): string[] {
  const mirror = pool.facts.mirror?.value;
  if (!mirror) return [];
  const percentage = pool.facts.mirrorPercentage?.value;
  return [`A copy of ${percentage !== undefined ? `${percentage}% of the requests` : 'every request'} also goes to ${mirror} (mirror); its answers are dropped, so it takes no share.`];
}

/** Which requests the split applies to (matches), where (the Gateways), and Istio's retries. */
function scopeNotes(pool: Pool): string[] {
  const notes: string[] = [];
  const matches = pool.facts.matches?.value;
  if (matches) notes.push(`The shares are of the requests this route matches (${matches}).`);
  const parents = pool.facts.parentRefs?.value;
  if (parents) notes.push(`Attached to ${parents} (parentRefs).`);
  const retries = pool.facts.retries?.value;
  if (retries) notes.push(`A failed request is retried up to ${retries} times on the same destination (retries), so retries do not move shares between destinations.`);
  return notes;
}

/** How the share follows from the weights, by the rule of the system that defines it, with its numbers. */
function whyOf(pool: Pool, member: Member, total: number): string {
  const { weight, weightExplicit: explicit } = member;
  const fraction = `${weight} / ${total} = ${percent(Math.max(0, weight) / total)}`;
  switch (pool.dialect) {
    case 'gateway-api':
      return (
        `weight ${weight}${explicit ? '' : ' (not written: the Gateway API default of 1)'} of the rule's ${total}: ` +
        `Gateway API sends each backendRef weight / sum of the rule's weights, ${fraction}`
      );
    case 'istio':
      return weight === 0
        ? `weight ${explicit ? '0' : 'not written, which Istio reads as 0'}: beside weighted destinations Istio sends it no traffic`
        : `weight ${weight} of the route's ${total}: Istio normalises the weights to weight / sum, ${fraction} (the sum need not be 100)`;
    default:
      return member.name === 'main'
        ? `the main Ingress keeps what the canary leaves: ${weight} of every ${total} requests that no header or cookie decided (${total} - canary-weight ${total - weight})`
        : `canary-weight ${weight} of ${total}: ingress-nginx sends the canary ${fraction} of the requests that no header or cookie decided (canary-weight-total counts only above 100; below, the total is 100)`;
  }
}
