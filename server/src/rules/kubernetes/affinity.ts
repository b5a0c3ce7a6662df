/**
 * client-ip-affinity for Kubernetes models: Istio `consistentHash.useSourceIp` and ingress-nginx
 * `upstream-hash-by` on the client address. Both key every request of one address to one pod.
 */
import type { RuleContext } from '../../core/rule';

const CLIENT_ADDRESS = /\$(?:binary_)?remote_addr\b/;

export function checkKubernetesAffinity(context: RuleContext): void {
  for (const pool of context.model.pools) {
    if (pool.kind !== 'members' || !pool.hash) continue;
    const key = pool.hash.key;
    if (pool.dialect === 'istio' && key === 'source-ip') {
      context.report({
        message:
          `DestinationRule ${pool.name} hashes on the source IP (useSourceIp): every client behind one NAT, proxy or gateway, and every request an ingress gateway forwards, lands on the same pod, which then carries that whole group's load. ` +
          'Hash on a header or cookie that identifies the user (httpHeaderName, httpCookie) instead.',
        loc: pool.hash.keyLoc ?? pool.nameLoc,
      });
    } else if (pool.dialect === 'ingress-nginx' && CLIENT_ADDRESS.test(key)) {
      context.report({
        message:
          `Ingress ${pool.name} hashes on the client address (upstream-hash-by ${key}): everyone behind one NAT, proxy or load balancer in front of ingress-nginx lands on one pod. ` +
          'Hash on a user identifier ($cookie_..., $http_...) or make sure the real client address is used (use-forwarded-headers).',
        loc: pool.hash.keyLoc ?? pool.nameLoc,
      });
    }
  }
}
