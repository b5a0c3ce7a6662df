/**
 * The fast view of a parsed nginx file: directives stored in typed arrays and addressed by
 * integer ids, so a 10 MB config costs a few arrays instead of millions of objects. Ids are
 * assigned in source (pre-)order: a directive's children follow it, and `nextSibling` skips them.
 * Strings and objects are made only when asked for (`name`, `argValue`, `directive`).
 *
 * The object tree of syntax.ts (`NginxFile`) remains available through `parseNginx` for tests,
 * the fixer and other cold paths; both views always agree.
 */
import type { NginxArg, NginxComment, NginxDirective, NginxSyntaxError } from './syntax';

/** "No directive" / "no offset". */
export const NONE = -1;

export interface NginxTree {
  readonly text: string;
  /** How many directives the file has. Ids run from 0 to count - 1. */
  readonly count: number;
  /** The first top-level directive, or NONE. */
  readonly firstRoot: number;

  firstChild(d: number): number;
  nextSibling(d: number): number;
  parent(d: number): number;

  /** The directive name as nginx sees it (quotes removed, escapes resolved). */
  name(d: number): string;
  nameStart(d: number): number;
  nameEnd(d: number): number;
  /** The directive span: from the name to its `;` or closing `}` (or the last token seen). */
  start(d: number): number;
  end(d: number): number;

  argCount(d: number): number;
  /** The argument value as nginx sees it (quotes removed, escapes resolved). */
  argValue(d: number, i: number): string;
  /** The argument span as written, quotes included. */
  argStart(d: number, i: number): number;
  argEnd(d: number, i: number): number;
  argQuote(d: number, i: number): '"' | "'" | null;
  /** Whether the argument's value is its written text: not quoted, no backslash. */
  argPlain(d: number, i: number): boolean;
  arg(d: number, i: number): NginxArg;

  hasBlock(d: number): boolean;
  /** Offset of the block's `{`, or NONE. */
  blockOpen(d: number): number;
  /** Offset of the block's `}`, or NONE when the block is never closed (or there is none). */
  blockClose(d: number): number;
  /** Whether the block body is raw text (`*_by_lua_block`), with no children. */
  isRawBlock(d: number): boolean;
  /** Offset of the terminating `;`, or NONE. */
  semicolon(d: number): number;

  /** The directive as an object (children included), exactly as `parseNginx` builds it. */
  directive(d: number): NginxDirective;
  /** Every comment in the file, in order (built on first use). */
  comments(): readonly NginxComment[];
}

export interface NginxTreeResult {
  readonly tree: NginxTree;
  readonly errors: readonly NginxSyntaxError[];
}
