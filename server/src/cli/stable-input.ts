/**
 * The stable side of a file for the CLI: the revision (`--against`, else `auto`), the file's text
 * there (following renames; an empty file when it is new since then) and a loader for includes at
 * that revision (related Kubernetes manifests too). Resolution is cached per repository and request.
 */
import type { StableInput } from '../engine/analyze';
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
  const revision = createRevisionLoader(resolved.root, resolved.sha, options.nginxPrefix ? { prefix: options.nginxPrefix } : {});
  const loader = withRevisionManifests(revision, resolved.root, resolved.sha);
  const found = await fileAtRevision(resolved.root, resolved.sha, path);
  if (found.kind === 'error') return { error: found.message, ref: resolved.ref };
  if (found.kind === 'new-file') {
    return { input: { ref: resolved.ref, file: { path, text: '' }, loader }, newFile: true, ref: resolved.ref, sha: resolved.sha };
  }
  return { input: { ref: resolved.ref, file: { path: found.path, text: found.text }, loader }, ref: resolved.ref, sha: resolved.sha };
}
