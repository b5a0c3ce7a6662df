/**
 * The dialects the fuzzer knows. A dialect joins with one entry: its id, the generators of fresh
 * inputs, the corpus folders (under ../shared/corpus) whose files are mutated, and the file
 * extension an input is analysed under (so detection picks the dialect as the CLI would).
 */
import type { DialectId } from '../../server/src/core/model';
import { HAPROXY_GENERATORS } from './haproxy-generators';
import { KUBERNETES_GENERATORS } from './kubernetes-generators';
import { NGINX_GENERATORS, type Generator } from './nginx-generators';

export interface FuzzDialect {
  readonly id: DialectId;
  readonly generators: readonly Generator[];
  readonly corpus: readonly string[];
  readonly extension: string;
  /** Texts to mutate when the corpus is not beside the clone. */
  readonly builtInSeeds: readonly string[];
}

export const FUZZ_DIALECTS: readonly FuzzDialect[] = [
  {
    id: 'nginx',
    generators: NGINX_GENERATORS,
    corpus: ['nginx', 'crossplane', 'nginx-tests'],
    extension: '.nginx',
    builtInSeeds: [
      'http {\n  upstream u {\n    server a:80 weight=5; # primary\n    server b:80 backup;\n  }\n  server {\n    listen 80;\n    location / { proxy_pass http://u; }\n  }\n}\n',
      'upstream app {\n  # lb-drift-disable-next-line weight-skew -- big box\n  server 10.0.0.1:80 max_fails=0;\n  server 10.0.0.1:80 max_fails=0;\n  ip_hash;\n  server 10.0.0.2:80 backup;\n}\n',
    ],
  },
  {
    id: 'haproxy',
    generators: HAPROXY_GENERATORS,
    corpus: ['haproxy'],
    extension: '.cfg',
    builtInSeeds: [
      'defaults\n  mode http\n  timeout connect 5s\nfrontend f\n  bind :80\n  default_backend b\nbackend b\n  balance uri\n  cookie SRV insert\n  server a 10.0.0.1:80 check weight 3 cookie a\n  server b 10.0.0.2:80 backup\n',
      'backend b\n  # lb-drift-disable-next-line weight-skew\n  server a 10.0.0.1:80 weight 100\n  server-template t 2 10.0.0.2:80\n  contimeout 5s\n',
    ],
  },
  {
    id: 'kubernetes',
    generators: KUBERNETES_GENERATORS,
    corpus: ['gateway-api'],
    extension: '.yaml',
    builtInSeeds: [
      'apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata: {name: r}\nspec:\n  http:\n    - route:\n        - destination: {host: reviews, subset: v1}\n          weight: 90\n        - destination: {host: reviews, subset: v2}\n          weight: 10\n---\napiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata: {name: r}\nspec:\n  host: reviews\n  subsets: [{name: v1}]\n',
      'apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata: {name: s}\nspec:\n  rules:\n    - backendRefs:\n        - {name: a, weight: 3}\n        - {name: b}\n',
    ],
  },
];

export function fuzzDialect(id: string): FuzzDialect {
  const found = FUZZ_DIALECTS.find((d) => d.id === id);
  if (!found) throw new Error(`no fuzz dialect "${id}"; known: ${FUZZ_DIALECTS.map((d) => d.id).join(', ')}`);
  return found;
}
