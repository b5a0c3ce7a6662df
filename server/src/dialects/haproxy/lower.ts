/**
 * HAProxy syntax -> balancer model. Sections are read in order: `defaults` sections build the
 * settings later proxies inherit (the last one before a proxy, or the one named by `from`),
 * `backend` and `listen` sections with servers become pools, and `use_backend` /
 * `default_backend` lines become references, resolved once every pool is known.
 */
import type { DialectAnalysis, SourceFile, SourceLoader } from '../../core/dialect';
import type { ParseProblem } from '../../core/finding';
import type { FactValue, Reference } from '../../core/model';
import type { Loc } from '../../core/span';
import { versionTarget } from './conditions';
import { activeLines, collectReferences, fromWordIndex, inheritedSettings, lowerProxy, type ProxyLowering } from './lower-proxy';
import { parseHaproxy, type HaproxyParse } from './parser';
import { SectionReport } from './section-report';
import { validateLine } from './validate';
import { applySetting, copySettings, emptySettings, type ProxySettings } from './settings';
import { lineKeyword, wordValue, type HaLine } from './syntax';
import { appendTail, resumedLists, WalkMarks, type LoweringWalk, type WalkLists } from './lowering-walk';
import type { Pool } from '../../core/model';

/**
 * What an incremental re-analysis lends the lowering: the previous lowering of a proxy section
 * the edit did not touch (moved to its new place), and a place to keep this one's for the next.
 */
export interface ProxyMemo {
  /** By the section's index in the parse's sections. */
  reuse(index: number): ProxyLowering | undefined;
  keep(index: number, lowered: ProxyLowering): void;
  /**
   * The previous analysis' pools when the edit cannot change which sections are pools (an edit in
   * a backend's or frontend's body): the section index of each pool's name, and each pool's key
   * by name. The lowering then reads them instead of building both maps again.
   */
  readonly pools?: PoolIndex;
  /** Told the pools of the analysis made (the given ones, or those it found). */
  keepPools?(pools: PoolIndex): void;
  /**
   * The previous analysis' walk and the section to start this one at: every section before it is
   * the previous version's, lowered the same, after the last global and defaults section, and the
   * pools are the previous ones (`pools`), so the lists start as that walk's prefixes (lowering-walk.ts).
   */
  readonly resume?: {
    readonly walk: LoweringWalk;
    readonly index: number;
    /** The sections from `from` on lend the lowerings `walk` read there: the walk takes its lists' tails (lowering-walk.ts). */
    readonly tail?: { readonly walk: LoweringWalk; readonly from: number };
  };
  /** Told what this walk made, for the next version's walk to resume in. */
  keepWalk?(walk: LoweringWalk): void;
}

/** Where the pools of a model are: the index of the section each name's pool comes from, and its key. */
export interface PoolIndex {
  readonly sections: ReadonlyMap<string, number>;
  readonly keys: ReadonlyMap<string, string>;
}

/**
 * With `recordVersions`, keywords whose acceptance depends on the HAProxy version (removed ones,
 * newer ones) are not judged here but listed in `model.directiveNotes`, for the removed-keyword
 * rule to judge against the project's target (`haproxy.version`, which travels as its option);
 * without it they are judged against `targetVersion` as syntax errors. `.if` conditions are
 * evaluated against it too (no version: 2.6 or newer); an `.if` whose branch rests on an
 * assumption is listed as a fact `assumed branch N`, for the assumed-branch rule to show.
 */
export function analyzeHaproxy(
  root: SourceFile,
  _loader: SourceLoader,
  targetVersion?: string,
  recordVersions = false,
  given?: HaproxyParse,
  proxies?: ProxyMemo,
): DialectAnalysis {
  const file = root.path;
  const target = versionTarget(targetVersion);
  // `given`: the parse of `root.text` an incremental re-analysis spliced (incremental.ts).
  const parsed = given ?? parseHaproxy(root.text, target);
  const parseProblems: ParseProblem[] = parsed.errors.map((e) => ({ kind: 'syntax', message: e.message, loc: { file, start: e.start, end: e.end } }));
  const report = (message: string, at: { start: number; end: number }) => problems.push({ kind: 'syntax', message, loc: { file, start: at.start, end: at.end } });
  const lineLoc = (line: HaLine): Loc => ({ file, start: line.start, end: line.end });

  const known = proxies?.pools;
  // The section index of each pool's name, as far as the sections are read (or all of them, known before).
  const poolSections = known ? known.sections : new Map<string, number>();
  const sections = parsed.syntax.sections;
  const marks = new WalkMarks(sections.length);
  const resume = known ? proxies?.resume : undefined;
  const walked = resume ? resumedLists(resume.walk, resume.index, marks) : undefined;
  // Lists in section order; `track` references follow the others, in pool order. `problems` are the walk's own (parse errors are added at the end).
  const lists: WalkLists = walked ?? { pools: [], references: [], tracks: [], dynamic: [], notes: [], problems: [] };
  const { pools, references, tracks, dynamic, notes, problems } = lists;
  const namedDefaults = (resume ? resume.walk.namedDefaults : new Map<string, ProxySettings>()) as Map<string, ProxySettings>;
  let lastDefaults = resume ? resume.walk.lastDefaults : emptySettings();
  const facts: Record<string, FactValue> = resume ? { ...resume.walk.facts } : {};
  const firstResumed = resume ? resume.index : 0;
  const tail = resume?.tail;
  let lastSettings = resume ? resume.walk.lastSettings : -1;

  if (!resume) {
    for (const line of parsed.syntax.orphans) {
      if (line.active) report(`"${lineKeyword(line)!}" is outside any section: put it under global, defaults, frontend, backend or listen`, line);
    }
  }

  for (let index = firstResumed; index < (tail ? tail.from : sections.length); index++) {
    const section = sections[index]!;
    marks.mark(index, lists);
    if (section.kind === 'frontend' || section.kind === 'backend' || section.kind === 'listen') {
      const name = section.name?.value;
      const first = name !== undefined ? poolSections.get(name) : undefined;
      const previous = first !== undefined && first < index ? sections[first] : undefined;
      let lowered = proxies?.reuse(index);
      // A lent lowering's references are resolved against the known pools already (shift.ts).
      let lent = true;
      if (!lowered || (lowered.candidate && lowered.serves && !previous && !lowered.built)) {
        lowered = lowerProxy(section, { file, text: root.text, target: target.low, recordVersions, namedDefaults, lastDefaults }, previous !== undefined);
        lent = false;
        marks.unshared++;
      }
      proxies?.keep(index, lowered);
      appendAll(problems, lowered.problems);
      appendAll(notes, lowered.notes);
      if (known && !lent) resolveInto(lowered.references, known.keys, references);
      else appendAll(references, lowered.references);
      appendAll(dynamic, lowered.dynamic);
      if (lowered.named && section.kind !== 'backend') marks.completing++;
      if (!lowered.candidate) continue;
      if (previous) {
        // The message names the line of the other section, which moves with the text before it.
        if (lent) marks.unshared++;
        report(`${section.kind} "${name}" has the same name as the ${previous.kind} on line ${lineOf(root.text, previous.start)}: proxy names must be unique`, section.name!);
        continue;
      }
      if (!lowered.built) continue;
      if (!known) (poolSections as Map<string, number>).set(name!, index);
      pools.push(lowered.built.pool);
      appendAll(problems, lowered.built.problems);
      if (known && !lent) resolveInto(lowered.built.tracks, known.keys, tracks);
      else appendAll(tracks, lowered.built.tracks);
      continue;
    }
    marks.unshared++;
    const active = activeLines(section);
    const out = new SectionReport(file, section.kind, recordVersions, { problems, notes });
    for (let i = 0; i < active.length; i++) validateLine(active[i]!, section.kind, target.low, out);
    const name = section.name?.value;
    const header = section.header;
    const fromIndex = fromWordIndex(header);
    const base = inheritedSettings(header, fromIndex, namedDefaults, lastDefaults, out);
    // A file without global and defaults sections is a fragment loaded after a main file
    // (`haproxy -f conf.d/`): its proxies inherit settings lb-drift cannot see.
    if (section.kind === 'global' || section.kind === 'defaults') {
      facts[`${section.kind} section`] ??= { value: section.kind, loc: lineLoc(section.header) };
      lastSettings = index;
    }
    if (section.kind === 'global') {
      for (const line of active) {
        const keyword = lineKeyword(line)!;
        const value = wordValue(line, 1);
        if ((keyword === 'nbthread' || keyword === 'maxconn') && value !== undefined) facts[keyword] = { value, loc: lineLoc(line) };
      }
      continue;
    }
    if (section.kind === 'defaults') {
      const settings = copySettings(fromIndex > 0 ? base : emptySettings());
      for (const line of active) applySetting(settings, line, true);
      if (name !== undefined && fromIndex !== 1) namedDefaults.set(name, settings);
      lastDefaults = settings;
      const own: Reference[] = [];
      for (const line of active) collectReferences(line, section, own, dynamic, file);
      if (known) resolveInto(own, known.keys, references);
      else for (const reference of own) references.push(reference);
      continue;
    }
  }

  if (tail) appendTail(lists, marks, tail.walk, tail.from);
  else marks.mark(sections.length, lists);
  const complete = marks.completing > 0;
  const trackStart = references.length;
  appendAll(references, tracks);
  const walkFacts = proxies?.keepWalk ? { ...facts } : facts;
  if (dynamic[0]) facts['dynamic use_backend'] = dynamic[0];
  parsed.branches.forEach((branch, i) => (facts[`${ASSUMED_BRANCH}${i + 1}`] = { value: branch.message, loc: { file, start: branch.start, end: branch.end } }));
  const byName = known ? known.keys : poolKeysByName(pools);
  proxies?.keepPools?.(known ?? { sections: poolSections, keys: byName });
  // With the pools known before, every reference was resolved as it was read.
  const resolved = known ? references : references.map((r) => resolvedAgainst(r, byName));
  proxies?.keepWalk?.({ pools, references: resolved, trackStart, dynamic, notes, problems, facts: walkFacts, namedDefaults, lastDefaults, lastSettings, lengths: marks.lengths });
  return {
    model: { dialect: 'haproxy', root: file, pools, references: resolved, facts, complete, ...(recordVersions ? { directiveNotes: notes } : {}) },
    // The walk's own list is kept unsorted for the next version's walk.
    problems: parseProblems.concat(problems).sort((a, b) => a.loc.start - b.loc.start),
    sources: new Map([[file, root.text]]),
  };
}

/** Every item of `items` pushed onto `into`, by index (a `for...of` here made an iterator per list). */
function appendAll<T>(into: T[], items: readonly T[]): void {
  for (let i = 0; i < items.length; i++) into.push(items[i]!);
}

function poolKeysByName(pools: readonly Pool[]): Map<string, string> {
  const byName = new Map<string, string>();
  for (let i = 0; i < pools.length; i++) byName.set(pools[i]!.name, pools[i]!.key);
  return byName;
}

/** A reference resolved against `byName`: itself when it names its pool already (shift.ts resolveLowering lends such). */
function resolvedAgainst(reference: Reference, byName: ReadonlyMap<string, string>): Reference {
  const pool = byName.get(reference.name);
  return reference.pool === pool ? reference : withPool(reference, pool);
}

function resolveInto(references: readonly Reference[], byName: ReadonlyMap<string, string>, into: Reference[]): void {
  for (const reference of references) into.push(resolvedAgainst(reference, byName));
}

/** A reference resolved to its pool, written out field by field (a spread costs ten times more per reference). */
function withPool(reference: Reference, pool: string | undefined): Reference {
  const resolved: { -readonly [K in keyof Reference]: Reference[K] } = {
    kind: reference.kind,
    name: reference.name,
    context: reference.context,
    loc: reference.loc,
    nameLoc: reference.nameLoc,
  };
  if (reference.scope !== undefined) resolved.scope = reference.scope;
  if (reference.match !== undefined) resolved.match = reference.match;
  if (pool !== undefined) resolved.pool = pool;
  return resolved;
}

/** The prefix of the model facts that describe `.if` branches chosen on an assumption. */
export const ASSUMED_BRANCH = 'assumed branch ';

function lineOf(text: string, offset: number): number {
  // Line breaks found by the engine's string search: a duplicate proxy's message is made again on every keystroke.
  let line = 1;
  for (let at = text.indexOf('\n'); at >= 0 && at < offset; at = text.indexOf('\n', at + 1)) line++;
  return line;
}
