/**
 * HAProxy's configuration is line-oriented: every line is a keyword and its arguments, and a
 * section keyword (`backend app`) opens a section that lasts until the next one. The parser
 * keeps every line with spans, groups lines into sections, and follows the conditional blocks
 * (`.if/.elif/.else/.endif`) and messages (`.diag`, `.notice`, `.warning`, `.alert`). It never
 * throws; whatever it cannot read becomes a problem with a span.
 */
import type { Span } from '../../core/span';
import { evaluateCondition } from './conditions';
import { lexLine, type LineLexProblem } from './lexer';
import { SECTION_KEYWORDS, type HaLine, type HaproxySyntax, type HaSection, type SectionKind } from './syntax';

export interface HaproxyParseProblem extends Span {
  readonly message: string;
}

export interface HaproxyParse {
  readonly syntax: HaproxySyntax;
  readonly errors: readonly HaproxyParseProblem[];
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
}

export const DEFAULT_TARGET_VERSION = '2.6';

export function parseHaproxy(text: string, targetVersion = DEFAULT_TARGET_VERSION): HaproxyParse {
  const errors: HaproxyParseProblem[] = [];
  const lexProblems: LineLexProblem[] = [];
  const sections: MutableSection[] = [];
  const orphans: HaLine[] = [];
  const blocks: Block[] = [];
  let current: MutableSection | undefined;
  let lineStart = 0;

  while (lineStart <= text.length) {
    let lineEnd = lineStart;
    while (lineEnd < text.length && text.charCodeAt(lineEnd) !== 10 && text.charCodeAt(lineEnd) !== 13) lineEnd++;
    const words = lexLine(text, lineStart, lineEnd, lexProblems);
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
    lineStart = lineEnd + (text.charCodeAt(lineEnd) === 13 && text.charCodeAt(lineEnd + 1) === 10 ? 2 : 1);
  }
  if (current) sections.push(current);
  for (const block of blocks) errors.push({ start: block.start, end: block.start + 3, message: '.if block is never closed: add .endif' });
  for (const p of lexProblems) errors.push(p);
  errors.sort((a, b) => a.start - b.start);
  return { syntax: { sections: sections.map(freeze), orphans }, errors };

  function conditional(directive: string, rest: string, word: Span, active: boolean): void {
    const top = blocks[blocks.length - 1];
    const problem = (message: string): void => {
      errors.push({ start: word.start, end: word.end, message });
    };
    switch (directive) {
      case '.if': {
        const taken = active && evaluateCondition(rest, targetVersion) !== false;
        blocks.push({ outer: active, taken, active: taken, seenElse: false, start: word.start });
        return;
      }
      case '.elif':
      case '.else':
        if (!top) return problem(`${directive} without a matching .if`);
        if (top.seenElse) return problem(`${directive} after .else: a block has at most one .else, at its end`);
        if (directive === '.else') top.seenElse = true;
        top.active = top.outer && !top.taken && (directive === '.else' || evaluateCondition(rest, targetVersion) !== false);
        top.taken ||= top.active;
        return;
      case '.endif':
        if (!top) return problem('.endif without a matching .if');
        blocks.pop();
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
