/**
 * HAProxy's configuration is line-oriented: every line is a keyword and its arguments, and a
 * section keyword (`backend app`) opens a section that lasts until the next one. The parser
 * keeps every line with spans, groups lines into sections, and follows the conditional blocks
 * (`.if/.elif/.else/.endif`) and messages (`.diag`, `.notice`, `.warning`, `.alert`). It never
 * throws; whatever it cannot read becomes a problem with a span.
 */
import type { Span } from '../../core/span';
import { DEFAULT_TARGET_VERSION, evaluateCondition, versionTarget, type VersionTarget } from './conditions';
import { lexLineAt, type LineLexProblem } from './lexer';
import { SECTION_KEYWORDS, type HaLine, type HaproxySyntax, type HaSection, type SectionKind } from './syntax';
import { sameText, StoredLine, WordStore, type LineHead } from './word-store';

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

/** A parse of a whole text, which also says whether the text may hold a conditional directive. */
export interface WholeHaproxyParse extends HaproxyParse {
  /**
   * Whether a line's first word starts with `.`, as written or as read (`\x2eif` reads as `.if`):
   * every conditional directive does, so false means the text has none and its sections group as
   * they are written. Read during the parse, where a search of the text cost a second pass.
   */
  readonly conditional: boolean;
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

export { DEFAULT_TARGET_VERSION };

/** `target`: the releases the file runs on (a `VersionTarget`, or one release); 2.6 or newer when absent. */
export function parseHaproxy(text: string, target: VersionTarget | string = versionTarget(undefined)): WholeHaproxyParse {
  const errors: HaproxyParseProblem[] = [];
  const branches: BranchNote[] = [];
  let lineNumber = 0;
  const lexProblems: LineLexProblem[] = [];
  const sections: MutableSection[] = [];
  const orphans: HaLine[] = [];
  const blocks: Block[] = [];
  let current: MutableSection | undefined;
  let lineStart = 0;
  let conditionalSeen = false;
  // The lines of the section being read, copied into a list of their number when it ends: a list
  // grown by pushes keeps room for up to half as many again for as long as the syntax tree lives.
  const sectionLines = new LineRun();

  // About one word per eight characters in real files: one allocation, grown by doubling past it.
  const store = new WordStore(text, text.length >> 3);
  const keywords = new KeywordReader(store);
  while (lineStart <= text.length) {
    lineNumber++;
    const first = store.count;
    const lineEnd = lexLineAt(store, lineStart, text.length, lexProblems);
    const count = store.count - first;
    if (count > 0) {
      const read = keywords.at(first);
      const keyword = read.head.keyword;
      const active = blocks.length === 0 || blocks[blocks.length - 1]!.active;
      if (keyword.charCodeAt(0) === 46 /* . */ || text.charCodeAt(store.start(first)) === 46) conditionalSeen = true;
      if (keyword.charCodeAt(0) === 46 /* . */ && !store.quoted(first)) {
        conditional(keyword, joinedValues(store, first + 1, first + count), { start: store.start(first), end: store.end(first) }, active);
      } else {
        const line = new StoredLine(read.head, first, count, active);
        if (active && read.opensSection) {
          if (current) sections.push(closed(current, sectionLines));
          current = { kind: keyword as SectionKind, header: line, name: line.wordAt(1), lines: NO_LINES, start: line.start, end: line.end };
        } else if (current) {
          sectionLines.push(line);
          if (active) current.end = line.end;
        } else {
          orphans.push(line);
        }
      }
    }
    if (lineEnd >= text.length) break;
    lineStart = nextLineStart(text, lineEnd);
  }
  if (current) sections.push(closed(current, sectionLines));
  for (const block of blocks) errors.push({ start: block.start, end: block.start + 3, message: '.if block is never closed: add .endif' });
  for (const p of lexProblems) errors.push(p);
  errors.sort((a, b) => a.start - b.start);
  return { syntax: { sections: sections.map(freeze), orphans }, errors, branches, conditional: conditionalSeen };

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

/** The list of a section without lines: one, never written to. */
const NO_LINES: HaLine[] = [];

/**
 * The lines of the section being read. Written by index and emptied by resetting the count: an
 * array emptied by setting its length to 0 drops its room, and every section grew a new one (about
 * 150 bytes of garbage a section, 3.5 MB for the 23,700 sections of a 10 MB file).
 */
class LineRun {
  private readonly lines: HaLine[] = [];
  private count = 0;

  push(line: HaLine): void {
    this.lines[this.count++] = line;
  }

  /** The lines pushed since the last call, in a list of their number; the run starts empty again. */
  take(): HaLine[] {
    const taken = this.lines.slice(0, this.count);
    this.count = 0;
    return taken;
  }

  get length(): number {
    return this.count;
  }
}

/** `section` with the lines read for it (`lines`, emptied for the next section). */
function closed(section: MutableSection, lines: LineRun): MutableSection {
  if (lines.length > 0) section.lines = lines.take();
  return section;
}

function freeze(section: MutableSection): HaSection {
  return section.name ? section : { kind: section.kind, header: section.header, lines: section.lines, start: section.start, end: section.end };
}

/** A keyword the parse read: the head its lines share, and whether it opens a section. */
interface ReadKeyword {
  readonly head: LineHead;
  readonly opensSection: boolean;
}

/** Slots of the keyword reader's table, and how many it fills at most: real files use a few dozen keywords. */
const KEYWORD_SLOTS = 1024;
const KEYWORDS_KEPT = 512;

/**
 * The keywords of a parse's lines, which are few: each is looked for in a small table by its
 * length and first and last characters (probing the next slots on a collision) and compared in
 * place, so a line's keyword costs one comparison with the keyword it is, not a look-up of the
 * common words (a hash of its characters and a comparison), the set of section keywords and the
 * store's map of heads: one fifth of a parse when only the previous line's keyword was kept, as a
 * frontend's `acl` and `use_backend` lines alternate.
 */
class KeywordReader {
  private readonly table = new Array<ReadKeyword | undefined>(KEYWORD_SLOTS);
  private kept = 0;

  constructor(private readonly store: WordStore) {}

  /** The keyword of the line whose first word is word `index` of the store. */
  at(index: number): ReadKeyword {
    const store = this.store;
    const start = store.starts[index]!;
    const end = store.plainEnd(index);
    // A cooked word (-1: quoted or escaped) is read and not kept.
    if (end < 0) return readKeyword(store, store.value(index));
    const text = store.text;
    const length = end - start;
    const hash = Math.imul(length, 0x9e3779b1) ^ Math.imul(text.charCodeAt(start), 0x85ebca6b) ^ Math.imul(text.charCodeAt(end - 1), 0xc2b2ae35);
    for (let slot = (hash ^ (hash >>> 16)) & (KEYWORD_SLOTS - 1); ; slot = (slot + 1) & (KEYWORD_SLOTS - 1)) {
      const kept = this.table[slot];
      if (kept === undefined) {
        const read = readKeyword(store, store.value(index));
        if (this.kept < KEYWORDS_KEPT) {
          this.table[slot] = read;
          this.kept++;
        }
        return read;
      }
      const keyword = kept.head.keyword;
      if (keyword.length === length && sameText(text, start, keyword)) return kept;
    }
  }
}

function readKeyword(store: WordStore, keyword: string): ReadKeyword {
  return { head: store.headOf(keyword), opensSection: SECTIONS.has(keyword) };
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
export function parseBodyLines(text: string, start: number, end: number, problems: LineLexProblem[]): HaLine[] | undefined {
  const lines: HaLine[] = [];
  const store = new WordStore(text, (end - start) >> 3, start);
  let lineStart = start;
  while (lineStart < end || (lineStart === end && end === text.length)) {
    const first = store.count;
    const lineEnd = lexLineAt(store, lineStart, end, problems);
    const count = store.count - first;
    if (count > 0) {
      const keyword = store.value(first);
      if ((keyword.charCodeAt(0) === 46 && !store.quoted(first)) || SECTIONS.has(keyword)) return undefined;
      lines.push(new StoredLine(store.headOf(keyword), first, count, true));
    }
    if (lineEnd >= text.length || lineEnd >= end) break;
    lineStart = nextLineStart(text, lineEnd);
  }
  return lines;
}

/** The values of words `[from, to)` of `store` joined by spaces (a conditional directive's condition). */
function joinedValues(store: WordStore, from: number, to: number): string {
  let joined = '';
  for (let i = from; i < to; i++) joined += i === from ? store.value(i) : ` ${store.value(i)}`;
  return joined;
}
