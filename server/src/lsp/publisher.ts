/**
 * Publishes a document's newest analysis: its diagnostics (or the one "too large" message) and
 * the status the client shows. The analysis scheduler calls it, one document at a time.
 */
import type { Connection } from 'vscode-languageserver/node';
import type { Finding, Severity } from '../core/finding';
import { StatusNotification } from '../protocol/messages';
import type { ConfigDiagnostics } from './config-diagnostics';
import { DiagnosticCache, toDiagnostics, type DiagnosticFields } from './diagnostics';
import type { DocumentAnalyses, DocumentAnalysis } from './document-analysis';
import { oversizeDiagnostic, oversizeMessage } from './oversize';
import type { SettingsCache } from './settings-cache';
import { driftCount, stableSummary } from './stable-summary';

export interface PublisherParts {
  readonly connection: Connection;
  readonly analyses: DocumentAnalyses;
  readonly settings: SettingsCache;
  readonly configDiagnostics: ConfigDiagnostics;
  readonly docsLink: (rule: string) => string;
  /** Called once a publish (its diagnostics and status) is written (young-collections.ts). */
  readonly written?: () => void;
}

export class Publisher {
  /** Oversize documents already announced in the log, so the message is said once per document. */
  private readonly announcedOversize = new Set<string>();
  /** The analysis last published per document, so an unchanged one is not sent twice. */
  private readonly published = new Map<string, DocumentAnalysis>();
  /** Diagnostics converted from findings, reused while a finding is carried unchanged. */
  private readonly converted = new DiagnosticCache();

  constructor(private readonly parts: PublisherParts) {}

  /** Analyses the newest version of `uri` (unless it already is) and publishes the result. */
  async publish(uri: string): Promise<void> {
    const { connection, analyses } = this.parts;
    let analysis: DocumentAnalysis | undefined;
    try {
      analysis = await analyses.refresh(uri);
    } catch (error) {
      connection.console.error(`lb-drift failed on ${uri}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    }
    if (!analysis || this.published.get(uri) === analysis) return;
    this.published.set(uri, analysis);
    this.send(uri, analysis);
  }

  /** The optional diagnostic fields the client reads (from its capabilities at initialize). */
  clientReads(fields: DiagnosticFields): void {
    this.converted.useFields(fields);
  }

  closed(uri: string): void {
    this.announcedOversize.delete(uri);
    this.published.delete(uri);
    this.converted.forget(uri);
  }

  private send(uri: string, analysis: DocumentAnalysis): void {
    const { connection, settings, configDiagnostics, docsLink } = this.parts;
    configDiagnostics.publish(settings.project(uri));
    const { report, document, path, findings, sources } = analysis;
    if (analysis.oversize && !this.announcedOversize.has(uri)) {
      this.announcedOversize.add(uri);
      connection.console.info(`${uri}: ${oversizeMessage(analysis.oversize)}`);
    }
    const diagnostics = !analysis.settings.enable
      ? []
      : analysis.oversize
        ? [oversizeDiagnostic(analysis.oversize)]
        : toDiagnostics(findings, document, path, sources, docsLink, this.converted);
    void connection.sendDiagnostics({ uri, version: analysis.version, diagnostics });
    // Counts of what is published for this document, findings of its configurations included.
    const counts = severityCounts(findings);
    const status: StatusNotification.Params = {
      uri,
      version: analysis.version,
      ...(report.dialect && analysis.settings.enable ? { dialect: report.dialect.id } : {}),
      pools: report.model?.pools.length ?? 0,
      errors: counts.error,
      warnings: counts.warning,
      infos: counts.info,
      ...(analysis.stable ? { stable: stableSummary(analysis)! } : {}),
      drifted: analysis.stable !== undefined && driftCount(analysis) > 0,
      ...(analysis.contexts.length > 0 ? { configurations: analysis.contexts.map((c) => c.root) } : {}),
    };
    const sent = connection.sendNotification(StatusNotification.method, status);
    // A failed write rejects the chained promise as it rejected this one (unhandled, as before).
    if (this.parts.written) void sent.then(this.parts.written);
  }
}

/** How many findings there are of each severity, in one pass (a 1 MB config lists hundreds per keystroke). */
function severityCounts(findings: readonly Finding[]): Record<Severity, number> {
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0, hint: 0 };
  for (const finding of findings) counts[finding.severity]++;
  return counts;
}
