/**
 * Locations -> LSP ranges and locations. The open document converts through its own
 * TextDocument; other files (includes) through a line index of the text the analysis read.
 */
import type { Location, Range } from 'vscode-languageserver/node';
import { LineIndex, type Loc } from '../core/span';
import type { DocumentAnalysis } from './document-analysis';
import { pathToUri } from './uris';

export class Ranges {
  private readonly indexes = new Map<string, LineIndex>();

  constructor(private readonly analysis: DocumentAnalysis) {}

  range(at: Loc): Range {
    if (at.file === this.analysis.path) {
      const { document } = this.analysis;
      return { start: document.positionAt(at.start), end: document.positionAt(at.end) };
    }
    let index = this.indexes.get(at.file);
    if (!index) {
      index = new LineIndex(this.analysis.report.sources.get(at.file) ?? '');
      this.indexes.set(at.file, index);
    }
    return { start: index.positionAt(at.start), end: index.positionAt(at.end) };
  }

  location(at: Loc): Location {
    return { uri: this.uri(at.file), range: this.range(at) };
  }

  uri(file: string): string {
    return file === this.analysis.path ? this.analysis.document.uri : pathToUri(file);
  }
}

export function contains(at: Loc, file: string, offset: number): boolean {
  return at.file === file && at.start <= offset && offset <= at.end;
}
