/**
 * The related Kubernetes manifests of a file as they were at a git revision, for the stable side
 * of an analysis: a canary's main Ingress, a VirtualService's DestinationRule, a route's Service
 * in other files are read from the revision's own tree, so a canary weight changed in another
 * file since stable is drift, not the same split on both sides.
 *
 * The revision's tree is listed once per loader (`git ls-tree`), the same files are chosen as on
 * the working-tree side (workspace/manifests.ts: the repository's YAML and JSON files outside
 * test, example and vendor folders, the file's own folder read whole, at most MAX_MANIFESTS), and
 * their blobs are read in one `git cat-file --batch` per MAX_BATCH_BYTES, by object id, so no
 * filter, hook or attribute the repository chose runs. Blobs over MAX_MANIFEST_BYTES, symbolic
 * links and submodules are left out unread.
 */
import { dirname } from 'node:path';
import type { IncludeResult, SourceFile, SourceLoader } from '../../core/dialect';
import { RELATED_MANIFESTS } from '../../dialects/kubernetes/related';
import { isManifestPath, MAX_MANIFEST_BYTES, relatedManifestPaths, relatedText } from '../../workspace/manifests';
import { decodeText } from '../read-text';
import { validateRevision } from './revision';
import { LONG_TIMEOUT_MS, runGitSync } from './run-git';
import { listFullTreeSync } from './list-tree';
import { fromTreePath, parseBatch, SYMLINK_MODE, toTreePath, type TreeEntry } from './tree';

/** The most blob bytes asked of one `git cat-file --batch`. */
const MAX_BATCH_BYTES = 32 * 1024 * 1024;

/**
 * Wraps a revision's loader so that it answers the related-manifests pattern from the revision
 * `sha` of the repository at `root`; every other include goes to `loader`. A revision that cannot
 * be listed answers as a loader without related manifests would (`ok: false`), so the stable
 * model says it stands alone rather than inventing drift.
 */
export function withRevisionManifests(loader: SourceLoader, root: string, sha: string): SourceLoader {
  let listing: Map<string, TreeEntry> | string | undefined;
  const texts = new Map<string, SourceFile | null>();
  const selections = new Map<string, readonly string[]>();

  const list = (): Map<string, TreeEntry> | string => {
    if (listing !== undefined) return listing;
    const checked = validateRevision(sha);
    if (!checked.ok) return (listing = checked.message);
    const listed = listFullTreeSync(root, sha);
    if (typeof listed === 'string') return (listing = listed);
    listing = new Map();
    for (const entry of listed) {
      if (entry.type !== 'blob' || entry.mode === SYMLINK_MODE || entry.size > MAX_MANIFEST_BYTES) continue;
      const path = fromTreePath(root, entry.path);
      if (isManifestPath(path)) listing.set(path, entry);
    }
    return listing;
  };

  return {
    include(pattern: string, from: string, rootFile: string): IncludeResult {
      if (pattern !== RELATED_MANIFESTS) return loader.include(pattern, from, rootFile);
      const entries = list();
      if (typeof entries === 'string') return { ok: false, message: entries };
      // The stable file's folder, inside the repository; a file outside it relates to nothing there.
      const own = toTreePath(root, dirname(from)) === undefined ? root : dirname(from);
      let paths = selections.get(own);
      if (!paths) {
        paths = relatedManifestPaths(entries.keys(), root, own);
        selections.set(own, paths);
      }
      readBlobs(root, sha, paths.filter((p) => !texts.has(p)).map((p) => [p, entries.get(p)!] as const), texts);
      const files: SourceFile[] = [];
      for (const path of paths) {
        const file = texts.get(path);
        if (file) files.push(file);
      }
      return { ok: true, files };
    },
  };
}

/** Reads the blobs of `wanted` into `texts` (null for one that is no related manifest or could not be read). */
function readBlobs(root: string, sha: string, wanted: readonly (readonly [string, TreeEntry])[], texts: Map<string, SourceFile | null>): void {
  let start = 0;
  while (start < wanted.length) {
    let end = start;
    let bytes = 0;
    while (end < wanted.length && (end === start || bytes + wanted[end]![1].size <= MAX_BATCH_BYTES)) bytes += wanted[end++]![1].size;
    const batch = wanted.slice(start, end);
    start = end;
    const input = batch.map(([, entry]) => entry.oid).join('\n') + '\n';
    // Each answer is a header line, the content and a newline; headers are well under 128 bytes.
    const result = runGitSync(['cat-file', '--batch'], root, { input, maxBytes: bytes + batch.length * 128 + 1024, timeoutMs: LONG_TIMEOUT_MS });
    const blobs = result.ok ? parseBatch(result.stdout) : new Map<string, Buffer>();
    for (const [path, entry] of batch) {
      const blob = blobs.get(entry.oid);
      const decoded = blob ? decodeText(blob, `${path} at ${sha.slice(0, 12)}`) : undefined;
      const text = decoded?.ok ? relatedText(decoded.text) : null;
      texts.set(path, text === null ? null : { path, text });
    }
  }
}
