/**
 * The other manifests of the configuration. A VirtualService's DestinationRule, a route's Service
 * and a canary's main Ingress usually live in other files, so the analysis asks the loader for
 * the related manifests with a reserved include pattern; the host answers with the Kubernetes
 * manifests of the file's repository (the CLI) or workspace (the editor). A loader that does not
 * know the pattern (a test, a host without file access) leaves the file to stand alone, and the
 * model says so (`complete: false`).
 *
 * Definitions of a related file are remembered by path and text, so checking a folder of n files
 * parses each file once, not n times.
 */
import type { SourceLoader } from '../../core/dialect';
import type { Definition } from '../../core/model';
import { definitionsOf } from './catalog';
import { readManifest } from './documents';
import { sniffManifestText } from './sniff';

/** The include pattern that asks the host for the other Kubernetes manifests of the configuration. */
export const RELATED_MANIFESTS = 'lb-drift:kubernetes-manifests';

/** Related files remembered at most (a repository with more manifests re-reads the rest). */
const MAX_REMEMBERED = 4096;
const remembered = new Map<string, { text: string; definitions: Definition[] }>();

export interface Related {
  /** Whether the host supplied the configuration's other files. */
  readonly known: boolean;
  readonly definitions: readonly Definition[];
}

export function relatedDefinitions(loader: SourceLoader, file: string): Related {
  let result;
  try {
    result = loader.include(RELATED_MANIFESTS, file, file);
  } catch {
    return { known: false, definitions: [] };
  }
  if (!result.ok) return { known: false, definitions: [] };
  const definitions: Definition[] = [];
  for (const other of result.files) {
    if (other.path === file) continue;
    definitions.push(...definitionsOfFile(other.path, other.text));
  }
  return { known: true, definitions };
}

/** Services are in the catalog too, so the text check is wider than the balancer sniff. */
const ANY_KIND = /["']?kind["']?[ \t]*:[ \t]*["']?(?:Service|DestinationRule|Ingress|List)\b/;

function definitionsOfFile(path: string, text: string): Definition[] {
  const known = remembered.get(path);
  if (known && known.text === text) return known.definitions;
  const definitions = ANY_KIND.test(text) || sniffManifestText(text) ? definitionsOf(path, readManifest(path, text).objects, false) : [];
  if (remembered.size >= MAX_REMEMBERED) remembered.delete(remembered.keys().next().value!);
  remembered.set(path, { text, definitions });
  return definitions;
}
