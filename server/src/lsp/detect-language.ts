/**
 * Which documents the server answers for, and in which dialect. The editor sends it every
 * nginx and HAProxy document, and also every YAML and JSON document, because Kubernetes
 * manifests share those languages with workflows, compose files, Helm values and package.json.
 * `documentDialect` is the one gate: a document gets diagnostics, hints, hovers, symbols,
 * folding, links, a status and a stable revision from git only when it says a dialect. Anything
 * else costs the sniff (well under a millisecond per MB, invariant 9) and gets nothing back.
 *
 * It also answers the client's "which language is this document?" for documents the editor
 * opened as something generic (a `conf.d/cdn.conf` as Properties, an extension-less `lb` as
 * Plain Text), by the same sniffer and globs, as the CLI decides. Only nginx and HAProxy are
 * ever offered: a Kubernetes manifest stays YAML or JSON, a language other extensions own.
 */
import type { Connection } from 'vscode-languageserver/node';
import type { DialectId } from '../core/model';
import { detectDialect, type FileGlobs } from '../engine/detect';
import { projectFileGlobs, type ProjectConfig } from '../engine/project-config';
import { DetectLanguageRequest, LANGUAGE_IDS, type LanguageId } from '../protocol/messages';
import type { Settings } from '../protocol/settings';
import { onCustomRequest } from './custom-request';
import type { DocumentAnalysis } from './document-analysis';
import type { SettingsCache } from './settings-cache';
import { uriToPath } from './uris';

export function registerDetectLanguage(connection: Connection, settings: SettingsCache): void {
  onCustomRequest(connection, DetectLanguageRequest.method, async ({ uri, text }: DetectLanguageRequest.Params): Promise<DetectLanguageRequest.Result> => {
    const path = typeof uri === 'string' ? uriToPath(uri) : undefined;
    if (!path || typeof text !== 'string') return {};
    const current = await settings.get(uri);
    const dialect = detectDialect(path, text.slice(0, DetectLanguageRequest.MAX_TEXT), documentGlobs(current, settings.project(uri)?.config));
    return dialect && isLanguageId(dialect.id) ? { languageId: dialect.id } : {};
  });
}

/** What the gate needs of an open document. */
export interface GatedDocument {
  readonly uri: string;
  readonly languageId: string;
}

interface Decision {
  readonly uri: string;
  readonly languageId: string;
  readonly text: string;
  readonly settings: Settings;
  readonly project: ProjectConfig | undefined;
  readonly dialect: DialectId | undefined;
}

/**
 * The last decision, so the scheduler's check and the analysis that follows sniff a document
 * once. Texts compare by identity first, so an unchanged document costs no second scan.
 */
let last: Decision | undefined;

/**
 * The dialect the server reads an open document as, or undefined when it is no balancer config.
 * An nginx or HAProxy document is one by its language. Any other document (YAML, JSON, a generic
 * language) is one only when a configured glob (`lbDrift.files.<dialect>` or the project's
 * `files`) names its path or a dialect's sniffer recognises its name and text: for YAML and JSON,
 * a `.yaml`/`.yml`/`.json` file naming an HTTPRoute, VirtualService, DestinationRule, Ingress or
 * another kind lb-drift reads, beside an `apiVersion`.
 */
export function documentDialect(document: GatedDocument, text: string, settings: Settings, project: ProjectConfig | undefined): DialectId | undefined {
  if (isLanguageId(document.languageId)) return document.languageId;
  const { uri, languageId } = document;
  if (last && last.uri === uri && last.languageId === languageId && last.settings === settings && last.project === project && last.text === text) {
    return last.dialect;
  }
  // A document without a file path (untitled) is sniffed by its URI, as the analysis names it.
  const dialect = detectDialect(uriToPath(uri) ?? uri, text, documentGlobs(settings, project))?.id;
  last = { uri, languageId, text, settings, project, dialect };
  return dialect;
}

/**
 * Whether requests about a document get answers: a balancer config, analysed or not (a file
 * over the size limit, or one its project ignores). For any other document every request gets
 * its empty answer; folding and symbols get none at all, so VS Code keeps its own indentation
 * folding and outline for a YAML file instead of taking an empty list as the whole answer.
 */
export function answersFor(analysis: DocumentAnalysis): boolean {
  return analysis.report.dialect !== undefined || analysis.oversize !== undefined || analysis.ignored === true;
}

/** The project's `files` globs and the editor's `lbDrift.files.*`, both kept per dialect. */
export function documentGlobs(settings: Settings, project: ProjectConfig | undefined): FileGlobs {
  const merged: Record<string, readonly string[]> = { ...(project ? projectFileGlobs(project) : {}) };
  for (const [id, globs] of Object.entries(settings.files)) merged[id] = [...(merged[id] ?? []), ...globs];
  return merged;
}

function isLanguageId(id: string): id is LanguageId {
  return (LANGUAGE_IDS as readonly string[]).includes(id);
}
