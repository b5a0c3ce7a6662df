/**
 * The other manifests a Kubernetes request looks into (go-to-definition, references, the outline
 * of shares): open editor buffers first, then the disk, through the same host reader and the same
 * repository listing the analysis resolves against (host/kubernetes-manifests.ts). Nothing is
 * kept between requests: a listing or a text read here is never stale.
 */
import { isAbsolute } from 'node:path';
import { LineIndex, type Loc } from '../../core/span';
import type { Location } from 'vscode-languageserver/node';
import { noIncludes, type SourceFile } from '../../core/dialect';
import { RELATED_MANIFESTS } from '../../dialects/kubernetes/related';
import { MAX_MANIFEST_BYTES, withKubernetesManifests } from '../../host/kubernetes-manifests';
import { readText } from '../../host/read-text';
import { pathToUri } from '../uris';

export interface ManifestReader {
  /** The text of a manifest: the open buffer, else the file on disk; undefined when unreadable. */
  text(path: string): string | undefined;
  /** The other manifests of the file's repository that name a kind lb-drift resolves against. */
  related(path: string): readonly SourceFile[];
}

export function manifestReader(openText: (path: string) => string | undefined): ManifestReader {
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
      const result = withKubernetesManifests(noIncludes, { overlay: openText }).include(RELATED_MANIFESTS, path, path);
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
