/**
 * The Kubernetes dialect: Gateway API routes, Istio VirtualServices and DestinationRules, and
 * ingress-nginx canary and balancing annotations, read from YAML or JSON manifests. One dialect
 * id covers the three because one file (a `helm template` or `kustomize build` output) mixes them
 * and a VirtualService is resolved against DestinationRules beside it; each pool names the system
 * whose semantics it follows (`Pool.dialect`: gateway-api, istio, ingress-nginx).
 */
import type { Dialect } from '../../core/dialect';
import { fixKubernetes } from './fixer';
import { foldKubernetes } from './folding';
import { reanalyzeKubernetes } from './incremental';
import { analyzeKubernetes } from './lower';
import { sniffKubernetes } from './sniff';

export const kubernetesDialect: Dialect = {
  id: 'kubernetes',
  label: 'Kubernetes (Gateway API, Istio, ingress-nginx)',
  sniff: sniffKubernetes,
  analyze: (file, loader) => analyzeKubernetes(file, loader),
  reanalyze: reanalyzeKubernetes,
  folding: foldKubernetes,
  fix: fixKubernetes,
};
