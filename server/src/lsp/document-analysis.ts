/**
 * The analysis of an open document's current version, computed on demand and memoised per URI
 * for that version and those settings only. It is derived state: dropping it changes nothing
 * but speed, and every request checks the version it was made for.
 */
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { TextDocuments } from 'vscode-languageserver/node';
import { noIncludes, type SourceLoader } from '../core/dialect';
import type { DialectId } from '../core/model';
import { analyzeFile, type FileReport } from '../engine/analyze';
import { CachedReader } from '../host/cached-read';
import { createIncludeLoader } from '../host/include-loader';
import { LANGUAGE_IDS } from '../protocol/messages';
import { isIgnored, projectFileGlobs } from '../engine/project-config';
import type { FileGlobs } from '../engine/detect';
import type { Settings } from '../protocol/settings';
import type { SettingsCache } from './settings-cache';
import type { StableProvider, StableSide } from './stable-provider';
import { uriToPath } from './uris';

export interface DocumentAnalysis {
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
}

export type RuleErrorSink = (rule: string, error: unknown) => void;

export class DocumentAnalyses {
  private readonly memo = new Map<string, DocumentAnalysis>();
  private readonly openByPath = new Map<string, TextDocument>();
  /** Included files' texts, read again only when they change on disk. */
  private readonly includeReads = new CachedReader();

  constructor(
    private readonly documents: TextDocuments<TextDocument>,
    private readonly settings: SettingsCache,
    private readonly stables: StableProvider,
    private readonly onRuleError: RuleErrorSink,
  ) {}

  /** Tracks open documents by path, so includes read the editor's text instead of the disk. */
  opened(document: TextDocument): void {
    const path = uriToPath(document.uri);
    if (path) this.openByPath.set(path, document);
  }

  closed(uri: string): void {
    const path = uriToPath(uri);
    if (path) this.openByPath.delete(path);
    this.memo.delete(uri);
  }

  forgetAll(): void {
    this.memo.clear();
    this.includeReads.clear();
  }

  /** Drops the memo of one document, so its next analysis reads its includes again. */
  invalidate(uri: string): void {
    this.memo.delete(uri);
  }

  /** Open documents other than `uri` whose last analysis read `uri`'s file (through an include). */
  dependents(uri: string): string[] {
    const path = uriToPath(uri);
    if (!path) return [];
    const out: string[] = [];
    for (const [other, analysis] of this.memo) {
      if (other !== uri && analysis.report.sources.has(path)) out.push(other);
    }
    return out;
  }

  /** The analysis of the document's current version, or undefined when the document is gone. */
  async get(uri: string): Promise<DocumentAnalysis | undefined> {
    const document = this.documents.get(uri);
    if (!document) return undefined;
    const settings = await this.settings.get(uri);
    const path = uriToPath(uri);
    const stable = path ? await this.stableSide(path, settings) : undefined;
    const current = this.documents.get(uri);
    if (!current || current.version !== document.version) return undefined;
    const cached = this.memo.get(uri);
    if (cached && cached.version === document.version && cached.settings === settings && cached.stable === stable) return cached;
    const analysis = this.analyse(document, settings, document.getText(), stable);
    this.memo.set(uri, analysis);
    return analysis;
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
    return this.analyse(base.document, base.settings, text, base.stable);
  }

  private analyse(document: TextDocument, settings: Settings, text: string, stable: StableSide | undefined): DocumentAnalysis {
    const path = uriToPath(document.uri);
    const file = { path: path ?? document.uri, text };
    const languageId = (LANGUAGE_IDS as readonly string[]).includes(document.languageId)
      ? (document.languageId as DialectId)
      : undefined;
    const project = this.settings.project(document.uri)?.config;
    if (path && project && isIgnored(project, path)) {
      const report: FileReport = { path: file.path, problems: [], findings: [], sources: new Map([[file.path, text]]), shares: () => ({ members: [] }) };
      return { document, version: document.version, path: file.path, settings, report, ignored: true };
    }
    const report = analyzeFile(file, this.loaderFor(path, settings), {
      config: { rules: settings.rules },
      globs: { nginx: settings.files.nginx, ...(project ? mergeGlobs(projectFileGlobs(project), settings.files.nginx) : {}) },
      ...(languageId ? { dialect: languageId } : {}),
      ...(stable?.input ? { stable: stable.input } : {}),
      onRuleError: this.onRuleError,
    });
    return { document, version: document.version, path: file.path, settings, report, ...(stable ? { stable } : {}) };
  }

  private loaderFor(path: string | undefined, settings: Settings): SourceLoader {
    if (path === undefined) return noIncludes;
    return createIncludeLoader({
      ...(settings.nginx.prefix ? { prefix: settings.nginx.prefix } : {}),
      overlay: (p) => this.openByPath.get(p)?.getText(),
      cache: this.includeReads,
    });
  }
}

/** The project's dialect globs with the editor's extra nginx globs added. */
function mergeGlobs(project: FileGlobs, editorNginx: readonly string[]): FileGlobs {
  return { ...project, nginx: [...(project.nginx ?? []), ...editorNginx] };
}
