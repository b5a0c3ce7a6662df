/**
 * The HAProxy syntax tree: a configuration is a list of lines grouped into sections. Every word
 * keeps its span in the text (quotes and escapes included) and its value as HAProxy reads it,
 * except that `"${VAR}"` is kept as written: lb-drift never expands the user's environment.
 */
import type { Span } from '../../core/span';
import { StoredLine } from './word-store';

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

/*
 * Reading a line without its words: a parsed line keeps its words flat (word-store.ts) and makes
 * the `HaWord` objects only when `words` is first read. A reader that needs only the keyword, the
 * number of words, a word's value or its span asks these, which make no object for a parsed line
 * and read `words` for any other (a line moved after an edit, a line built by hand). Indexes
 * count the keyword as word 0.
 */

/** The first word's value (the keyword: `server`, `acl`, `backend`), or undefined on a line without words. */
export function lineKeyword(line: HaLine): string | undefined {
  return line instanceof StoredLine ? line.keyword : line.words[0]?.value;
}

/** How many words the line has, its keyword included. */
export function wordCount(line: HaLine): number {
  return line instanceof StoredLine ? line.wordCount : line.words.length;
}

/** The value of word `index` (0 is the keyword), or undefined past the last word. */
export function wordValue(line: HaLine, index: number): string | undefined {
  return line instanceof StoredLine ? line.valueAt(index) : line.words[index]?.value;
}

/**
 * Whether the value of word `index` is `literal` (false past the last word): `wordValue(line, index)
 * === literal`, without making the value of a parsed line's word (an ACL name, a host) only to compare it.
 */
export function wordIs(line: HaLine, index: number, literal: string): boolean {
  return line instanceof StoredLine ? line.valueIs(index, literal) : line.words[index]?.value === literal;
}

/** Whether the value of word `index` starts with `prefix` (false past the last word), without making the value. */
export function wordStartsWith(line: HaLine, index: number, prefix: string): boolean {
  return line instanceof StoredLine ? line.valueStartsWith(index, prefix) : (line.words[index]?.value.startsWith(prefix) ?? false);
}

/** Whether any part of word `index` was quoted (false past the last word). */
export function wordQuoted(line: HaLine, index: number): boolean {
  return line instanceof StoredLine ? line.quotedAt(index) : (line.words[index]?.quoted ?? false);
}

/** Where word `index` starts in the text; `index` must be below `wordCount(line)`. */
export function wordStart(line: HaLine, index: number): number {
  return line instanceof StoredLine ? line.startAt(index) : line.words[index]!.start;
}

/** Where word `index` ends in the text; `index` must be below `wordCount(line)`. */
export function wordEnd(line: HaLine, index: number): number {
  return line instanceof StoredLine ? line.endAt(index) : line.words[index]!.end;
}

/**
 * Word `index` as an object (undefined past the last word): the line's own when its words were
 * made, else one new object for this word alone. For a reader that keeps a word (a problem's
 * span, a parameter's value in the model); one that only looks should use the readers above.
 */
export function wordAt(line: HaLine, index: number): HaWord | undefined {
  return line instanceof StoredLine ? line.wordAt(index) : line.words[index];
}

/**
 * The values of words `[from, to)` joined by single spaces (`to` is clamped to the word count), as
 * one flat string: `join` writes the characters once, where `+` would make a rope that holds its
 * pieces for as long as the model keeps the text (flat-text.ts). Words written as plain text one
 * space apart (`if host_0 || path_0`) are their own text already, read in one slice.
 */
export function joinedWordValues(line: HaLine, from: number, to: number = wordCount(line)): string {
  const end = Math.min(to, wordCount(line));
  if (end - from === 1) return wordValue(line, from)!;
  if (line instanceof StoredLine && end - from > 1) {
    const written = line.writtenAsJoined(from, end);
    if (written !== undefined) return written;
  }
  const parts = new Array<string>(Math.max(0, end - from));
  for (let i = from; i < end; i++) parts[i - from] = wordValue(line, i)!;
  return parts.join(' ');
}
