/**
 * The contract every config language implements. A dialect parses, follows includes through an
 * injected loader (the only way it reaches other files), lowers to the model and turns fix intents
 * into text edits. Nothing here does I/O.
 */
import type { ParseProblem } from './finding';
import type { FixIntent, TextEdit } from './fix';
import type { DialectId, Model } from './model';
import type { Span } from './span';

export interface SourceFile {
  readonly path: string;
  readonly text: string;
}

export type IncludeResult =
  | { readonly ok: true; readonly files: readonly SourceFile[] }
  | { readonly ok: false; readonly message: string };

/** Supplied by the host: reads included files (open editor buffers win over disk). */
export interface SourceLoader {
  /**
   * Expands one include argument the way the balancer would. `from` is the including file and
   * `root` the file the analysis started from.
   */
  include(pattern: string, from: string, root: string): IncludeResult;
}

/** A loader for callers that have no file system: every include is reported as unavailable. */
export const noIncludes: SourceLoader = {
  include: (pattern) => ({ ok: false, message: `include "${pattern}" was not followed: no file access here` }),
};

export interface DialectAnalysis {
  readonly model: Model;
  readonly problems: readonly ParseProblem[];
  /** Every file the analysis read, by path, so locations can be turned into lines. */
  readonly sources: ReadonlyMap<string, string>;
  /** What the dialect keeps to re-analyse the next version incrementally (opaque to the engine). */
  readonly incremental?: unknown;
}

/** One edit of the root file: `[start, oldEnd)` of the previous text became `[start, newEnd)`. */
export interface TextChange {
  readonly start: number;
  readonly oldEnd: number;
  readonly newEnd: number;
}

/**
 * Whether text after `change` may sit on another line than before: the edit adds or removes a line
 * break (`\n`, `\r\n` or a lone `\r`), or joins or splits a `\r\n` at its edges. Conservative.
 */
export function changeMovesLines(before: string, after: string, change: TextChange): boolean {
  const breakIn = (text: string, start: number, end: number): boolean => {
    for (let i = start; i < end; i++) {
      const code = text.charCodeAt(i);
      if (code === 10 || code === 13) return true;
    }
    return false;
  };
  return (
    breakIn(before, change.start, change.oldEnd) ||
    breakIn(after, change.start, change.newEnd) ||
    (after.charCodeAt(change.start - 1) === 13 && after.charCodeAt(change.newEnd) === 10)
  );
}

/**
 * An incremental analysis. `reread` is the part of the new root text the dialect read again (one
 * top-level unit: an nginx block body, a HAProxy section, a YAML document). Outside it the model
 * is the previous one's: every pool that lies wholly before `reread` has the same text and
 * position, and every pool wholly after it the same text, shifted by `newEnd - oldEnd`; the
 * engine reuses their findings and shares.
 */
export interface Reanalysis {
  readonly analysis: DialectAnalysis;
  readonly reread: { readonly start: number; readonly end: number };
}

/** The balancer release the project says its files run on (`haproxy: { version }`), as written. */
export interface DialectTarget {
  readonly version?: string;
}

export interface Dialect {
  readonly id: DialectId;
  readonly label: string;
  /** The rule whose `version` option carries the project's target, for dialects whose reading depends on it. */
  readonly targetRule?: string;
  /** A cheap look at the path and the start of the text: is this file in this dialect? */
  sniff(path: string, text: string): boolean;
  /** Parses and lowers. Never throws, whatever the input. */
  analyze(file: SourceFile, loader: SourceLoader, target?: DialectTarget): DialectAnalysis;
  /**
   * Optional: analyses `file`, the root file of `previous` after `change`, re-reading only the
   * top-level unit the change falls in. The result must equal `analyze(file, loader)`. Returns
   * undefined when the dialect cannot tell cheaply (an edit across units, to an include, or that
   * changes how braces or sections pair); the engine then analyses the whole file.
   */
  reanalyze?(previous: DialectAnalysis, file: SourceFile, change: TextChange, loader: SourceLoader): Reanalysis | undefined;
  /** Foldable regions of one file (blocks), from the opening to the closing delimiter. */
  folding(text: string): Span[];
  /** Turns intents into edits against `sources`; undefined when an intent cannot be expressed. */
  fix(intents: readonly FixIntent[], sources: ReadonlyMap<string, string>): TextEdit[] | undefined;
}
