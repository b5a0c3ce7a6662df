/**
 * Lowering of one proxy section (`frontend`, `backend`, `listen`): its keyword checks, its name
 * and `from`, the settings it inherits and overrides, its `use_backend` references and, for a
 * backend or listen that serves, its pool. What it gives depends only on the section and the
 * defaults before it, so an incremental re-analysis keeps it for every section an edit did not
 * touch (incremental.ts); whether another proxy already has the name is decided by the caller,
 * in file order.
 */
import type { ParseProblem } from '../../core/finding';
import type { DirectiveNote, FactValue, Pool, Reference } from '../../core/model';
import { buildPool } from './pool';
import { sectionConditions, type SectionConditions } from './route-match';
import { applySetting, copySettings, type ProxySettings } from './settings';
import { joinedWordValues, lineKeyword, wordAt, wordCount, wordEnd, wordIs, wordStart, wordValue, type HaLine, type HaSection } from './syntax';
import { trackReferences } from './track';
import { SectionReport } from './section-report';
import { validateLine } from './validate';
import { flatText } from './flat-text';

export interface ProxyLowering {
  /** Keyword, name and `from` problems, in the order they were found. */
  readonly problems: readonly ParseProblem[];
  readonly notes: readonly DirectiveNote[];
  readonly references: readonly Reference[];
  readonly dynamic: readonly FactValue[];
  /** Whether the header names the proxy (else nothing more was read). */
  readonly named: boolean;
  /** A named backend or listen: a pool unless an earlier proxy has its name. */
  readonly candidate: boolean;
  /** False for a listen section without servers or a balance line of its own (stats, redirects). */
  readonly serves: boolean;
  /** The pool, the problems building it found and its `track` references, when it was built. */
  readonly built?: { readonly pool: Pool; readonly problems: readonly ParseProblem[]; readonly tracks: readonly Reference[] };
}

export interface ProxyContext {
  readonly file: string;
  readonly text: string;
  /** The oldest release of the target, which keywords are judged against. */
  readonly target: string;
  readonly recordVersions: boolean;
  readonly namedDefaults: ReadonlyMap<string, ProxySettings>;
  readonly lastDefaults: ProxySettings;
}

/** `nameTaken`: an earlier proxy has this section's name, so it builds no pool. */
export function lowerProxy(section: HaSection, context: ProxyContext, nameTaken: boolean): ProxyLowering {
  const { file } = context;
  const out = new SectionReport(file, section.kind, context.recordVersions);
  const active = activeLines(section);
  for (let i = 0; i < active.length; i++) validateLine(active[i]!, section.kind, context.target, out);
  const header = section.header;
  const fromIndex = fromWordIndex(header);
  if (!section.name || fromIndex === 1) {
    out.problem(`${section.kind} needs a name: ${section.kind} NAME`, section.header);
    return lowering(out, NO_REFERENCES, NO_VALUES, false, false, false);
  }
  const settings = copySettings(inheritedSettings(header, fromIndex, context.namedDefaults, context.lastDefaults, out));
  let hasServers = false;
  let hasBalance = false;
  for (let i = 0; i < active.length; i++) {
    const line = active[i]!;
    const keyword = lineKeyword(line)!;
    hasBalance ||= keyword === 'balance';
    if (applySetting(settings, line, false)) continue;
    hasServers ||= keyword === 'server' || keyword === 'server-template';
  }
  // The readers below are given every active line, settings included, rather than a list of the
  // section's other lines made for them (one list per section, 23,700 in a 10 MB file): each reads
  // only lines of its own keywords (servers, default-server, stick, use-server, use_backend,
  // default_backend), and none of those is a setting in a proxy (settings.ts applySetting).
  const own = active;
  let references: readonly Reference[] = NO_REFERENCES;
  let dynamic: readonly FactValue[] = NO_VALUES;
  if (section.kind !== 'backend') {
    const found: Reference[] = [];
    const names: FactValue[] = [];
    const conditions = sectionConditions(section, file);
    for (let i = 0; i < own.length; i++) collectReferences(own[i]!, section, found, names, file, conditions);
    if (found.length > 0) references = found;
    if (names.length > 0) dynamic = names;
  }
  if (section.kind === 'frontend') return lowering(out, references, dynamic, true, false, false);
  const serves = section.kind !== 'listen' || hasServers || hasBalance;
  if (nameTaken || !serves) return lowering(out, references, dynamic, true, true, serves);
  POOL_PROBLEMS.length = 0;
  const pool = buildPool(section, settings, own, file, context.text, POOL_PROBLEMS);
  // Most pools have no problems and no `track` reference: they share one empty list of each
  // instead of keeping two of their own for as long as the lowering is kept.
  const problems = POOL_PROBLEMS.length > 0 ? POOL_PROBLEMS.splice(0) : NO_PROBLEMS;
  const tracks = trackReferences([pool], context.text);
  return lowering(out, references, dynamic, true, true, serves, { pool, problems, tracks: tracks.length > 0 ? tracks : NO_REFERENCES });
}

const NO_REFERENCES: readonly Reference[] = Object.freeze([]);
const NO_VALUES: readonly FactValue[] = Object.freeze([]);
const NO_PROBLEMS: readonly ParseProblem[] = Object.freeze([]);
/** Where `buildPool` writes a pool's problems: emptied into a list of the pool's own when it wrote any. */
const POOL_PROBLEMS: ParseProblem[] = [];

/** Written out rather than spread over a shared record: a spread costs more than the rest of a small section. */
function lowering(out: SectionReport, references: readonly Reference[], dynamic: readonly FactValue[], named: boolean, candidate: boolean, serves: boolean, built?: ProxyLowering['built']): ProxyLowering {
  const { problems, notes } = out;
  return built ? { problems, notes, references, dynamic, named, candidate, serves, built } : { problems, notes, references, dynamic, named, candidate, serves };
}

/** Where a section header has `from` (after the section keyword), or -1. */
export function fromWordIndex(header: HaLine): number {
  const count = wordCount(header);
  for (let i = 1; i < count; i++) if (wordIs(header, i, 'from')) return i;
  return -1;
}

/** The lines of a section outside untaken `.if` branches: the section's own list when that is all of them. */
export function activeLines(section: HaSection): readonly HaLine[] {
  for (const line of section.lines) if (!line.active) return section.lines.filter((l) => l.active);
  return section.lines;
}

/**
 * The settings a section inherits: those of the defaults section its `from NAME` names (`fromIndex`:
 * where the header has `from`, or -1), else `fallback`. A name no defaults section before this one
 * has is reported, and the section then inherits `fallback`.
 */
export function inheritedSettings(
  header: HaLine,
  fromIndex: number,
  namedDefaults: ReadonlyMap<string, ProxySettings>,
  fallback: ProxySettings,
  out: SectionReport,
): ProxySettings {
  if (fromIndex <= 0) return fallback;
  const fromName = wordValue(header, fromIndex + 1);
  const named = fromName !== undefined ? namedDefaults.get(fromName) : undefined;
  if (!named) out.problem(`"from ${fromName ?? ''}" names no defaults section written before this one`, wordAt(header, fromIndex + 1) ?? wordAt(header, fromIndex)!);
  return named ?? fallback;
}

/**
 * `use_backend NAME [if|unless COND]` and `default_backend NAME`; with `conditions` (a frontend's or
 * a listen's), a `use_backend` reference carries the match of its condition when it is readable.
 */
export function collectReferences(line: HaLine, section: HaSection, out: Reference[], dynamic: FactValue[], file: string, conditions?: SectionConditions): void {
  const keyword = lineKeyword(line);
  const target = wordValue(line, 1);
  if (target === undefined || (keyword !== 'use_backend' && keyword !== 'default_backend')) return;
  // A name built at run time (`%[req.hdr(host)]`) or from HAProxy's environment at start-up
  // (`"${POOL}"`, which lb-drift never expands) names no backend lb-drift can resolve; the model
  // notes it (fact `dynamic use_backend`), as any backend may then be in use.
  if (target.includes('%[') || target.includes('${')) {
    dynamic.push({ value: target, loc: { file, start: line.start, end: line.end } });
    return;
  }
  const kind = section.kind;
  const loc = { file, start: line.start, end: line.end };
  const nameLoc = { file, start: wordStart(line, 1), end: wordEnd(line, 1) };
  const condition = joinedWordValues(line, 2);
  const name = section.name?.value;
  const scope = name !== undefined ? flatText(kind, ' ', name, ' > ', keyword, condition ? ' ' : '', condition) : flatText(kind, ' > ', keyword, condition ? ' ' : '', condition);
  const match = keyword === 'use_backend' ? conditions?.match(line) : undefined;
  // Made whole, the match with the rest: a field added later would move the object to a new shape and a new store.
  out.push(match ? { kind: keyword, name: target, context: kind, loc, nameLoc, scope, match } : { kind: keyword, name: target, context: kind, loc, nameLoc, scope });
}
