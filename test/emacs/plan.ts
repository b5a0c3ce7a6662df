/**
 * The JSON plan that test/emacs/driver.el reads (through LB_DRIFT_EMACS_PLAN) and the JSON Lines
 * records it writes back. Lines and columns are 1-based, like `lb-drift check --format json`.
 */

import { parseRecords as parseEditorRecords, recordsOf as recordsOfKind } from '../helpers/editor-client';

export interface Plan {
  /** The file to open; its name picks the major mode through the snippet's auto-mode-alist entry. */
  readonly file: string;
  /** Where to ask for a hover (1-based line and column), usually on a member line. */
  readonly hover: { readonly line: number; readonly character: number };
  /** Where the records go (one JSON object per line). */
  readonly output: string;
  /** The bound of every wait and request inside Emacs. */
  readonly timeoutMs: number;
}

/** A Flymake diagnostic that eglot made from one of the server's LSP diagnostics. */
export interface DiagnosticRecord {
  readonly kind: 'diagnostic';
  readonly line: number;
  readonly col: number;
  /** eglot's Flymake type: `eglot-error`, `eglot-warning` or `eglot-note`. */
  readonly type: string;
  /** The LSP code and source, as eglot keeps them in the diagnostic's data. */
  readonly code: string | null;
  readonly source: string | null;
  /** The text Flymake shows: eglot writes it as `source [code]: message`. */
  readonly message: string;
}

export type EmacsRecord =
  | { readonly kind: 'started'; readonly emacsVersion: string; readonly eglotLoaded: boolean }
  | {
      readonly kind: 'opened';
      readonly file: string;
      readonly mode: string;
      /** The mode `auto-mode-alist` gives the file's name (null when no entry matches). */
      readonly modeByName: string | null;
    }
  | { readonly kind: 'connected'; readonly command: readonly string[]; readonly serverPid: number }
  | DiagnosticRecord
  | { readonly kind: 'hover'; readonly line: number; readonly text: string }
  | { readonly kind: 'codeActions'; readonly line: number; readonly titles: readonly string[] }
  | { readonly kind: 'serverError'; readonly message: string }
  | { readonly kind: 'shutdown'; readonly serverLive: boolean; readonly serverStatus: string }
  | { readonly kind: 'done' }
  | { readonly kind: 'error'; readonly message: string; readonly events: string | null };

/** Parses the records the driver wrote. */
export function parseRecords(text: string): EmacsRecord[] {
  return parseEditorRecords<EmacsRecord>(text, 'Emacs');
}

/** The records of one kind, typed by it. */
export function recordsOf<K extends EmacsRecord['kind']>(records: readonly EmacsRecord[], kind: K): Extract<EmacsRecord, { kind: K }>[] {
  return recordsOfKind(records, kind);
}
