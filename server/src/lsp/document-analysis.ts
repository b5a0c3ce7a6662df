/**
 * The newest finished analysis of every open document. The scheduler refreshes it (latest
 * version only); requests read it as it is, even when the document has changed since, and never
 * wait for a re-check. It is derived state: dropping it changes nothing but speed. Every analysis
 * keeps a snapshot of the text it read, so positions in it stay right while the document moves on.
 */
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { TextDocuments } from 'vscode-languageserver/node';
import { noIncludes, type SourceLoader } from '../core/dialect';
import type { Finding } from '../core/finding';
import { analyzeFile, type FileReport } from '../engine/analyze';
import { CachedReader } from '../host/cached-read';
import { createIncludeLoader } from '../host/include-loader';
import { withKubernetesManifests } from '../host/kubernetes-manifests';
import { isIgnored, projectFileGlobs } from '../engine/project-config';
import type { FileGlobs } from '../engine/detect';
import type { Settings } from '../protocol/settings';
import type { SettingsCache } from './settings-cache';
import type { StableProvider, StableSide } from './stable-provider';
import { DocumentSnapshot } from './document-snapshot';
import type { DocumentChanges } from './document-changes';
import { oversize, type Oversize } from './oversize';
import { pathToUri, uriToPath } from './uris';
import { findingsInFile, type ContextReport } from '../workspace';
import type { WorkspaceIndex } from './workspace-index';
import { documentDialect } from './detect-language';

/**
 * How long an analysis waits for the initial workspace scan before it goes ahead without the
 * configurations that include the document; the scan's end analyses open documents again.
 */
export const SCAN_WAIT_MS = 2000;

export interface DocumentAnalysis {
  /** A snapshot of the document as analysed (not the live document, which moves on). */
  readonly document: TextDocument;
  readonly version: number;
  /** The path findings and locations use for this document (its URI when it has no path). */
  readonly path: string;
  readonly settings: Settings;
  readonly report: FileReport;
  /** The stable side the drift rules compared with (absent for documents without a path). */
  readonly stable?: StableSide;
  /** The project config ignores this file: nothing is reported for it. */
  readonly ignored?: boolean;
  /** The file is over `lbDrift.maxFileSize`: it was not analysed, only measured. */
  readonly oversize?: Oversize;
  /** Which `forgetAll` generation the analysis belongs to. */
  readonly generation: number;
  /**
   * The configurations that include this document (main configs first), each analysed from its
   * main file with the open buffers; empty for a file no configuration includes.
   */
  readonly contexts: readonly ContextReport[];
  /** The findings published for this document: its own, and those its configurations locate in it. */
  readonly findings: readonly Finding[];
  /** Every text this analysis and its configurations read, by path (for related locations and fixes). */
  readonly sources: ReadonlyMap<string, string>;
  /** The workspace view's version the contexts were chosen at. */
  readonly workspaceVersion: number;
}

export type RuleErrorSink = (rule: string, error: unknown) => void;

export class DocumentAnalyses {
  /** The newest finished analysis per URI. */
  private readonly latest = new Map<string, DocumentAnalysis>();
  /** The first analysis of a document, while it runs (a request may be waiting for it). */
  private readonly first = new Map<string, Promise<DocumentAnalysis | undefined>>();
  /** Documents whose includes changed: their next refresh analyses even an unchanged version. */
  private readonly stale = new Set<string>();
  private generation = 0;
  private readonly openByPath = new Map<string, TextDocument>();
  /** Included files' texts, read again only when they change on disk. */
  readonly includeReads = new CachedReader();
  /** The workspace view, once the server has one (a client with workspace folders). */
  private workspace: WorkspaceIndex | undefined;

  constructor(
    private readonly documents: TextDocuments<TextDocument>,
    private readonly settings: SettingsCache,
    private readonly stables: StableProvider,
    private readonly onRuleError: RuleErrorSink,
    /** The edits the documents received; without it the engine finds each edit by comparing texts. */
    private readonly changes?: DocumentChanges,
  ) {}

  useWorkspace(workspace: WorkspaceIndex): void {
    this.workspace = workspace;
  }

  /** The text of the open document at `path`, if any (open buffers win over the disk). */
  openText(path: string): string | undefined {
    return this.openByPath.get(path)?.getText();
  }

  /** Tracks open documents by path, so includes read the editor's text instead of the disk. */
  opened(document: TextDocument): void {
    const path = uriToPath(document.uri);
    if (path) this.openByPath.set(path, document);
  }

  closed(uri: string): void {
    const path = uriToPath(uri);
    if (path) this.openByPath.delete(path);
    this.latest.delete(uri);
    this.stale.delete(uri);
  }

  /**
   * Settings, the project config or the stable revision changed: every document is analysed
   * again at its next refresh. Requests go on answering from the analyses held until then.
   */
  forgetAll(): void {
    this.generation++;
    this.includeReads.clear();
  }

  /** The next refresh of one document analyses it again, so it reads its includes again. */
  invalidate(uri: string): void {
    this.stale.add(uri);
  }

  /**
   * Open documents other than `uri` whose last analysis read `uri`'s file (through an include, or
   * as a related Kubernetes manifest whose objects it resolved names against).
   */
  dependents(uri: string): string[] {
    const path = uriToPath(uri);
    if (!path) return [];
    const out: string[] = [];
    for (const [other, analysis] of this.latest) {
      if (other !== uri && (analysis.sources.has(path) || resolvesAgainst(analysis, path))) out.push(other);
    }
    return out;
  }

  /**
   * What requests answer from: the newest finished analysis, whatever version it is of, at once.
   * Only a document never analysed yet waits, for its first analysis.
   */
  async get(uri: string): Promise<DocumentAnalysis | undefined> {
    const done = this.latest.get(uri);
    if (done) return done;
    if (!this.documents.get(uri)) return undefined;
    let running = this.first.get(uri);
    if (!running) {
      running = this.refresh(uri).finally(() => this.first.delete(uri));
      this.first.set(uri, running);
    }
    return running;
  }

  /** The newest finished analysis when it is of the document's current version, else undefined. */
  current(uri: string): DocumentAnalysis | undefined {
    const done = this.latest.get(uri);
    return done && done.version === this.documents.get(uri)?.version ? done : undefined;
  }

  /**
   * The analysis of the document's current version, made now (with the newest analysis's
   * settings) when the newest finished one is older. Fix-all needs it: its edit replaces text,
   * so it must be computed from the text as it is. Undefined before the first analysis.
   */
  currentOrNow(uri: string): DocumentAnalysis | undefined {
    const done = this.latest.get(uri);
    const live = this.documents.get(uri);
    if (!done || !live) return undefined;
    if (done.version === live.version) return done;
    const roots = done.contexts.map((c) => c.root);
    // Made from the newest analysis's inputs, so it belongs to that analysis's generation.
    const analysis = this.analyse(live, done.settings, live.getText(), done.stable, roots, { workspaceVersion: done.workspaceVersion, generation: done.generation }, done);
    this.latest.set(uri, analysis);
    return analysis;
  }

  /**
   * Analyses the document's newest version (read after settings and the stable side are known,
   * so changes that arrive meanwhile are included), unless the newest finished analysis is of
   * that version and still valid. Undefined when the document is gone.
   */
  async refresh(uri: string): Promise<DocumentAnalysis | undefined> {
    if (!this.documents.get(uri)) return undefined;
    // Read before waiting for settings and git: a stable revision marked or changed meanwhile
    // (forgetAll) makes this analysis out of date at once, so the refresh scheduled for that
    // change analyses again instead of taking this one, with the old stable side, for current.
    const generation = this.generation;
    const settings = await this.settings.get(uri);
    const path = uriToPath(uri);
    // A YAML or JSON document that is no balancer config (a workflow, a values file) costs the
    // sniff alone: no git for its stable side, no wait for the workspace scan (detect-language.ts).
    const balancer = this.isBalancer(uri, settings);
    const stable = path && balancer ? await this.stableSide(path, settings) : undefined;
    if (path && balancer && this.workspace) await this.workspace.settled(SCAN_WAIT_MS);
    const document = this.documents.get(uri);
    if (!document) return undefined;
    const roots = path && this.workspace ? this.workspace.includersOf(path) : [];
    const workspaceVersion = this.workspace?.view.version ?? 0;
    const done = this.latest.get(uri);
    if (
      done &&
      done.version === document.version &&
      done.settings === settings &&
      done.generation === this.generation &&
      done.workspaceVersion === workspaceVersion &&
      !this.stale.has(uri)
    ) {
      return done;
    }
    const analysis = this.analyse(document, settings, document.getText(), stable, roots, { workspaceVersion, generation }, done);
    this.latest.set(uri, analysis);
    this.stale.delete(uri);
    return analysis;
  }

  /**
   * The report the next analysis of the same document may build on (the engine re-reads only the
   * block an edit is in and keeps the other pools' results; it checks options and includes itself).
   * None across a `forgetAll`, which stands for settings, project config or stable changes.
   */
  private previousOf(done: DocumentAnalysis): FileReport | undefined {
    return done.generation === this.generation ? done.report : undefined;
  }

  /** Whether the server reads the open document at `uri` as a balancer config at all. */
  private isBalancer(uri: string, settings: Settings): boolean {
    const document = this.documents.get(uri);
    return document !== undefined && documentDialect(document, document.getText(), settings, this.settings.project(uri)?.config) !== undefined;
  }

  /** Git trouble never stops the analysis: it is reported as the stable state instead. */
  private async stableSide(path: string, settings: Settings): Promise<StableSide> {
    try {
      return await this.stables.side(path, settings);
    } catch (error) {
      return { summary: { state: 'error', message: error instanceof Error ? error.message : String(error), drifts: 0 } };
    }
  }

  /** Analyses `text` as if it were the document's content (used by fix-all to re-lint). */
  analyseText(base: DocumentAnalysis, text: string): DocumentAnalysis {
    return this.analyse(base.document, base.settings, text, base.stable, [], { workspaceVersion: base.workspaceVersion, generation: base.generation });
  }

  private analyse(
    live: TextDocument,
    settings: Settings,
    text: string,
    stable: StableSide | undefined,
    roots: readonly string[],
    /** The workspace view's version and the `forgetAll` generation the inputs were read in. */
    { workspaceVersion, generation }: { readonly workspaceVersion: number; readonly generation: number },
    /** The newest finished analysis of the same document, which this one may build on. */
    before?: DocumentAnalysis,
  ): DocumentAnalysis {
    // The snapshot shares the text string; its line starts are moved from the previous snapshot's
    // or found when a position is first asked for.
    // The edit since the analysis this one builds on, as the client sent it (only for the live
    // document's own text: fix-all's trial texts have no `before`).
    const change = before && text === live.getText() ? this.changes?.between(live.uri, before.version, live.version) : undefined;
    const document = new DocumentSnapshot(live.uri, live.languageId, live.version, text, before?.document, change);
    const previous = before && this.previousOf(before);
    const path = uriToPath(document.uri);
    const file = { path: path ?? document.uri, text };
    // What a document that is not analysed (not a balancer, too large, ignored) reports: itself, nothing found.
    const unread: FileReport = { path: file.path, problems: [], findings: [], sources: new Map([[file.path, text]]), shares: () => ({ members: [] }) };
    const nothing = { report: unread, contexts: [], findings: [], sources: unread.sources, workspaceVersion };
    const project = this.settings.project(document.uri)?.config;
    const dialect = documentDialect(document, text, settings, project);
    if (!dialect) {
      // Not a balancer config (a workflow, package.json): nothing, not even the size message.
      return { document, version: document.version, path: file.path, settings, generation, ...nothing };
    }
    const tooLarge = oversize(text, settings.maxFileSize);
    if (tooLarge) {
      return { document, version: document.version, path: file.path, settings, oversize: tooLarge, generation, ...nothing };
    }
    if (path && project && isIgnored(project, path)) {
      return { document, version: document.version, path: file.path, settings, ignored: true, generation, ...nothing };
    }
    const report = analyzeFile(file, this.loaderFor(path, settings), {
      config: { rules: settings.rules },
      globs: { nginx: settings.files.nginx, ...(project ? mergeGlobs(projectFileGlobs(project), settings.files.nginx) : {}) },
      dialect,
      ...(stable?.input ? { stable: stable.input } : {}),
      onRuleError: this.onRuleError,
      ...(previous && previous.path === file.path ? { previous, ...(change ? { change } : {}) } : {}),
    });
    const contexts = report.dialect && path ? roots.flatMap((root) => this.analyseContext(root, settings)) : [];
    const merged = findingsInFile(file.path, report, contexts);
    return {
      document,
      version: document.version,
      path: file.path,
      settings,
      report,
      generation,
      ...(stable ? { stable } : {}),
      contexts,
      findings: merged.findings,
      sources: merged.sources,
      workspaceVersion,
    };
  }

  /**
   * A configuration that includes the document, analysed from its main file as the CLI analyses
   * it (open buffers win over the disk), without drift: drift is the document's own analysis'.
   * Nothing when the main file cannot be read, is ignored by its project config or is not a config.
   */
  private analyseContext(root: string, settings: Settings): ContextReport[] {
    const open = this.openText(root);
    const read = open !== undefined ? { ok: true as const, text: open } : this.includeReads.read(root);
    if (!read.ok) return [];
    const project = this.settings.project(pathToUri(root))?.config;
    if (project && isIgnored(project, root)) return [];
    const report = analyzeFile({ path: root, text: read.text }, this.loaderFor(root, settings), {
      config: { rules: settings.rules },
      globs: { nginx: settings.files.nginx, ...(project ? mergeGlobs(projectFileGlobs(project), settings.files.nginx) : {}) },
      onRuleError: this.onRuleError,
    });
    return report.dialect ? [{ root, report }] : [];
  }

  private loaderFor(path: string | undefined, settings: Settings): SourceLoader {
    if (path === undefined) return noIncludes;
    const overlay = (p: string) => this.openByPath.get(p)?.getText();
    const loader = createIncludeLoader({ ...(settings.nginx.prefix ? { prefix: settings.nginx.prefix } : {}), overlay, cache: this.includeReads });
    // Kubernetes manifests resolve against their repository's other manifests, as in the CLI (kept by the workspace view).
    return withKubernetesManifests(loader, { overlay, workspace: this.workspace });
  }
}

/**
 * Whether the analysis resolved names against objects of `path` (a Kubernetes manifest's
 * DestinationRule, Service or canary Ingress in another file), which it reads without quoting.
 */
function resolvesAgainst(analysis: DocumentAnalysis, path: string): boolean {
  return analysis.report.model?.definitions?.some((d) => d.file === path && d.loc === undefined) ?? false;
}

/** The project's dialect globs with the editor's extra nginx globs added. */
function mergeGlobs(project: FileGlobs, editorNginx: readonly string[]): FileGlobs {
  return { ...project, nginx: [...(project.nginx ?? []), ...editorNginx] };
}
