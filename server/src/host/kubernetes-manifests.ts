/**
 * The related manifests of a Kubernetes file, for the analysis's reserved include pattern
 * (`RELATED_MANIFESTS`): the YAML and JSON files of the file's repository that name a kind
 * lb-drift resolves against (Service, DestinationRule, Ingress, routes). So a VirtualService is
 * checked against its DestinationRule in another file, a route against its Services, a canary
 * against its main Ingress, whether the CLI was given one file or a folder.
 *
 * The repository is the nearest folder above the file holding `.git` (else the file's own
 * folder). Its test, fixture, example, docs and vendor folders are left out (they hold unrelated
 * copies of the same names), except the file's own folder, which is always read whole. Listing
 * honours .gitignore; at most MAX_MANIFESTS files of at most MAX_MANIFEST_BYTES each are read,
 * once per loader (one CLI run). Files are only read for names; nothing of them is quoted. Which
 * files relate is decided in workspace/manifests.ts; the editor keeps them in its workspace view
 * and passes it as `workspace`, so its analyses list no folder.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { IncludeResult, SourceFile, SourceLoader } from '../core/dialect';
import { RELATED_MANIFESTS } from '../dialects/kubernetes/related';
import { isManifestPath, MAX_MANIFEST_BYTES, MAX_MANIFESTS, relatedManifestPaths, relatedText } from '../workspace/manifests';
import { listFiles } from './list-files';
import { readText } from './read-text';

export { MAX_MANIFEST_BYTES, MAX_MANIFESTS };
/** Folders above a file searched for `.git`. */
const MAX_DEPTH = 12;

/** Where the editor keeps the workspace's manifests (lsp/workspace-index.ts). */
export interface RelatedManifestSource {
  /** The related manifests of `file`, or undefined when the workspace does not hold its repository. */
  relatedManifests(file: string): readonly SourceFile[] | undefined;
}

export interface ManifestOptions {
  /** Open editor buffers win over the disk. */
  readonly overlay?: (path: string) => string | undefined;
  /** The workspace's manifests: asked first, so an analysis in the editor lists no folder. */
  readonly workspace?: RelatedManifestSource;
}

/** Wraps a loader so that it answers the related-manifests pattern and passes everything else on. */
export function withKubernetesManifests(loader: SourceLoader, options: ManifestOptions = {}): SourceLoader {
  const listings = new Map<string, readonly string[]>();
  const texts = new Map<string, SourceFile | null>();
  const read = (path: string): SourceFile | null => {
    let file = texts.get(path);
    if (file === undefined) {
      const open = options.overlay?.(path);
      const result = open !== undefined ? { ok: true as const, text: open } : readText(path, MAX_MANIFEST_BYTES);
      const text = result.ok ? relatedText(result.text) : null;
      file = text !== null ? { path, text } : null;
      texts.set(path, file);
    }
    return file;
  };
  return {
    include(pattern: string, from: string, root: string): IncludeResult {
      if (pattern !== RELATED_MANIFESTS) return loader.include(pattern, from, root);
      const known = options.workspace?.relatedManifests(from);
      if (known) return { ok: true, files: [...known] };
      const repository = repositoryOf(from);
      const key = `${repository}\u0000${dirname(from)}`;
      let paths = listings.get(key);
      if (!paths) {
        paths = manifestPaths(repository, dirname(from));
        listings.set(key, paths);
      }
      const files: SourceFile[] = [];
      for (const path of paths) {
        const file = read(path);
        if (file) files.push(file);
      }
      return { ok: true, files };
    },
  };
}

/** The nearest folder above a file that holds `.git`, else the file's own folder. */
export function repositoryOf(file: string): string {
  let dir = dirname(file);
  for (let depth = 0; depth < MAX_DEPTH; depth++) {
    if (existsSync(join(dir, '.git'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return dirname(file);
}

function manifestPaths(repository: string, own: string): string[] {
  const listed = (folder: string) => [...listFiles([folder])].flatMap((entry) => ('path' in entry && isManifestPath(entry.path) ? [entry.path] : []));
  return relatedManifestPaths(repository === own ? listed(own) : [...listed(own), ...listed(repository)], repository, own);
}
