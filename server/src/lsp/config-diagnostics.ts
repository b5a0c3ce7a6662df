/**
 * Problems of a project config (`.lb-drift.yaml`) shown on that file, whichever document led the
 * server to read it, and cleared once the file is fixed.
 */
import { DiagnosticSeverity, type Connection, type Diagnostic } from 'vscode-languageserver/node';
import type { ProjectConfigResult } from '../host/project-config';
import { pathToUri } from './uris';

export class ConfigDiagnostics {
  /** Config files whose problems are on screen, with the problems' text, to skip re-sending. */
  private readonly shown = new Map<string, string>();

  constructor(private readonly connection: Connection) {}

  publish(result: ProjectConfigResult | undefined): void {
    if (!result) return;
    const diagnostics: Diagnostic[] = result.problems.map((p) => ({
      range: { start: { line: p.line - 1, character: p.column - 1 }, end: { line: p.endLine - 1, character: p.endColumn - 1 } },
      severity: p.severity === 'error' ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning,
      source: 'lb-drift',
      code: 'project-config',
      message: p.message,
    }));
    const key = JSON.stringify(diagnostics);
    if (this.shown.get(result.path) === key) return;
    if (diagnostics.length === 0 && !this.shown.has(result.path)) return;
    if (diagnostics.length === 0) this.shown.delete(result.path);
    else this.shown.set(result.path, key);
    void this.connection.sendDiagnostics({ uri: pathToUri(result.path), diagnostics });
  }
}
