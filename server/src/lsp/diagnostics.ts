/**
 * Findings -> LSP diagnostics for one document. `diagnostic.data` says which rule and document
 * version a diagnostic came from; code actions rebuild the fixes from the analysis of that
 * version, never from what a client sends back.
 */
import { DiagnosticSeverity, DiagnosticTag, type Diagnostic } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Finding, Severity } from '../core/finding';
import { LineIndex, type Loc } from '../core/span';
import { pathToUri } from './uris';

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export interface DiagnosticData {
  readonly rule: string;
  readonly version: number;
}

export function toDiagnostics(
  findings: readonly Finding[],
  document: TextDocument,
  documentPath: string,
  sources: ReadonlyMap<string, string>,
  docsLink: (rule: string) => string,
): Diagnostic[] {
  const indexes = new Map<string, LineIndex>();
  const rangeOf = (at: Loc) => {
    if (at.file === documentPath) return { start: document.positionAt(at.start), end: document.positionAt(at.end) };
    let index = indexes.get(at.file);
    if (!index) {
      index = new LineIndex(sources.get(at.file) ?? '');
      indexes.set(at.file, index);
    }
    return { start: index.positionAt(at.start), end: index.positionAt(at.end) };
  };
  const diagnostics: Diagnostic[] = [];
  for (const finding of findings) {
    if (finding.loc.file !== documentPath) continue;
    const data: DiagnosticData = { rule: finding.rule, version: document.version };
    const tags = (finding.tags ?? []).map((t) => (t === 'unnecessary' ? DiagnosticTag.Unnecessary : DiagnosticTag.Deprecated));
    diagnostics.push({
      range: { start: document.positionAt(finding.loc.start), end: document.positionAt(finding.loc.end) },
      severity: SEVERITY[finding.severity],
      code: finding.rule,
      codeDescription: { href: docsLink(finding.rule) },
      source: 'lb-drift',
      message: finding.message,
      ...(tags.length > 0 ? { tags } : {}),
      ...(finding.related && finding.related.length > 0
        ? {
            relatedInformation: finding.related.map((r) => ({
              location: { uri: r.loc.file === documentPath ? document.uri : pathToUri(r.loc.file), range: rangeOf(r.loc) },
              message: r.message,
            })),
          }
        : {}),
      data,
    });
  }
  return diagnostics;
}
