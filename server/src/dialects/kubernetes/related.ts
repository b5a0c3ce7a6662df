/**
 * The other manifests of the configuration. A VirtualService's DestinationRule, a route's Service
 * and a canary's main Ingress usually live in other files, so the analysis asks the loader for
 * the related manifests with a reserved include pattern; the host answers with the Kubernetes
 * manifests of the file's repository (the CLI) or workspace (the editor). A loader that does not
 * know the pattern (a test, a host without file access) leaves the file to stand alone, and the
 * model says so (`complete: false`).
 *
 * Definitions of a related file are remembered by path and text, so checking a folder of n files
 * parses each file once, not n times. So are its canary Ingresses, with the annotations that
 * decide their split: a main Ingress shows the split its canary in another file makes.
 */
import type { SourceLoader } from '../../core/dialect';
import type { Definition } from '../../core/model';
import { definitionsOf } from './catalog';
import { readManifest, type ManifestObject } from './documents';
import { ingressPaths, isCanary, nginxAnnotations } from './ingress-paths';
import { memoByText } from './memo';
import { namespaceOf } from './names';
import { sniffManifestText } from './sniff';

/** The include pattern that asks the host for the other Kubernetes manifests of the configuration. */
export const RELATED_MANIFESTS = 'lb-drift:kubernetes-manifests';

/** Related files remembered at most (a repository with more manifests re-reads the rest). */
const MAX_REMEMBERED = 4096;

interface RelatedFile {
  readonly definitions: readonly Definition[];
  readonly canaries: readonly RelatedCanary[];
}

/** A canary Ingress path of another file, with the annotations that decide its share. */
export interface RelatedCanary {
  readonly file: string;
  /** `host path`, as ingress-nginx pairs a canary with its main Ingress. */
  readonly key: string;
  readonly ingress: string;
  readonly namespace: string;
  /** Its Service as `name:port`. */
  readonly service: string;
  /** The ingress-nginx annotations by short name (`canary-weight`), values as written. */
  readonly annotations: ReadonlyMap<string, string>;
}

export interface Related {
  /** Whether the host supplied the configuration's other files. */
  readonly known: boolean;
  readonly definitions: readonly Definition[];
  readonly canaries: readonly RelatedCanary[];
}

export function relatedDefinitions(loader: SourceLoader, file: string): Related {
  let result;
  try {
    result = loader.include(RELATED_MANIFESTS, file, file);
  } catch {
    return { known: false, definitions: [], canaries: [] };
  }
  if (!result.ok) return { known: false, definitions: [], canaries: [] };
  const definitions: Definition[] = [];
  const canaries: RelatedCanary[] = [];
  for (const other of result.files) {
    if (other.path === file) continue;
    const read = relatedFile(other.path, other.text);
    definitions.push(...read.definitions);
    canaries.push(...read.canaries);
  }
  return { known: true, definitions, canaries };
}

/** Services are in the catalog too, so the text check is wider than the balancer sniff. */
const ANY_KIND = /["']?kind["']?[ \t]*:[ \t]*["']?(?:Service|DestinationRule|Ingress|List)\b/;

const relatedFile = memoByText(MAX_REMEMBERED, (path, text): RelatedFile => {
  const objects = ANY_KIND.test(text) || sniffManifestText(text) ? readManifest(path, text).objects : [];
  return { definitions: definitionsOf(path, objects, false), canaries: canariesOf(path, objects) };
});

function canariesOf(file: string, objects: readonly ManifestObject[]): RelatedCanary[] {
  const out: RelatedCanary[] = [];
  for (const object of objects) {
    if (object.kind !== 'Ingress' || !isCanary(object)) continue;
    const annotations = new Map([...nginxAnnotations(object)].map(([name, a]) => [name, a.value]));
    for (const p of ingressPaths(object)) {
      const service = p.port ? `${p.service}:${p.port}` : p.service;
      out.push({ file, key: `${p.host} ${p.path}`, ingress: object.name, namespace: namespaceOf(object.namespace), service, annotations });
    }
  }
  return out;
}
