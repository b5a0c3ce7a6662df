/**
 * The JSON plan that test/neovim/init.lua reads (through LB_DRIFT_NVIM_PLAN) and the JSON Lines
 * records it writes back. Lines and columns in records are 1-based, like `lb-drift check --format
 * json`; Neovim itself keeps them 0-based.
 */

import { parseRecords as parseEditorRecords, recordsOf as recordsOfKind } from '../helpers/editor-client';

export interface PlanFile {
  readonly path: string;
  /** Where to ask for a hover (1-based line and column), usually on a member line. */
  readonly hover?: { readonly line: number; readonly character: number };
  /** Apply the first code action of this rule's diagnostic whose title starts with `title`. */
  readonly applyFix?: { readonly rule: string; readonly title: string };
}

export interface Plan {
  /** The server command; ignored when `setup` is given. */
  readonly cmd?: readonly string[];
  /** A Lua file that sets up the client instead (a README snippet, run as written). */
  readonly setup?: string;
  /** The filetypes the built-in setup attaches to (`nginx`, `haproxy`). */
  readonly filetypes?: readonly string[];
  readonly root?: string;
  /** Where the records go (one JSON object per line). */
  readonly output: string;
  /** The bound of every wait and request inside Neovim. */
  readonly timeoutMs: number;
  readonly files: readonly PlanFile[];
}

/** A diagnostic as vim.diagnostic holds it: `diagnostic` on open, `afterFix` after the edit. */
export interface DiagnosticRecord<K extends 'diagnostic' | 'afterFix' = 'diagnostic' | 'afterFix'> {
  readonly kind: K;
  readonly file: string;
  readonly line: number;
  readonly col: number;
  readonly endLine: number;
  readonly endCol: number;
  readonly code?: string;
  /** The code as kept in user_data.lsp.code (Neovim 0.7 puts it in both places). */
  readonly lspCode?: string;
  readonly severity: 'error' | 'warning' | 'info' | 'hint';
  readonly source?: string;
  readonly message: string;
}

export type NvimRecord =
  | { readonly kind: 'opened'; readonly file: string; readonly filetype: string }
  | DiagnosticRecord<'diagnostic'>
  | DiagnosticRecord<'afterFix'>
  | { readonly kind: 'codeAction'; readonly file: string; readonly line: number; readonly code?: string; readonly titles: readonly string[] }
  | { readonly kind: 'hover'; readonly file: string; readonly line: number; readonly text: string }
  | { readonly kind: 'applied'; readonly file: string; readonly title: string; readonly text: string }
  | { readonly kind: 'done'; readonly lspLog: string }
  | { readonly kind: 'error'; readonly message: string; readonly lspLog?: string };

/** Parses the records the driver wrote. */
export function parseRecords(text: string): NvimRecord[] {
  return parseEditorRecords<NvimRecord>(text, 'Neovim');
}

/** The records of one kind, typed by it. */
export function recordsOf<K extends NvimRecord['kind']>(records: readonly NvimRecord[], kind: K): Extract<NvimRecord, { kind: K }>[] {
  return recordsOfKind(records, kind);
}
