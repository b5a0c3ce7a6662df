/**
 * The lb-drift language server: analyses open balancer configs and publishes diagnostics and a
 * status for each. The only code that knows the language-server protocol.
 */
import {
  TextDocumentSyncKind,
  TextDocuments,
  type Connection,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { noIncludes, type SourceLoader } from '../core/dialect';
import type { DialectId } from '../core/model';
import { analyzeFile } from '../engine/analyze';
import { createIncludeLoader } from '../host/include-loader';
import { LANGUAGE_IDS, StatusNotification } from '../protocol/messages';
import type { Settings } from '../protocol/settings';
import { AnalysisScheduler } from './analysis-scheduler';
import { toDiagnostics } from './diagnostics';
import { SettingsCache } from './settings-cache';
import { uriToPath } from './uris';

declare const LB_DRIFT_VERSION: string;

export function startServer(connection: Connection): void {
  const documents = new TextDocuments(TextDocument);
  const settings = new SettingsCache(connection);
  const openByPath = new Map<string, TextDocument>();

  const loaderFor = (path: string | undefined, current: Settings): SourceLoader =>
    path === undefined
      ? noIncludes
      : createIncludeLoader({
          ...(current.nginx.prefix ? { prefix: current.nginx.prefix } : {}),
          overlay: (p) => openByPath.get(p)?.getText(),
        });

  const analyse = async (uri: string): Promise<void> => {
    const document = documents.get(uri);
    if (!document) return;
    const version = document.version;
    const current = await settings.get(uri);
    // A newer version may have arrived while settings were fetched; its own run will publish.
    if (documents.get(uri)?.version !== version) return;
    if (!current.enable) {
      void connection.sendDiagnostics({ uri, version, diagnostics: [] });
      return;
    }
    const path = uriToPath(uri);
    const file = { path: path ?? uri, text: document.getText() };
    const languageId = (LANGUAGE_IDS as readonly string[]).includes(document.languageId)
      ? (document.languageId as DialectId)
      : undefined;
    try {
      const report = analyzeFile(file, loaderFor(path, current), {
        config: { rules: current.rules },
        globs: { nginx: current.files.nginx },
        ...(languageId ? { dialect: languageId } : {}),
        onRuleError: (rule, error) => connection.console.error(`rule ${rule} failed on ${uri}: ${String(error)}`),
      });
      const diagnostics = toDiagnostics(report.findings, document, file.path, report.sources);
      void connection.sendDiagnostics({ uri, version, diagnostics });
      const count = (severity: string) => report.findings.filter((f) => f.loc.file === file.path && f.severity === severity).length;
      const status: StatusNotification.Params = {
        uri,
        version,
        ...(report.dialect ? { dialect: report.dialect.id } : {}),
        pools: report.model?.pools.length ?? 0,
        errors: count('error'),
        warnings: count('warning'),
        infos: count('info'),
      };
      void connection.sendNotification(StatusNotification.method, status);
    } catch (error) {
      // The server must survive anything a document holds; say what failed instead of crashing.
      connection.console.error(`lb-drift failed to analyse ${uri}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    }
  };

  const scheduler = new AnalysisScheduler(analyse);

  connection.onInitialize((params): InitializeResult => {
    settings.pullSupported = params.capabilities.workspace?.configuration === true;
    return {
      capabilities: { textDocumentSync: TextDocumentSyncKind.Incremental },
      serverInfo: { name: 'lb-drift', version: typeof LB_DRIFT_VERSION === 'string' ? LB_DRIFT_VERSION : 'dev' },
    };
  });

  connection.onDidChangeConfiguration(() => {
    settings.forget();
    for (const document of documents.all()) scheduler.schedule(document.uri);
  });

  documents.onDidOpen(({ document }) => {
    const path = uriToPath(document.uri);
    if (path) openByPath.set(path, document);
  });
  documents.onDidChangeContent(({ document }) => {
    const path = uriToPath(document.uri);
    if (path) openByPath.set(path, document);
    scheduler.schedule(document.uri);
  });
  documents.onDidClose(({ document }) => {
    const path = uriToPath(document.uri);
    if (path) openByPath.delete(path);
    scheduler.cancel(document.uri);
    settings.forget(document.uri);
    void connection.sendDiagnostics({ uri: document.uri, diagnostics: [] });
  });

  documents.listen(connection);
  connection.listen();
}
