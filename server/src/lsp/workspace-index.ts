/**
 * The language server's side of the workspace view: scans the workspace folders once in the
 * background, keeps the view up to date from file events the client reports (no polling) and
 * from open buffers (which win over the disk), and answers which configurations include a file
 * and which Kubernetes manifests relate to one (so an analysis lists no folder: the manifests
 * are kept here, and file events and edits of open manifests keep them current).
 */
import { dirname, sep } from 'node:path';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { SourceFile } from '../core/dialect';
import type { CachedReader } from '../host/cached-read';
import { MAX_MANIFEST_BYTES, repositoryOf, type RelatedManifestSource } from '../host/kubernetes-manifests';
import { readText } from '../host/read-text';
import { workspaceIncludeResolver } from '../host/workspace-includes';
import { DEFAULT_SCAN_LIMITS, scanWorkspace, type ScanSummary } from '../host/workspace-scan';
import { mayBeConfig, readFacts, WorkspaceView } from '../workspace';
import { isManifestPath, relatedText, WorkspaceManifests } from '../workspace/manifests';

export type FileEventKind = 'created' | 'changed' | 'deleted';

export interface WorkspaceIndexOptions {
  /** The text of an open document at this path, if there is one. */
  readonly openText: (path: string) => string | undefined;
  readonly cache: CachedReader;
  /** The nginx prefix setting, when one is known. */
  readonly prefix: () => string | undefined;
  /** Called when the initial scan is done (open documents may have configurations now). */
  readonly onScanned: (summary: ScanSummary) => void;
  /** An open manifest changed: analyses that resolve against it are out of date. */
  readonly onManifestEdited?: (path: string) => void;
}

export class WorkspaceIndex implements RelatedManifestSource {
  readonly view: WorkspaceView;
  readonly manifests = new WorkspaceManifests();
  /** Whether the scan read every file (it stops at its limits): else manifests are listed from disk. */
  private complete = false;
  /** The repository of each folder a manifest was analysed in (`.git` is looked for once). */
  private readonly repositories = new Map<string, string>();
  /** Open documents whose facts may have changed since the view last read them. */
  private readonly staleOpen = new Map<string, TextDocument>();
  private scanning: Promise<ScanSummary> | undefined;
  private scanned = false;
  private cancelled = false;
  /** The workspace folders, each ending in a separator. The view covers files under them only. */
  private folders: readonly string[] = [];

  constructor(private readonly options: WorkspaceIndexOptions) {
    this.view = new WorkspaceView(workspaceIncludeResolver({ prefix: options.prefix, overlay: options.openText, cache: options.cache }));
  }

  /** Starts the background scan of the workspace folders (file paths). */
  start(folders: readonly string[]): void {
    this.folders = folders.map((f) => (f.endsWith(sep) ? f : `${f}${sep}`));
    if (folders.length === 0) {
      this.scanned = true;
      return;
    }
    this.scanning = scanWorkspace(
      folders,
      {
        wanted: (path) => mayBeConfig(path) || isManifestPath(path),
        onFile: (path, text) => {
          // An open buffer read meanwhile wins over the disk text the scan read.
          if (mayBeConfig(path)) this.view.set(path, readFacts(path, this.options.openText(path) ?? text));
          if (isManifestPath(path)) this.manifests.set(path, text);
        },
        cancelled: () => this.cancelled,
      },
      DEFAULT_SCAN_LIMITS,
    ).then(
      (summary) => {
        this.scanned = true;
        this.complete = summary.stopped === undefined;
        this.options.onScanned(summary);
        return summary;
      },
      (error: unknown) => {
        this.scanned = true;
        const summary = { read: 0, bytes: 0, stopped: `the workspace scan failed: ${String(error)}` };
        this.options.onScanned(summary);
        return summary;
      },
    );
  }

  stop(): void {
    this.cancelled = true;
  }

  /**
   * Waits for the initial scan at most `ms`; an analysis that gives up goes ahead with what the
   * view knows, and the scan's end analyses open documents again.
   */
  async settled(ms: number): Promise<void> {
    if (this.scanned || !this.scanning) return;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.scanning, new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)))]);
    clearTimeout(timer);
  }

  /**
   * Whether the view covers a file: it is under a workspace folder. A file opened from
   * elsewhere (or an editor without folders) is analysed alone, as the CLI analyses one file.
   */
  covers(path: string): boolean {
    return this.folders.some((folder) => path.startsWith(folder));
  }

  /** An open buffer changed: its facts are read again when a query needs them. */
  documentChanged(path: string, document: TextDocument): void {
    if (!this.covers(path)) return;
    this.staleOpen.set(path, document);
    if (isManifestPath(path)) {
      // A new manifest not yet saved is related too; its text is the open buffer's until then.
      if (this.manifests.text(path) === undefined) this.manifests.set(path, '');
      this.options.onManifestEdited?.(path);
    }
  }

  /** A document was closed: the disk is the truth again. */
  documentClosed(path: string): void {
    this.staleOpen.delete(path);
    if (this.covers(path)) this.fileChanged(path, 'changed');
  }

  /** A file event from the client. Returns whether the view changed. */
  fileChanged(path: string, kind: FileEventKind): boolean {
    if (!this.covers(path)) return false;
    let changed = false;
    if (kind !== 'changed') {
      // A glob may match the new file, or have matched the deleted one.
      this.view.resolutionChanged();
      changed = true;
    }
    if (kind === 'deleted') {
      const manifests = this.manifests.delete(path) || this.manifests.deleteUnder(path);
      return this.view.delete(path) || this.view.deleteUnder(path) || manifests || changed;
    }
    if (isManifestPath(path)) changed = this.manifestChanged(path) || changed;
    if (!mayBeConfig(path)) return changed;
    const open = this.options.openText(path);
    if (open !== undefined) return this.view.set(path, readFacts(path, open)) || changed;
    const read = readText(path, DEFAULT_SCAN_LIMITS.maxFileBytes);
    return (read.ok ? this.view.set(path, readFacts(path, read.text)) : this.view.delete(path)) || changed;
  }

  /**
   * The files whose configuration holds `path`, main configs first. Open buffers that changed
   * are read again first, except `path` itself: its own includes do not decide who includes it,
   * so typing in a large file costs no second parse.
   */
  includersOf(path: string): string[] {
    for (const [stale, document] of this.staleOpen) {
      if (stale === path) continue;
      this.staleOpen.delete(stale);
      if (mayBeConfig(stale)) this.view.set(stale, readFacts(stale, document.getText()));
    }
    return this.view.includersOf(path);
  }

  /** A manifest changed on disk: its text is read again (an open buffer still wins in analyses). */
  private manifestChanged(path: string): boolean {
    const read = readText(path, MAX_MANIFEST_BYTES);
    const before = this.manifests.text(path);
    if (!read.ok) return this.manifests.delete(path);
    this.manifests.set(path, read.text);
    return before !== this.manifests.text(path);
  }

  /**
   * The related manifests of `file` (RelatedManifestSource), open buffers first: undefined while
   * the scan runs, after a scan that stopped at its limits, or when the file's repository reaches
   * outside the workspace folders (the analysis lists the disk then, as the CLI does).
   */
  relatedManifests(file: string): readonly SourceFile[] | undefined {
    if (!this.scanned || !this.complete) return undefined;
    const own = dirname(file);
    let repository = this.repositories.get(own);
    if (repository === undefined) this.repositories.set(own, (repository = repositoryOf(file)));
    if (!this.covers(`${repository}${sep}`)) return undefined;
    const files: SourceFile[] = [];
    for (const path of this.manifests.related(repository, own)) {
      const open = this.options.openText(path);
      const text = open !== undefined ? relatedText(open) : this.manifests.text(path);
      if (text) files.push({ path, text });
    }
    return files;
  }
}
