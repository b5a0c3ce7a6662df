/**
 * The stable side of a file for the CLI: the revision (`--against`, else `auto`), the file's text
 * there (following renames; an empty file when it is new since then) and a loader for includes at
 * that revision (related Kubernetes manifests too). Resolution is cached per repository and request;
 * the revision's loader is shared by every file of one repository and revision, so `lb-drift diff`
 * over many files lists that revision's tree and reads each of its blobs once, not once per file.
 */
import type { StableInput } from '../engine/analyze';
import type { SourceLoader } from '../core/dialect';
import { createRevisionLoader, fileAtRevision, resolveStable, withRevisionManifests } from '../host/git';

export interface StableForCli {
  readonly input?: StableInput;
  /** Why there is no stable side (not a repository, unknown revision...): an error, exit 2. */
  readonly error?: string;
  /** Set when the file did not exist at the stable revision. */
  readonly newFile?: boolean;
  readonly ref?: string;
  /** The commit the revision resolved to. */
  readonly sha?: string;
}

export async function stableForFile(
  path: string,
  options: { readonly against?: string; readonly tagPattern: string; readonly nginxPrefix?: string },
): Promise<StableForCli> {
  const resolved = await resolveStable(path, { stableRef: options.against ?? 'auto', stableTagPattern: options.tagPattern });
  if (resolved.kind !== 'resolved') return { error: resolved.message };
  // A Kubernetes manifest's related manifests (its DestinationRules, Services, canary and main
  // Ingresses) are read from the revision too, so a change in another file since then is drift.
  const loader = revisionLoader(resolved.root, resolved.sha, options.nginxPrefix);
  const found = await fileAtRevision(resolved.root, resolved.sha, path);
  if (found.kind === 'error') return { error: found.message, ref: resolved.ref };
  if (found.kind === 'new-file') {
    return { input: { ref: resolved.ref, file: { path, text: '' }, loader }, newFile: true, ref: resolved.ref, sha: resolved.sha };
  }
  return { input: { ref: resolved.ref, file: { path: found.path, text: found.text }, loader }, ref: resolved.ref, sha: resolved.sha };
}

/** Loaders by repository, revision and nginx prefix; a CLI run lives for one command. */
const loaders = new Map<string, SourceLoader>();

function revisionLoader(root: string, sha: string, nginxPrefix: string | undefined): SourceLoader {
  const key = `${root}\0${sha}\0${nginxPrefix ?? ''}`;
  let loader = loaders.get(key);
  if (!loader) {
    loader = withRevisionManifests(createRevisionLoader(root, sha, nginxPrefix ? { prefix: nginxPrefix } : {}), root, sha);
    loaders.set(key, loader);
  }
  return loader;
}
