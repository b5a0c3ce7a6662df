/**
 * Turns locations into the CLI's 1-based lines and columns, one line index per source text.
 */
import { LineIndex, type Loc } from '../core/span';

export interface Range1 {
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
}

export class Positions {
  private readonly indexes = new Map<string, LineIndex>();

  constructor(private readonly sources: (file: string) => string | undefined) {}

  index(file: string): LineIndex {
    let index = this.indexes.get(file);
    if (!index) {
      index = new LineIndex(this.sources(file) ?? '');
      this.indexes.set(file, index);
    }
    return index;
  }

  range(at: Loc): Range1 {
    const index = this.index(at.file);
    const start = index.positionAt(at.start);
    const end = index.positionAt(at.end);
    return { line: start.line + 1, column: start.character + 1, endLine: end.line + 1, endColumn: end.character + 1 };
  }

  line(at: Loc): number {
    return this.index(at.file).positionAt(at.start).line + 1;
  }
}
