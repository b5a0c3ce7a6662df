/**
 * The Kubernetes manifests of the workspace, for the analysis's related manifests (a
 * VirtualService's DestinationRule, a route's Service, a canary's main Ingress in other files).
 * Pure: the host feeds it texts from the workspace scan, file events and open buffers; an
 * analysis then takes its related files from here instead of listing the repository again.
 *
 * Which manifests relate to a file is decided here for both the CLI (over a directory listing)
 * and the editor (over this set), so both resolve a file against the same files: the YAML and
 * JSON files of the file's repository, leaving out test, fixture, example, docs and vendor folders
 * (they hold unrelated copies of the same names) except the file's own folder, which is read whole;
 * at most MAX_MANIFESTS, the file's own folder first.
 */
import { dirname, relative, sep } from 'node:path';
import { MANIFEST_NAME, mayBeRelatedManifest } from '../dialects/kubernetes/sniff';

export const MAX_MANIFESTS = 2000;
export const MAX_MANIFEST_BYTES = 2 * 1024 * 1024;
const ELSEWHERE = /^(?:tests?|testdata|fixtures?|examples?|docs?|vendor|third_party|node_modules|\.[^.].*)$/i;

/** Whether a path names a file that may be a manifest (by its name alone). */
export function isManifestPath(path: string): boolean {
  return MANIFEST_NAME.test(path);
}

/**
 * The manifests related to a file in folder `own` of `repository`, from `paths` (in listing
 * order), sorted.
 */
export function relatedManifestPaths(paths: Iterable<string>, repository: string, own: string): string[] {
  const mine: string[] = [];
  const others: string[] = [];
  const seen = new Set<string>();
  for (const path of paths) {
    if (!isManifestPath(path) || seen.has(path)) continue;
    seen.add(path);
    if (inside(path, own)) mine.push(path);
    else if (repository !== own && inside(path, repository) && !relative(repository, dirname(path)).split(sep).some((f) => ELSEWHERE.test(f))) others.push(path);
  }
  return [...mine, ...others].slice(0, MAX_MANIFESTS).sort();
}

function inside(path: string, folder: string): boolean {
  return path.startsWith(folder.endsWith(sep) ? folder : `${folder}${sep}`);
}

/** A manifest's text as a related file: one that names a kind analyses resolve against, within the size limit. */
export function relatedText(text: string): string | null {
  return text.length <= MAX_MANIFEST_BYTES && mayBeRelatedManifest(text) ? text : null;
}

/**
 * Every manifest path of the workspace with its text (null for one that names no related kind),
 * and the related paths of each folder, computed once and kept until a manifest is added or
 * removed.
 */
export class WorkspaceManifests {
  private readonly texts = new Map<string, string | null>();
  private readonly selections = new Map<string, readonly string[]>();

  get size(): number {
    return this.texts.size;
  }

  /** Records a manifest's text as read from disk. */
  set(path: string, text: string): void {
    if (!this.texts.has(path)) this.selections.clear();
    this.texts.set(path, relatedText(text));
  }

  delete(path: string): boolean {
    if (!this.texts.delete(path)) return false;
    this.selections.clear();
    return true;
  }

  /** A folder was deleted: every manifest under it goes. */
  deleteUnder(folder: string): boolean {
    let changed = false;
    for (const path of [...this.texts.keys()]) if (inside(path, folder)) changed = this.texts.delete(path) || changed;
    if (changed) this.selections.clear();
    return changed;
  }

  clear(): void {
    this.texts.clear();
    this.selections.clear();
  }

  /** The text read from disk, null when it names no related kind, undefined for a path not known. */
  text(path: string): string | null | undefined {
    return this.texts.get(path);
  }

  /** The related manifest paths of a file in folder `own` of `repository`. */
  related(repository: string, own: string): readonly string[] {
    const key = `${repository}\u0000${own}`;
    let paths = this.selections.get(key);
    if (!paths) {
      paths = relatedManifestPaths(this.texts.keys(), repository, own);
      this.selections.set(key, paths);
    }
    return paths;
  }
}
