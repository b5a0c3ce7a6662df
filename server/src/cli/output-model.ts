/**
 * What a CLI run produces, before formatting: plain data (1-based positions, display paths, fix
 * edits already resolved to text), so every formatter (text, json, sarif, github) reads the same
 * thing and results can cross a worker-thread boundary.
 */
import type { Severity } from '../core/finding';
import type { FixSafety } from '../core/fix';

export interface OutRange {
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
}

export interface OutEdit {
  readonly path: string;
  readonly range: OutRange;
  readonly newText: string;
}

export interface OutFix {
  readonly title: string;
  readonly safety: FixSafety;
  /** The text edits the fix makes; absent when the dialect cannot express it. */
  readonly edits?: readonly OutEdit[];
}

export interface OutRelated {
  readonly path: string;
  readonly range: OutRange;
  readonly message: string;
}

export interface OutFinding extends OutRange {
  readonly rule: string;
  readonly severity: Severity;
  readonly message: string;
  /** The path as printed (relative to the working folder when inside it). */
  readonly path: string;
  /**
   * An excerpt of the finding's first line, for snippets: the whole line when it is short, else
   * at most MAX_SNIPPET_CHARS characters around the finding with "…" at each cut (cli/snippet.ts).
   */
  readonly lineText: string;
  /** Subtract from a 0-based column to index `lineText` (absent or 0: the line's start was kept). */
  readonly lineTextOffset?: number;
  readonly related: readonly OutRelated[];
  readonly fixes: readonly OutFix[];
  /** How many findings this one stands for, when it summarises findings not listed (engine/finding-cap.ts). */
  readonly count?: number;
}

export interface OutMember {
  readonly address: string;
  readonly weight: number;
  readonly role: string;
  readonly state: string;
  readonly share: number;
  readonly line: number;
}

export interface OutPool {
  readonly name: string;
  readonly algorithm: string;
  readonly line: number;
  /** How the shares were estimated, when they are not exact (a consistent-hash ring too large to build). */
  readonly estimated?: string;
  readonly members: readonly OutMember[];
}

export interface OutFile {
  readonly path: string;
  readonly dialect: string;
  readonly findings: OutFinding[];
  readonly pools: OutPool[];
}
