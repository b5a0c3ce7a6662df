/**
 * Incremental re-analysis of a haproxy.cfg (the `Dialect.reanalyze` contract). A section runs
 * from its header line to the next header; an edit inside one section's body (after its header
 * line, before the next header) re-reads only that body. The sections before it are kept as
 * they are and the sections after it are moved by the edit's length change, so the spliced
 * syntax is the one a whole parse of the new text gives. Lowering then runs on that syntax with
 * every other proxy section's previous lowering lent to it (moved by the length change, shift.ts),
 * so only the edited section is lowered again, and the engine reuses the findings and shares of
 * every pool outside it.
 *
 * Whole analysis is left to the caller when the edit touches a header line (a section added,
 * removed or renamed), when the body gains a header or a conditional directive, when the file
 * has conditional blocks at all (`.if` blocks span sections, and messages about them name line
 * numbers), when the edit falls before the first section, and when it is inside a `defaults`
 * section, whose settings other sections inherit.
 */
import type { DialectAnalysis, Reanalysis, SourceFile, SourceLoader, TextChange } from '../../core/dialect';
import { versionTarget } from './conditions';
import type { LineLexProblem } from './lexer';
import { analyzeHaproxy, type PoolIndex, type ProxyMemo } from './lower';
import type { ProxyLowering } from './lower-proxy';
import { canResume, type LoweringWalk } from './lowering-walk';
import { findTail, keptEntries, movesAnywhere, type TailEntry } from './tail-memo';
import { parseBodyLines, parseHaproxy, type HaproxyParse, type HaproxyParseProblem } from './parser';
import { moveLowering, resolveLowering } from './shift';
import type { HaLine, HaSection, HaWord } from './syntax';

interface HaproxyIncrementalState {
  readonly parse: HaproxyParse;
  /** The target release the analysis read `.if` blocks and keywords against. */
  readonly version: string | undefined;
  /** Whether the text may hold a conditional directive (a line whose first word starts with `.`). */
  readonly conditional: boolean;
  /** The lowering of every proxy section, by the section's index in `parse.syntax.sections`. */
  readonly lowerings: readonly (ProxyLowering | undefined)[];
  /** Which section each pool comes from, and the pools' keys by name, which references resolve against. */
  readonly pools: PoolIndex;
  /** The index of the last defaults section (-1: none): an edit after it moves every later lowering as one move (moves.ts `collapse`). */
  readonly lastDefaults: number;
  /** What the lowering's walk over the sections made: the next edit's walk starts at the section it touches. */
  readonly walk: LoweringWalk;
  /** Tails moved and walked by earlier edits, newest first (tail-memo.ts). */
  readonly tails: readonly TailEntry[];
}

/** What `proxyMemo` gives: the lowerings kept, the pools and the walk the lowering reported. */
type KeptProxies = ProxyMemo & { kept: (ProxyLowering | undefined)[]; pools?: PoolIndex; walk?: LoweringWalk };

/**
 * Keeps every proxy's lowering by its section's index, and lends the one `lend` gives for an
 * index; with `resume`, the walk starts at its section and the lowerings before it are the
 * previous ones, `previous`.
 *
 * The memo is a plain object whose `pools` and `walk` are data fields the keep callbacks write,
 * never getters. An object literal with getters gets a hidden class of its own each time it is
 * made, held in old space with the getters' closures in its descriptors; those closures reach
 * this version's lowerings and through them its text, and the young-generation collector takes
 * an old hidden class's references as roots. So every keystroke's analysis and 1 MB text were
 * promoted at the next scavenge and lived until a full collection: 20 versions kept by one
 * scavenge where 1 is alive (test/engine/haproxy-edit-young-garbage.test.ts).
 */
function proxyMemo(
  count: number,
  lend: (index: number) => ProxyLowering | undefined = () => undefined,
  pools?: PoolIndex,
  resume?: { readonly walk: LoweringWalk; readonly index: number; readonly previous: readonly (ProxyLowering | undefined)[]; readonly tail?: TailEntry },
): KeptProxies {
  // Resumed: the lowerings before the edit are copied in one slice (and a remembered tail's after
  // it), the walk writes the rest.
  const kept = !resume ? new Array<ProxyLowering | undefined>(count) : resume.tail ? resume.previous.slice(0, resume.index + 1).concat(resume.tail.outputs.slice(resume.index + 1)) : resume.previous.slice();
  const memo: KeptProxies = {
    kept,
    pools,
    walk: undefined,
    keepPools: (index) => (memo.pools = index),
    reuse: lend,
    keep: (index, lowered) => {
      kept[index] = lowered;
    },
    ...(resume ? { resume: { walk: resume.walk, index: resume.index, ...(resume.tail ? { tail: { walk: resume.tail.walk, from: resume.index + 1 } } : {}) } } : {}),
    keepWalk: (made) => (memo.walk = made),
  };
  return memo;
}

/** The whole analysis, keeping what the next version's re-analysis needs. */
export function analyzeHaproxyFile(file: SourceFile, loader: SourceLoader, version: string | undefined): DialectAnalysis {
  const parse = parseHaproxy(file.text, versionTarget(version));
  const proxies = proxyMemo(parse.syntax.sections.length);
  const analysis = analyzeHaproxy(file, loader, version, true, parse, proxies);
  return withState(analysis, {
    parse,
    version,
    conditional: parse.conditional,
    lowerings: proxies.kept,
    pools: proxies.pools!,
    lastDefaults: lastDefaultsIn(parse.syntax.sections),
    walk: proxies.walk!,
    tails: [],
  });
}

function lastDefaultsIn(sections: readonly HaSection[]): number {
  for (let i = sections.length - 1; i >= 0; i--) if (sections[i]!.kind === 'defaults') return i;
  return -1;
}

export function reanalyzeHaproxy(previous: DialectAnalysis, file: SourceFile, change: TextChange, loader: SourceLoader): Reanalysis | undefined {
  const state = previous.incremental as HaproxyIncrementalState | undefined;
  const before = previous.sources.get(file.path);
  if (!state || state.conditional || before === undefined) return undefined;
  const sections = state.parse.syntax.sections;
  const index = sectionAt(sections, change.start);
  const section = sections[index];
  if (!section || section.kind === 'defaults') return undefined;
  const bodyStart = lineAfter(before, section.header.end);
  const next = sections[index + 1];
  const bodyEnd = next ? next.header.lineStart : before.length;
  // The edit must leave the header line and the next header's line (and the break before it) alone.
  if (change.start < bodyStart || (next ? change.oldEnd >= bodyEnd : change.oldEnd > bodyEnd)) return undefined;
  // A line feed typed after a header that ends with a lone carriage return makes its break CRLF:
  // that may be the file's first line break, which the fixes of carried findings copy.
  if (change.start === bodyStart && before.charCodeAt(bodyStart - 1) === 13) return undefined;

  const delta = change.newEnd - change.oldEnd;
  const problems: LineLexProblem[] = [];
  const lines = parseBodyLines(file.text, bodyStart, bodyEnd + delta, problems);
  if (!lines) return undefined;
  const last = lines[lines.length - 1];
  // Written out rather than spread: the section may be a moved one, whose header and lines are read through getters.
  const edited: HaSection = { kind: section.kind, header: section.header, ...(section.name ? { name: section.name } : {}), start: section.start, lines, end: last ? last.end : section.header.end };
  // The pools' names and keys are the previous ones unless the edit is in a listen section (only
  // there can a body decide whether the section is a pool): the lent lowerings' references are
  // then resolved as the model resolves them, so the model keeps them instead of copying each.
  const pools = section.kind === 'listen' ? undefined : state.pools;
  const poolKeys = pools?.keys;
  // With the pools known and the edit past every global and defaults section, the walk starts at
  // the edited section: the sections before it add what they added to the previous model; and an
  // earlier edit that moved the sections after it the same way lends its moved sections and walk.
  const resumes = pools !== undefined && canResume(state.walk, index, sections.length);
  const place = { start: bodyStart, end: bodyEnd };
  const tail = resumes ? findTail(state.tails, { index, delta, pools, file: file.path, sections, lowerings: state.lowerings, place }) : undefined;
  // The sections after the edit, moved; each keeps its index, so its lowering is the previous one moved.
  const after = tail ? tail.sections.slice(index + 1) : sections.slice(index + 1).map((s) => shiftSection(s, delta));
  const spliced = [...sections.slice(0, index), edited, ...after];
  const parse: HaproxyParse = {
    syntax: { sections: spliced, orphans: state.parse.syntax.orphans },
    errors: spliceErrors(state.parse.errors, problems, bodyStart, bodyEnd, delta),
    branches: state.parse.branches,
  };
  const resume = resumes ? { walk: state.walk, index, previous: state.lowerings, ...(tail ? { tail } : {}) } : undefined;
  // Sections before the edit are the same objects and keep their lowering; those after it move theirs.
  const proxies = proxyMemo(spliced.length, (i) => {
    if (i === index) return undefined;
    const lowered = state.lowerings[i];
    if (!lowered) return undefined;
    if (i > index) return moveLowering(lowered, file.path, bodyEnd, delta, bodyStart, poolKeys, index > state.lastDefaults);
    return poolKeys ? resolveLowering(lowered, poolKeys) : lowered;
  }, pools, resume);
  const analysis = analyzeHaproxy(file, loader, state.version, true, parse, proxies);
  const walk = proxies.walk!;
  // A tail moved and walked afresh is remembered for the edits to come.
  const made: TailEntry | undefined =
    resumes && !tail
      ? { from: index + 1, delta, pools: pools!, file: file.path, sectionInputs: sections, inputs: state.lowerings, sections: spliced, outputs: proxies.kept, walk, place: movesAnywhere(proxies.kept, index + 1) ? undefined : place }
      : undefined;
  return {
    analysis: withState(analysis, {
      parse,
      version: state.version,
      conditional: false,
      lowerings: proxies.kept,
      pools: proxies.pools!,
      lastDefaults: state.lastDefaults,
      walk,
      tails: resumes ? keptEntries(state.tails, made) : [],
    }),
    reread: { start: section.start, end: bodyEnd + delta },
  };
}

function withState(analysis: DialectAnalysis, state: HaproxyIncrementalState): DialectAnalysis {
  return { ...analysis, incremental: state };
}

/** The last section whose header line starts at or before `offset` (-1: none). */
function sectionAt(sections: readonly HaSection[], offset: number): number {
  let low = 0;
  let high = sections.length - 1;
  let found = -1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    if (sections[middle]!.header.lineStart <= offset) {
      found = middle;
      low = middle + 1;
    } else high = middle - 1;
  }
  return found;
}

/** The start of the line after the one holding `offset` (past the text's end when it is the last). */
function lineAfter(text: string, offset: number): number {
  for (let i = offset; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 10) return i + 1;
    if (code === 13) return text.charCodeAt(i + 1) === 10 ? i + 2 : i + 1;
  }
  return text.length + 1;
}

/** The previous errors outside the body, those after it moved, with the body's new ones. */
function spliceErrors(
  previous: readonly HaproxyParseProblem[],
  body: readonly LineLexProblem[],
  bodyStart: number,
  bodyEnd: number,
  delta: number,
): HaproxyParseProblem[] {
  const out: HaproxyParseProblem[] = [];
  for (const error of previous) if (error.start < bodyStart) out.push(error);
  for (const error of body) out.push(error);
  for (const error of previous) if (error.start >= bodyEnd) out.push({ ...error, start: error.start + delta, end: error.end + delta });
  return out.sort((a, b) => a.start - b.start);
}

function shiftWord(word: HaWord, delta: number): HaWord {
  return { start: word.start + delta, end: word.end + delta, value: word.value, quoted: word.quoted };
}

function shiftLine(line: HaLine, delta: number): HaLine {
  const words = new Array<HaWord>(line.words.length);
  for (let i = 0; i < words.length; i++) words[i] = shiftWord(line.words[i]!, delta);
  return { start: line.start + delta, end: line.end + delta, words, lineStart: line.lineStart + delta, active: line.active };
}

/**
 * A section written `delta` further on, its name moved at once and its header and lines when
 * first read: the sections after an edit are moved on every keystroke, and most are never read
 * again (their lowering is lent, moved, to the next analysis, which reads only their kind and
 * name). A moved section moved again moves its original once, so views never stack. Its name
 * stays the header's second word, as the parser makes it.
 */
class MovedSection implements HaSection {
  readonly kind: HaSection['kind'];
  declare readonly name?: HaWord;
  readonly start: number;
  readonly end: number;
  readonly #origin: HaSection;
  readonly #delta: number;
  #header: HaLine | undefined;
  #lines: readonly HaLine[] | undefined;

  constructor(origin: HaSection, delta: number) {
    this.kind = origin.kind;
    if (origin.name) this.name = shiftWord(origin.name, delta);
    this.start = origin.start + delta;
    this.end = origin.end + delta;
    this.#origin = origin;
    this.#delta = delta;
  }

  get header(): HaLine {
    return (this.#header ??= shiftLine(this.#origin.header, this.#delta));
  }

  get lines(): readonly HaLine[] {
    return (this.#lines ??= this.#origin.lines.map((line) => shiftLine(line, this.#delta)));
  }

  /** The same section `delta` further on: the original itself when the moves cancel out (typing deleted again). */
  moved(delta: number): HaSection {
    return this.#delta + delta === 0 ? this.#origin : movedSection(this.#origin, this.#delta + delta);
  }

  get delta(): number {
    return this.#delta;
  }
}

/**
 * The last view made of each section: a character typed and deleted again anywhere before a
 * section moves it by one and back, and the view of the first keystroke serves every later one.
 */
const LAST_SECTION_VIEW = new WeakMap<HaSection, MovedSection>();

function movedSection(origin: HaSection, delta: number): MovedSection {
  const last = LAST_SECTION_VIEW.get(origin);
  if (last && last.delta === delta) return last;
  const view = new MovedSection(origin, delta);
  LAST_SECTION_VIEW.set(origin, view);
  return view;
}

function shiftSection(section: HaSection, delta: number): HaSection {
  if (delta === 0) return section;
  return section instanceof MovedSection ? section.moved(delta) : movedSection(section, delta);
}
