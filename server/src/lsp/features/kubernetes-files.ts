/**
 * The other manifests a Kubernetes request looks into (go-to-definition, references): open editor
 * buffers first, then the disk, through the same host reader and the same related manifests the
 * analysis resolves against (host/kubernetes-manifests.ts: the workspace view when the server has
 * one, else a listing of the repository). Nothing is kept between requests here.
 */
import { isAbsolute } from 'node:path';
import { LineIndex, type Loc } from '../../core/span';
import type { Location } from 'vscode-languageserver/node';
import { noIncludes, type SourceFile } from '../../core/dialect';
import { RELATED_MANIFESTS } from '../../dialects/kubernetes/related';
import { MAX_MANIFEST_BYTES, withKubernetesManifests, type RelatedManifestSource } from '../../host/kubernetes-manifests';
import { readText } from '../../host/read-text';
import { pathToUri } from '../uris';

export interface ManifestReader {
  /** The text of a manifest: the open buffer, else the file on disk; undefined when unreadable. */
  text(path: string): string | undefined;
  /** The other manifests of the file's repository that name a kind lb-drift resolves against. */
  related(path: string): readonly SourceFile[];
}

/** `workspace` answers from the server's workspace view once there is one, so no folder is listed. */
export function manifestReader(openText: (path: string) => string | undefined, workspace: () => RelatedManifestSource | undefined = () => undefined): ManifestReader {
  return {
    text(path) {
      const open = openText(path);
      if (open !== undefined) return open;
      const read = readText(path, MAX_MANIFEST_BYTES);
      return read.ok ? read.text : undefined;
    },
    related(path) {
      // A document without a file (untitled) has no repository to look in.
      if (!isAbsolute(path)) return [];
      const source = workspace();
      const result = withKubernetesManifests(noIncludes, { overlay: openText, ...(source ? { workspace: source } : {}) }).include(RELATED_MANIFESTS, path, path);
      return result.ok ? result.files.filter((f) => f.path !== path) : [];
    },
  };
}

/** Locations in files other than the open document, with one line index per file. */
export class FileLocations {
  private readonly indexes = new Map<string, LineIndex>();

  location(at: Loc, text: string): Location {
    let index = this.indexes.get(at.file);
    if (!index) this.indexes.set(at.file, (index = new LineIndex(text)));
    return { uri: pathToUri(at.file), range: { start: index.positionAt(at.start), end: index.positionAt(at.end) } };
  }
}
