/**
 * The nginx syntax tree. Lossless: every token keeps its span into the original text, so the
 * text between spans is whitespace or comments and edits can be made exactly where a node sits.
 */
import type { Span } from '../../core/span';

export interface NginxArg {
  /** The value nginx sees: quotes removed and escapes resolved as nginx resolves them. */
  readonly value: string;
  /** The span of the argument as written, quotes included. */
  readonly span: Span;
  /** The quote character when the argument is a quoted string. */
  readonly quote: '"' | "'" | null;
}

export interface NginxComment {
  /** The comment text without the leading `#`. */
  readonly text: string;
  readonly span: Span;
}

export interface NginxBlock {
  /** The `{`. */
  readonly open: Span;
  /** The matching `}`, absent when the block is never closed. */
  readonly close?: Span;
  readonly children: readonly NginxDirective[];
  /**
   * For blocks whose body is not nginx syntax (`*_by_lua_block`), the raw body between the
   * braces; `children` is then empty.
   */
  readonly raw?: Span;
}

export interface NginxDirective {
  /** The directive name as nginx sees it (quotes removed). */
  readonly name: string;
  readonly nameSpan: Span;
  readonly args: readonly NginxArg[];
  /** The terminating `;`, absent for blocks and for a directive whose `;` is missing. */
  readonly semicolon?: Span;
  readonly block?: NginxBlock;
  /** From the first character of the name to the `;` or the closing `}` (or the last token seen). */
  readonly span: Span;
  /** Comments on the same line after the directive ends, e.g. `server a:80; # primary`. */
  readonly trailingComment?: NginxComment;
}

export interface NginxSyntaxError {
  readonly message: string;
  readonly span: Span;
  /** A safe repair when the error has an obvious one: insert `text` at offset `at` (a missing `;`). */
  readonly insert?: { readonly at: number; readonly text: string };
}

export interface NginxFile {
  readonly text: string;
  readonly directives: readonly NginxDirective[];
  /** Every comment in the file, in order. */
  readonly comments: readonly NginxComment[];
}

export interface NginxParseResult {
  readonly syntax: NginxFile;
  readonly errors: readonly NginxSyntaxError[];
}

/** Contexts a directive may appear in, named as nginx names them. */
export type NginxContext =
  | 'main'
  | 'events'
  | 'http'
  | 'server'
  | 'location'
  | 'if'
  | 'limit_except'
  | 'upstream'
  | 'stream'
  | 'stream-server'
  | 'stream-upstream'
  | 'mail'
  | 'mail-server'
  | 'map'
  | 'split_clients'
  | 'geo'
  | 'types'
  | 'other';
