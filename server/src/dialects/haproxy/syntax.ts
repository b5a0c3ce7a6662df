/**
 * The HAProxy syntax tree: a configuration is a list of lines grouped into sections. Every word
 * keeps its span in the text (quotes and escapes included) and its value as HAProxy reads it,
 * except that `"${VAR}"` is kept as written: lb-drift never expands the user's environment.
 */
import type { Span } from '../../core/span';

export const SECTION_KEYWORDS = [
  'global',
  'defaults',
  'frontend',
  'backend',
  'listen',
  'resolvers',
  'peers',
  'userlist',
  'cache',
  'program',
  'http-errors',
  'ring',
  'mailers',
  'log-forward',
  'fcgi-app',
  'crt-store',
  'traces',
] as const;

export type SectionKind = (typeof SECTION_KEYWORDS)[number];

export interface HaWord extends Span {
  /** The word as HAProxy reads it: quotes removed, escapes resolved, `${VAR}` kept as written. */
  readonly value: string;
  /** Whether any part of the word was quoted. */
  readonly quoted: boolean;
}

export interface HaLine extends Span {
  /** The words of the line, comments excluded; `start`/`end` cover them (empty lines: none). */
  readonly words: readonly HaWord[];
  /** The start of the physical line, for whole-line edits. */
  readonly lineStart: number;
  /** False when a `.if` block around the line is not taken. */
  readonly active: boolean;
}

export interface HaSection extends Span {
  readonly kind: SectionKind;
  /** The header line: `backend app`, `defaults base from other`. */
  readonly header: HaLine;
  /** The section name (`app`), when written. */
  readonly name?: HaWord;
  /** Keyword lines of the section, in order (conditional directives excluded). */
  readonly lines: readonly HaLine[];
}

export interface HaproxySyntax {
  readonly sections: readonly HaSection[];
  /** Keyword lines written before the first section header. */
  readonly orphans: readonly HaLine[];
}
