/**
 * Wires the workspace view into the server: the initial scan of the workspace folders, file
 * watchers registered with the client (LSP dynamic registration, so no client change is needed
 * and nothing polls), and what a file event re-analyses.
 */
import {
  DidChangeWatchedFilesNotification,
  FileChangeType,
  type Connection,
  type FileEvent,
  type InitializeParams,
} from 'vscode-languageserver/node';
import { WorkspaceIndexedNotification } from '../protocol/messages';
import type { DocumentAnalyses } from './document-analysis';
import type { SettingsCache } from './settings-cache';
import { isManifestPath } from '../workspace/manifests';
import { pathToUri, uriToPath } from './uris';
import { WorkspaceIndex, type FileEventKind } from './workspace-index';

/**
 * Files the view follows: what an nginx include names in practice (conf.d, sites-*, snippets,
 * templates), and Kubernetes manifests (a VirtualService's DestinationRule in another file).
 */
export const WORKSPACE_WATCH_GLOBS = [
  '**/*.{yaml,yml,json}',
  '**/*.conf',
  '**/*.nginx',
  '**/sites-enabled/**',
  '**/sites-available/**',
  '**/snippets/**',
  '**/*.{j2,jinja,jinja2,tmpl,tpl,template}',
] as const;

const KINDS: Record<number, FileEventKind> = {
  [FileChangeType.Created]: 'created',
  [FileChangeType.Changed]: 'changed',
  [FileChangeType.Deleted]: 'deleted',
};

export interface WorkspaceWiring {
  readonly index: WorkspaceIndex;
  /** Call from `onInitialized`: registers the watchers (when the client allows) and starts the scan. */
  initialized(watchRegistration: boolean): void;
  /** Handles file events that are not project configs; returns the open documents to analyse again. */
  fileEvents(events: readonly FileEvent[]): string[];
  /** The nginx prefix setting may have changed. */
  settingsChanged(): void;
}

export function wireWorkspace(
  connection: Connection,
  params: InitializeParams,
  analyses: DocumentAnalyses,
  settings: SettingsCache,
  reanalyse: (uris: readonly string[]) => void,
  openUris: () => string[],
): WorkspaceWiring {
  const folders = workspaceFolders(params);
  let prefix: string | undefined;
  /** Open Kubernetes documents other than `except`: they resolve against every manifest of the workspace. */
  const manifestDependents = (except?: string): string[] =>
    openUris().filter((uri) => uri !== except && analyses.current(uri)?.report.dialect?.id === 'kubernetes');
  const index = new WorkspaceIndex({
    openText: (path) => analyses.openText(path),
    cache: analyses.includeReads,
    prefix: () => prefix,
    onScanned: (summary) => {
      const params: WorkspaceIndexedNotification.Params = {
        files: index.view.size,
        mainConfigs: index.view.mainConfigs().length,
        ...(summary.stopped ? { stopped: summary.stopped } : {}),
      };
      if (summary.stopped) connection.console.warn(`lb-drift read only part of the workspace: ${summary.stopped}`);
      void connection.sendNotification(WorkspaceIndexedNotification.method, params);
      reanalyse(openUris());
    },
    onManifestEdited: (path) => {
      const dependents = manifestDependents(pathToUri(path));
      for (const uri of dependents) analyses.invalidate(uri);
      reanalyse(dependents);
    },
  });
  analyses.useWorkspace(index);

  const readPrefix = async (): Promise<void> => {
    const first = folders[0];
    if (first === undefined) return;
    const next = (await settings.get(first.uri)).nginx.prefix || undefined;
    if (next !== prefix) {
      prefix = next;
      index.view.resolutionChanged();
    }
  };

  return {
    index,
    initialized(watchRegistration) {
      if (watchRegistration && folders.length > 0) {
        void connection.client.register(DidChangeWatchedFilesNotification.type, {
          watchers: WORKSPACE_WATCH_GLOBS.map((globPattern) => ({ globPattern })),
        });
      }
      // The prefix is known before the scan starts, so the first closures are resolved with it.
      void readPrefix().finally(() => index.start(folders.map((f) => f.path)));
    },
    fileEvents(events) {
      const affected = new Set<string>();
      let viewChanged = false;
      for (const event of events) {
        const path = uriToPath(event.uri);
        const kind = KINDS[event.type];
        if (!path || !kind) continue;
        viewChanged = index.fileChanged(path, kind) || viewChanged;
        for (const uri of analyses.dependents(event.uri)) affected.add(uri);
        if (isManifestPath(path)) for (const uri of manifestDependents(event.uri)) affected.add(uri);
      }
      for (const uri of affected) analyses.invalidate(uri);
      return viewChanged ? openUris() : [...affected];
    },
    settingsChanged() {
      void readPrefix().then(() => reanalyse(openUris()));
    },
  };
}

function workspaceFolders(params: InitializeParams): { uri: string; path: string }[] {
  const uris = params.workspaceFolders?.map((f) => f.uri) ?? (params.rootUri ? [params.rootUri] : []);
  return uris.flatMap((uri) => {
    const path = uriToPath(uri);
    return path ? [{ uri, path }] : [];
  });
}
