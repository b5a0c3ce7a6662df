/**
 * The lb-drift language server: analyses open balancer configs and answers with diagnostics, a
 * status per document, hovers, inlay hints, the outline, navigation between references and pools,
 * folding and code actions. The only code that knows the language-server protocol.
 */
import {
  CodeActionKind,
  DidChangeWatchedFilesNotification,
  TextDocumentSyncKind,
  TextDocuments,
  type Connection,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { DocumentChanges } from './document-changes';
import { AnalysisScheduler } from './analysis-scheduler';
import { DocumentAnalyses, type DocumentAnalysis } from './document-analysis';
import { codeActions, FIX_ALL_KIND } from './features/code-actions';
import { foldingRanges } from './features/folding';
import { hoverAt } from './features/hover';
import { inlayHints } from './features/inlay-hints';
import { documentLinks } from './features/document-links';
import { definitionAt, referencesAt } from './features/navigation';
import { manifestReader } from './features/kubernetes-files';
import { documentSymbols } from './features/symbols';
import { ruleDocsLinker } from '../host/rule-docs-location';
import { SettingsCache } from './settings-cache';
import { ConfigDiagnostics } from './config-diagnostics';
import { CONFIG_FILE_NAMES, clearProjectConfigCache } from '../host/project-config';
import { StableProvider } from './stable-provider';
import { registerStableRequests } from './stable-requests';
import { answersFor, registerDetectLanguage } from './detect-language';
import type { MessageActivity } from './message-activity';
import { Publisher } from './publisher';
import { fieldsOf } from './diagnostics';
import { uriToPath } from './uris';
import { wireWorkspace, type WorkspaceWiring } from './workspace-events';
import { YoungCollections, type YoungHeap } from './young-collections';

declare const LB_DRIFT_VERSION: string;

/**
 * `youngHeap`: the heap whose young generation is collected right after a publish is written,
 * when the next edit would not fit in it, rather than inside that edit (young-collections.ts); the command-line server passes
 * V8's, in-process tests none.
 */
export function startServer(connection: Connection, activity?: MessageActivity, youngHeap?: YoungHeap): void {
  // The edits each didChange brings are recorded, so an analysis need not find them by comparing texts.
  const changes = new DocumentChanges();
  const documents = new TextDocuments(changes.configuration);
  const settings = new SettingsCache(connection);
  // A stable side that came after its analysis stopped waiting: analyse everything again.
  const stables = new StableProvider(() => reanalyseAll());
  const analyses = new DocumentAnalyses(documents, settings, stables, (rule, error) =>
    connection.console.error(`rule ${rule} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`),
    changes,
  );
  const manifests = manifestReader(
    (path) => analyses.openText(path),
    () => workspace?.index,
  );
  let inlayRefresh = false;
  let watchRegistration = false;
  const docsLink = ruleDocsLinker(__dirname);

  /**
   * Runs a request against the newest finished analysis (never waiting for a re-check); the
   * request's positions go through that analysis's own snapshot of the text. A failure is
   * logged, never fatal.
   */
  const withAnalysis = async <T>(uri: string, empty: T, run: (a: DocumentAnalysis) => T): Promise<T> => {
    try {
      const analysis = await analyses.get(uri);
      return analysis && answersFor(analysis) ? run(analysis) : empty;
    } catch (error) {
      connection.console.error(`lb-drift failed on ${uri}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      return empty;
    }
  };

  const configDiagnostics = new ConfigDiagnostics(connection);
  const young = youngHeap ? new YoungCollections(youngHeap) : undefined;
  const publisher = new Publisher({ connection, analyses, settings, configDiagnostics, docsLink, ...(young ? { written: () => young.written() } : {}) });
  const scheduler = new AnalysisScheduler((uri) => publisher.publish(uri), activity);

  let workspace: WorkspaceWiring | undefined;
  const scheduleAll = (uris: readonly string[]): void => {
    for (const uri of uris) scheduler.schedule(uri);
  };

  connection.onInitialize((params): InitializeResult => {
    workspace = wireWorkspace(connection, params, analyses, settings, scheduleAll, () => documents.all().map((d) => d.uri));
    settings.pullSupported = params.capabilities.workspace?.configuration === true;
    settings.initialize(params.initializationOptions);
    inlayRefresh = params.capabilities.workspace?.inlayHint?.refreshSupport === true;
    watchRegistration = params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
    publisher.clientReads(fieldsOf(params.capabilities.textDocument?.publishDiagnostics));
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        hoverProvider: true,
        inlayHintProvider: true,
        documentSymbolProvider: { label: 'lb-drift' },
        definitionProvider: true,
        referencesProvider: true,
        foldingRangeProvider: true,
        documentLinkProvider: { resolveProvider: false },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND] },
      },
      serverInfo: { name: 'lb-drift', version: typeof LB_DRIFT_VERSION === 'string' ? LB_DRIFT_VERSION : 'dev' },
    };
  });

  const reanalyseAll = (): void => {
    analyses.forgetAll();
    for (const document of documents.all()) scheduler.schedule(document.uri);
    if (inlayRefresh) void connection.languages.inlayHint.refresh();
  };
  registerStableRequests(connection, analyses, stables, settings, reanalyseAll);
  registerDetectLanguage(connection, settings);

  connection.onInitialized(() => {
    workspace?.initialized(watchRegistration);
    if (!watchRegistration) return;
    void connection.client.register(DidChangeWatchedFilesNotification.type, {
      watchers: CONFIG_FILE_NAMES.map((name) => ({ globPattern: `**/${name}` })),
    });
  });
  connection.onDidChangeWatchedFiles(({ changes }) => {
    // Config files of the workspace view: only the documents they concern are analysed again.
    const projectConfigs = changes.filter((c) => CONFIG_FILE_NAMES.some((name) => c.uri.endsWith(`/${name}`)));
    if (workspace) scheduleAll(workspace.fileEvents(changes.filter((c) => !projectConfigs.includes(c))));
    if (projectConfigs.length === 0) return;
    // A project config changed: every document may have other rules, severities or ignores now.
    clearProjectConfigCache();
    settings.forget();
    stables.forget();
    reanalyseAll();
  });

  connection.onDidChangeConfiguration(({ settings: pushed }) => {
    settings.push(pushed);
    settings.forget();
    stables.forget();
    analyses.forgetAll();
    for (const document of documents.all()) scheduler.schedule(document.uri);
    if (inlayRefresh) void connection.languages.inlayHint.refresh();
    workspace?.settingsChanged();
  });

  documents.onDidOpen(({ document }) => analyses.opened(document));
  documents.onDidChangeContent(({ document }) => {
    analyses.opened(document);
    const changedPath = uriToPath(document.uri);
    if (changedPath) workspace?.index.documentChanged(changedPath, document);
    scheduler.schedule(document.uri);
    // A config that includes this file sees its unsaved text too: analyse it again.
    for (const dependent of analyses.dependents(document.uri)) {
      analyses.invalidate(dependent);
      scheduler.schedule(dependent);
    }
  });
  documents.onDidClose(({ document }) => {
    analyses.closed(document.uri);
    changes.forget(document.uri);
    const closedPath = uriToPath(document.uri);
    if (closedPath) workspace?.index.documentClosed(closedPath);
    publisher.closed(document.uri);
    scheduler.cancel(document.uri);
    settings.forget(document.uri);
    void connection.sendDiagnostics({ uri: document.uri, diagnostics: [] });
  });

  connection.onHover(({ textDocument, position }) =>
    withAnalysis(textDocument.uri, null, (a) => hoverAt(a, a.document.offsetAt(position))),
  );
  connection.languages.inlayHint.on(({ textDocument, range }) => withAnalysis(textDocument.uri, [], (a) => inlayHints(a, range)));
  connection.onDocumentSymbol(({ textDocument }) => withAnalysis<ReturnType<typeof documentSymbols> | null>(textDocument.uri, null, documentSymbols));
  connection.onDefinition(({ textDocument, position }) =>
    withAnalysis(textDocument.uri, null, (a) => definitionAt(a, a.document.offsetAt(position), manifests)),
  );
  connection.onReferences(({ textDocument, position, context }) =>
    withAnalysis(textDocument.uri, [], (a) => referencesAt(a, a.document.offsetAt(position), context.includeDeclaration, manifests)),
  );
  connection.onFoldingRanges(({ textDocument }) => withAnalysis<ReturnType<typeof foldingRanges> | null>(textDocument.uri, null, foldingRanges));
  connection.onDocumentLinks(({ textDocument }) => withAnalysis(textDocument.uri, [], documentLinks));
  connection.onCodeAction((params) => {
    try {
      return codeActions(params, analyses);
    } catch (error) {
      connection.console.error(`lb-drift failed on ${params.textDocument.uri}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      return [];
    }
  });

  connection.onShutdown(() => workspace?.index.stop());
  documents.listen(connection);
  connection.listen();
}
