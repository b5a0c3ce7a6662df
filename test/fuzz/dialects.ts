/**
 * The dialects the fuzzer knows. A dialect joins with one entry: its id, the generators of fresh
 * inputs, the corpus folders (under ../shared/corpus) whose files are mutated, and the file
 * extension an input is analysed under (so detection picks the dialect as the CLI would).
 */
import type { DialectId } from '../../server/src/core/model';
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
];

export function fuzzDialect(id: string): FuzzDialect {
  const found = FUZZ_DIALECTS.find((d) => d.id === id);
  if (!found) throw new Error(`no fuzz dialect "${id}"; known: ${FUZZ_DIALECTS.map((d) => d.id).join(', ')}`);
  return found;
}
