/**
 * Deterministic Kubernetes inputs for the benchmark: a multi-document balancer manifest of any size
 * (what `helm template` or `kustomize build` prints for a mesh of services: Services, Istio
 * VirtualServices and DestinationRules, Gateway API HTTPRoutes, ingress-nginx Ingresses with their
 * canaries), and YAML files of about the same size that are not balancer configs (a CI workflow,
 * a compose file, a Helm values file with `weight:` keys) for the sniff.
 */

/** One service's objects, about 3.3 KB: every kind lb-drift reads, names distinct per index. */
function serviceObjects(i: number): string[] {
  const name = `svc-${i}`;
  const ns = `team-${i % 17}`;
  const host = `${name}.${ns}.svc.cluster.local`;
  const canaryWeight = (i * 7) % 50;
  const split = 10 + (i % 80);
  return [
    `apiVersion: v1
kind: Service
metadata:
  name: ${name}
  namespace: ${ns}
  labels:
    app: ${name}
spec:
  selector:
    app: ${name}
  ports:
    - name: http
      port: 80
      targetPort: 8080
`,
    `apiVersion: v1
kind: Service
metadata:
  name: ${name}-canary
  namespace: ${ns}
spec:
  selector:
    app: ${name}
    track: canary
  ports:
    - name: http
      port: 80
      targetPort: 8080
`,
    `apiVersion: networking.istio.io/v1beta1
kind: DestinationRule
metadata:
  name: ${name}
  namespace: ${ns}
spec:
  host: ${host}
  trafficPolicy:
    loadBalancer:
${i % 3 === 0 ? `      consistentHash:\n        httpHeaderName: x-user-${i % 5}\n` : `      simple: ${i % 2 === 0 ? 'LEAST_REQUEST' : 'ROUND_ROBIN'}\n`}${i % 4 === 0 ? '' : '    outlierDetection:\n      consecutive5xxErrors: 5\n      interval: 10s\n      baseEjectionTime: 30s\n'}  subsets:
    - name: v1
      labels:
        version: v1
    - name: v2
      labels:
        version: v2
      trafficPolicy:
        loadBalancer:
          simple: ROUND_ROBIN
`,
    `apiVersion: networking.istio.io/v1beta1
kind: VirtualService
metadata:
  name: ${name}
  namespace: ${ns}
spec:
  hosts:
    - ${host}
  http:
    - name: by-header
      match:
        - headers:
            x-canary:
              exact: "true"
      route:
        - destination:
            host: ${host}
            subset: v2
    - name: split
      route:
        - destination:
            host: ${host}
            subset: v1
            port:
              number: 80
          weight: ${100 - split}
        - destination:
            host: ${host}
            subset: v2
            port:
              number: 80
          weight: ${split}
      retries:
        attempts: 3
        perTryTimeout: 2s
`,
    `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata:
  name: ${name}
  namespace: ${ns}
spec:
  parentRefs:
    - name: public-gateway
      namespace: infra
  hostnames:
    - ${name}.example.com
  rules:
    - matches:
        - path:
            type: PathPrefix
            value: /api
      backendRefs:
        - name: ${name}
          port: 80
          weight: ${100 - split}
        - name: ${name}-canary
          port: 80
          weight: ${split}
`,
    `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: ${name}
  namespace: ${ns}
  annotations:
    nginx.ingress.kubernetes.io/load-balance: ewma
spec:
  ingressClassName: nginx
  rules:
    - host: ${name}.example.com
      http:
        paths:
          - path: /
            pathType: Prefix
            backend:
              service:
                name: ${name}
                port:
                  number: 80
`,
    `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: ${name}-canary
  namespace: ${ns}
  annotations:
    nginx.ingress.kubernetes.io/canary: "true"
    nginx.ingress.kubernetes.io/canary-weight: "${canaryWeight}"
${i % 5 === 0 ? '    nginx.ingress.kubernetes.io/canary-by-header: x-canary\n' : ''}spec:
  ingressClassName: nginx
  rules:
    - host: ${name}.example.com
      http:
        paths:
          - path: /
            pathType: Prefix
            backend:
              service:
                name: ${name}-canary
                port:
                  number: 80
`,
  ];
}

/** A multi-document manifest of at least `targetBytes`, every object its own `---` document. */
export function kubernetesManifest(targetBytes: number): string {
  const documents: string[] = [];
  let bytes = 0;
  for (let i = 0; bytes < targetBytes; i++) {
    for (const object of serviceObjects(i)) {
      documents.push(object);
      bytes += object.length + 4;
    }
  }
  return documents.map((d) => `---\n${d}`).join('');
}

/** Where the benchmark edits: the digit of the split weight in the VirtualService nearest the middle. */
export function middleWeight(text: string): { line: number; character: number } {
  const at = text.indexOf('          weight: ', text.length >> 1);
  const before = text.slice(0, at);
  const line = before.split('\n').length - 1;
  return { line, character: '          weight: '.length };
}

/** YAML files that are not balancer configs, each about `targetBytes`: what the sniff turns away. */
export function nonBalancerYaml(targetBytes: number): Record<'workflow' | 'compose' | 'values', string> {
  const repeat = (head: string, unit: (i: number) => string) => {
    let out = head;
    for (let i = 0; out.length < targetBytes; i++) out += unit(i);
    return out;
  };
  return {
    workflow: repeat('name: ci\non:\n  push:\n    branches: [main]\njobs:\n', (i) =>
      `  job-${i}:\n    runs-on: ubuntu-latest\n    strategy:\n      matrix:\n        node: [18, 20, 22]\n    steps:\n      - uses: actions/checkout@v4\n      - name: test ${i}\n        run: npm ci && npm test -- --shard=${i % 8}/8\n        env:\n          KIND: unit\n`),
    compose: repeat('services:\n', (i) =>
      `  app-${i}:\n    image: registry.example.com/app:${i}\n    deploy:\n      replicas: 3\n      resources:\n        limits: {cpus: "0.5", memory: 256M}\n    ports:\n      - "${8000 + (i % 1000)}:8080"\n    labels:\n      kind: web\n`),
    values: repeat('# Helm values\nreplicaCount: 2\ncanary:\n', (i) =>
      `  release-${i}:\n    enabled: true\n    weight: ${i % 100}\n    kind: Deployment\n    service:\n      name: svc-${i}\n      port: 80\n    apiVersion: apps/v1\n`),
  };
}
