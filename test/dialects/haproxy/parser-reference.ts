/**
 * The HAProxy lexer and parser as they were before words were kept flat (one object per word,
 * one array per line), kept verbatim as the reference the flat parse is compared with
 * (parser-flat-store.test.ts). Not used by the product.
 */
import type { Span } from '../../../server/src/core/span';
import { evaluateCondition, versionTarget, type VersionTarget } from '../../../server/src/dialects/haproxy/conditions';
import type { LineLexProblem } from '../../../server/src/dialects/haproxy/lexer';
import { SECTION_KEYWORDS, type HaLine, type HaproxySyntax, type HaSection, type HaWord, type SectionKind } from '../../../server/src/dialects/haproxy/syntax';

const HEX = /^[0-9a-fA-F]{2}$/;

/** The words of every line without any (blank lines, comments): one array, never written to. */
const NO_WORDS: readonly HaWord[] = [];

function isBlank(code: number): boolean {
  return code === 32 || code === 9 || code === 11 || code === 12;
}

/**
 * The words of the line being read, before they are copied out at its end: the syntax tree holds
 * one array per line for as long as the analysis lives, so each line gets an exact copy and no
 * grown array is ever made (a grown one keeps room for 17 words).
 */
const scratch: HaWord[] = [];

/** Words of `text[start, end)` (one physical line without its line end). */
export function referenceLexLine(text: string, start: number, end: number, problems: LineLexProblem[]): readonly HaWord[] {
  // Written by index: setting the length to 0 would drop the array's room, and every line would grow it again.
  const words = scratch;
  let count = 0;
  let i = start;
  while (i < end) {
    const code = text.charCodeAt(i);
    if (isBlank(code)) {
      i++;
      continue;
    }
    if (code === 35 /* # */) break;
    const wordStart = i;
    // Fast path: most words have no quote or backslash, so the value is the text itself.
    let plain = i;
    while (plain < end) {
      const c = text.charCodeAt(plain);
      if (isBlank(c) || c === 35) break;
      if (c === 34 || c === 39 || c === 92) {
        plain = -1;
        break;
      }
      plain++;
    }
    if (plain >= 0) {
      words[count++] = { start: wordStart, end: plain, value: text.slice(wordStart, plain), quoted: false };
      i = plain;
      continue;
    }
    let value = '';
    let quoted = false;
    let squote = false;
    let dquote = false;
    let quoteAt = -1;
    while (i < end) {
      const c = text[i]!;
      if (!squote && !dquote && (isBlank(c.charCodeAt(0)) || c === '#')) break;
      if (c === '"' && !squote) {
        dquote = !dquote;
        quoted = true;
        quoteAt = i;
        i++;
      } else if (c === "'" && !dquote) {
        squote = !squote;
        quoted = true;
        quoteAt = i;
        i++;
      } else if (c === '\\' && !squote && i + 1 < end) {
        const next = text[i + 1]!;
        if (next === ' ' || next === '\\' || next === '#' || next === "'" || next === '"') {
          value += next;
          i += 2;
        } else if (next === 't' || next === 'n' || next === 'r') {
          value += next === 't' ? '\t' : next === 'n' ? '\n' : '\r';
          i += 2;
        } else if (next === '$' && dquote) {
          value += '$';
          i += 2;
        } else if (next === 'x') {
          const hex = text.slice(i + 2, Math.min(i + 4, end));
          if (HEX.test(hex)) {
            value += String.fromCharCode(parseInt(hex, 16));
            i += 4;
          } else {
            problems.push({ start: i, end: Math.min(i + 4, end), message: `invalid escape "\\x${hex}": \\x must be followed by two hexadecimal digits` });
            value += c;
            i++;
          }
        } else {
          value += c;
          i++;
        }
      } else {
        value += c;
        i++;
      }
    }
    if (squote || dquote) {
      problems.push({
        start: quoteAt,
        end,
        message: `unmatched ${squote ? 'single' : 'double'} quote: close it on the same line (HAProxy reads one line at a time)`,
      });
    }
    words[count++] = { start: wordStart, end: i, value, quoted };
  }
  return count === 0 ? NO_WORDS : words.slice(0, count);
}

export interface HaproxyParseProblem extends Span {
  readonly message: string;
}

/** An `.if` block whose branch lb-drift chose on an assumption: which one, and why. */
export interface BranchNote extends Span {
  readonly message: string;
}

export interface HaproxyParse {
  readonly syntax: HaproxySyntax;
  readonly errors: readonly HaproxyParseProblem[];
  readonly branches: readonly BranchNote[];
}

const SECTIONS: ReadonlySet<string> = new Set(SECTION_KEYWORDS);

interface Block {
  /** Whether the enclosing blocks are all taken. */
  readonly outer: boolean;
  /** Whether a branch of this block was taken already. */
  taken: boolean;
  /** Whether the current branch is taken. */
  active: boolean;
  seenElse: boolean;
  readonly start: number;
  /** What evaluating its conditions assumed, and the branch read (undefined: none). */
  readonly guesses: string[];
  branch?: string;
}

/** `target`: the releases the file runs on (a `VersionTarget`, or one release); 2.6 or newer when absent. */
export function referenceParseHaproxy(text: string, target: VersionTarget | string = versionTarget(undefined)): HaproxyParse {
  const errors: HaproxyParseProblem[] = [];
  const branches: BranchNote[] = [];
  let lineNumber = 0;
  const lexProblems: LineLexProblem[] = [];
  const sections: MutableSection[] = [];
  const orphans: HaLine[] = [];
  const blocks: Block[] = [];
  let current: MutableSection | undefined;
  let lineStart = 0;

  const lineEnds = new LineEnds(text);
  while (lineStart <= text.length) {
    lineNumber++;
    const lineEnd = lineEnds.after(lineStart);
    const words = referenceLexLine(text, lineStart, lineEnd, lexProblems);
    const first = words[0];
    const active = blocks.length === 0 || blocks[blocks.length - 1]!.active;
    if (first && first.value.startsWith('.') && !first.quoted) {
      conditional(first.value, words.slice(1).map((w) => w.value).join(' '), first, active);
    } else if (first) {
      const line: HaLine = { start: first.start, end: words[words.length - 1]!.end, words, lineStart, active };
      if (SECTIONS.has(first.value) && active) {
        if (current) sections.push(current);
        current = { kind: first.value as SectionKind, header: line, name: words[1], lines: [], start: line.start, end: line.end };
      } else if (current) {
        current.lines.push(line);
        if (active) current.end = line.end;
      } else {
        orphans.push(line);
      }
    }
    if (lineEnd >= text.length) break;
    lineStart = nextLineStart(text, lineEnd);
  }
  if (current) sections.push(current);
  for (const block of blocks) errors.push({ start: block.start, end: block.start + 3, message: '.if block is never closed: add .endif' });
  for (const p of lexProblems) errors.push(p);
  errors.sort((a, b) => a.start - b.start);
  return { syntax: { sections: sections.map(freeze), orphans }, errors, branches };

  function branchHolds(block: Block, condition: string): boolean {
    const value = evaluateCondition(condition, target);
    block.guesses.push(...value.guesses);
    return value.truth !== false;
  }

  function conditional(directive: string, rest: string, word: Span, active: boolean): void {
    const top = blocks[blocks.length - 1];
    const problem = (message: string): void => {
      errors.push({ start: word.start, end: word.end, message });
    };
    switch (directive) {
      case '.if': {
        const value = active ? evaluateCondition(rest, target) : undefined;
        const taken = value !== undefined && value.truth !== false;
        blocks.push({ outer: active, taken, active: taken, seenElse: false, start: word.start, guesses: [...(value?.guesses ?? [])], ...(taken ? { branch: 'its first branch' } : {}) });
        return;
      }
      case '.elif':
      case '.else':
        if (!top) return problem(`${directive} without a matching .if`);
        if (top.seenElse) return problem(`${directive} after .else: a block has at most one .else, at its end`);
        if (directive === '.else') top.seenElse = true;
        top.active = top.outer && !top.taken && (directive === '.else' || branchHolds(top, rest));
        if (top.active) top.branch = `the ${directive} on line ${lineNumber}`;
        top.taken ||= top.active;
        return;
      case '.endif':
        if (!top) return problem('.endif without a matching .if');
        blocks.pop();
        if (top.guesses.length > 0) {
          branches.push({ start: top.start, end: top.start + 3, message: `lb-drift read ${top.branch ?? 'no branch'} of this .if (ending on line ${lineNumber}): ${top.guesses.join('; ')}.` });
        }
        return;
      case '.diag':
      case '.notice':
      case '.warning':
        return;
      case '.alert':
        // HAProxy stops with this message when the line is reached.
        if (active) problem(`.alert stops HAProxy here: ${rest}`);
        return;
      default:
        if (active) problem(`unknown directive "${directive}": HAProxy knows .if, .elif, .else, .endif, .diag, .notice, .warning and .alert`);
    }
  }
}

interface MutableSection {
  kind: SectionKind;
  header: HaLine;
  name: HaSection['name'];
  lines: HaLine[];
  start: number;
  end: number;
}

function freeze(section: MutableSection): HaSection {
  return section.name ? section : { kind: section.kind, header: section.header, lines: section.lines, start: section.start, end: section.end };
}

/**
 * Finds line ends with the engine's string search instead of a loop over every character: the
 * next `\n` and the next `\r` are each searched once and kept until the scan passes them.
 */
class LineEnds {
  private nextLf = -1;
  private nextCr = -1;

  constructor(private readonly text: string) {}

  /** The offset of the line break that ends the line starting at `from`, or the text's length. */
  after(from: number): number {
    const length = this.text.length;
    if (this.nextLf < from) {
      const lf = this.text.indexOf('\n', from);
      this.nextLf = lf < 0 ? length : lf;
    }
    if (this.nextCr < from) {
      const cr = this.text.indexOf('\r', from);
      this.nextCr = cr < 0 ? length : cr;
    }
    return this.nextLf < this.nextCr ? this.nextLf : this.nextCr;
  }
}

/** Where the line after the break at `lineEnd` starts (`\r\n` is one break). */
function nextLineStart(text: string, lineEnd: number): number {
  return lineEnd + (text.charCodeAt(lineEnd) === 13 && text.charCodeAt(lineEnd + 1) === 10 ? 2 : 1);
}

/**
 * The keyword lines of `text[start, end)`, a section's body re-read after an edit: `start` is a
 * line start and `end` the start of the next section's header (or the text's end). Undefined when
 * a line there opens a section or is a conditional directive (`.if`, `.endif`, ...): those change
 * how the lines around them group, which only a whole parse reads. Lines without words (blank,
 * comments) are left out, as the whole parse leaves them out.
 */
export function referenceParseBodyLines(text: string, start: number, end: number, problems: LineLexProblem[]): HaLine[] | undefined {
  const lines: HaLine[] = [];
  const lineEnds = new LineEnds(text);
  let lineStart = start;
  while (lineStart < end || (lineStart === end && end === text.length)) {
    const lineEnd = Math.min(lineEnds.after(lineStart), end);
    const words = referenceLexLine(text, lineStart, lineEnd, problems);
    const first = words[0];
    if (first) {
      if ((first.value.startsWith('.') && !first.quoted) || SECTIONS.has(first.value)) return undefined;
      lines.push({ start: first.start, end: words[words.length - 1]!.end, words, lineStart, active: true });
    }
    if (lineEnd >= text.length || lineEnd >= end) break;
    lineStart = nextLineStart(text, lineEnd);
  }
  return lines;
}
