import { defineRule } from '../core/rule';
import { isKubernetesSplit, systemOf, whatPool } from './kubernetes/split-text';

const rule = defineRule({
  meta: {
    id: 'zero-weight-backend',
    title: 'A backend with weight 0 gets no traffic, or a split whose weights are all 0',
    severity: 'info',
    dialects: ['kubernetes'],
    scope: 'pool',
    fixable: 'none',
    options: {},
    docs: {
      whatItDoes:
        'Reports a Gateway API backendRef or Istio destination written with `weight: 0` beside backends that get traffic (it gets none: a parked version, as a hint, since a written 0 says what it does and is the resting state of a canary that Argo Rollouts or Flagger drives), and at error a split whose weights are all 0: under the Gateway API spec nothing is forwarded, and implementations differ in the error they answer (Kuma answered 500 until kumahq/kuma#18340 and 503 since; early Gateway API support in Istio forwarded to a lone weight-0 backend anyway, istio/istio#31745), and istiod rejects such a VirtualService ("total destination weight = 0"). A lone Istio destination is exempt: Istio ignores its weight.',
      whyItMatters:
        'A weight of 0 is how a version is parked, and it is easy to forget there: the release looks rolled out while the new version receives nothing. All weights at 0 turns a route off entirely, usually by a script that zeroed the old version before raising the new one.',
      example:
        'apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata:\n  name: store\nspec:\n  rules:\n    - backendRefs:\n        - name: store-v1\n          port: 8080\n          weight: 0\n        - name: store-v2\n          port: 8080\n          weight: 0',
      fix: 'Give the backend a weight, or remove it from the split once it should never get traffic again.',
      references: [
        'https://gateway-api.sigs.k8s.io/reference/spec/#backendref',
        'https://istio.io/latest/docs/reference/config/networking/virtual-service/#HTTPRouteDestination',
      ],
    },
  },
  check(context) {
    for (const pool of context.model.pools) {
      if (!isKubernetesSplit(pool) || pool.dialect === 'ingress-nginx') continue;
      if (pool.dialect === 'istio' && pool.members.length === 1) continue;
      if (pool.members.every((m) => m.weight <= 0)) {
        const outcome =
          pool.dialect === 'istio'
            ? 'istiod rejects the VirtualService ("total destination weight = 0")'
            : 'nothing is forwarded: the Gateway API spec sends no traffic to weight 0, and implementations answer with different errors (Kuma 500 until kumahq/kuma#18340, 503 since; an early Istio forwarded to a lone weight-0 backend anyway, istio/istio#31745)';
        context.report({ message: `Every weight in ${whatPool(pool)} is 0: ${outcome}.`, loc: pool.members[0]!.weightLoc ?? pool.nameLoc, severity: 'error' });
        continue;
      }
      for (const member of pool.members) {
        if (!member.weightExplicit || member.weight !== 0) continue;
        // A hint: the share hints already show 0%, and a controller-driven canary rests there between releases.
        context.report({ message: `${member.address} has weight 0 in ${whatPool(pool)}: ${systemOf(pool)} sends it no traffic.`, loc: member.weightLoc ?? member.addressLoc, severity: 'hint' });
      }
    }
  },
});

export default rule;
