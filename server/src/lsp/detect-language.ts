/**
 * Answers the client's "which language is this document?" for documents the editor opened as
 * something generic (a `conf.d/cdn.conf` as Properties, an extension-less `lb` as Plain Text):
 * the engine's sniffer decides, with the editor's and the project's file globs, exactly as the
 * CLI decides which dialect a file is. Only file: documents are sniffed by path and text.
 */
import type { Connection } from 'vscode-languageserver/node';
import { detectDialect, type FileGlobs } from '../engine/detect';
import { projectFileGlobs } from '../engine/project-config';
import { DetectLanguageRequest, LANGUAGE_IDS, type LanguageId } from '../protocol/messages';
import { onCustomRequest } from './custom-request';
import type { SettingsCache } from './settings-cache';
import { uriToPath } from './uris';

export function registerDetectLanguage(connection: Connection, settings: SettingsCache): void {
  onCustomRequest(connection, DetectLanguageRequest.method, async ({ uri, text }: DetectLanguageRequest.Params): Promise<DetectLanguageRequest.Result> => {
    const path = typeof uri === 'string' ? uriToPath(uri) : undefined;
    if (!path || typeof text !== 'string') return {};
    const current = await settings.get(uri);
    const project = settings.project(uri)?.config;
    const globs = mergeGlobs(project ? projectFileGlobs(project) : {}, current.files);
    const dialect = detectDialect(path, text.slice(0, DetectLanguageRequest.MAX_TEXT), globs);
    return dialect && (LANGUAGE_IDS as readonly string[]).includes(dialect.id) ? { languageId: dialect.id as LanguageId } : {};
  });
}

/** The project's `files` globs and the editor's `lbDrift.files.*`, both kept per dialect. */
function mergeGlobs(project: FileGlobs, editor: Readonly<Record<string, readonly string[]>>): FileGlobs {
  const merged: Record<string, readonly string[]> = { ...project };
  for (const [id, globs] of Object.entries(editor)) merged[id] = [...(merged[id] ?? []), ...globs];
  return merged;
}
