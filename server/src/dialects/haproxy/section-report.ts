/**
 * Where the lowering of one section writes what it finds: syntax problems, and (when versions are
 * recorded for the removed-keyword rule) the keywords whose acceptance depends on the HAProxy
 * version, as model notes. One object per section instead of a closure per kind of finding; the
 * lists are made at the first finding, as most sections have none.
 */
import type { ParseProblem } from '../../core/finding';
import type { DirectiveNote } from '../../core/model';
import type { VersionNote } from './validate';

const NONE: readonly never[] = [];

export class SectionReport {
  #problems: ParseProblem[] | undefined;
  #notes: DirectiveNote[] | undefined;

  /**
   * `into`: lists to write to instead of lists of the section's own (the lowering of the global
   * and defaults sections writes straight into the file's).
   */
  constructor(
    readonly file: string,
    /** The section kind, the context of the notes. */
    readonly context: string,
    /** Whether version-dependent keywords are noted (else judged against the target as problems). */
    readonly recordsVersions: boolean,
    into?: { problems: ParseProblem[]; notes: DirectiveNote[] },
  ) {
    this.#problems = into?.problems;
    this.#notes = into?.notes;
  }

  /*
   * A section's first problem or note makes its list at size one: an empty list grown by a push
   * keeps room for 16, for as long as the lowering is kept (a 10 MB file has 11,000 sections
   * with one note, mostly a balance algorithm or server-template).
   */
  problem(message: string, at: { start: number; end: number }): void {
    const problem: ParseProblem = { kind: 'syntax', message, loc: { file: this.file, start: at.start, end: at.end } };
    if (this.#problems) this.#problems.push(problem);
    else this.#problems = [problem];
  }

  note(note: VersionNote): void {
    const directive = toDirectiveNote(note, this.context, this.file);
    if (this.#notes) this.#notes.push(directive);
    else this.#notes = [directive];
  }

  get problems(): readonly ParseProblem[] {
    return this.#problems ?? NONE;
  }

  get notes(): readonly DirectiveNote[] {
    return this.#notes ?? NONE;
  }
}

/**
 * Written field by field, optional fields left out (not undefined): a note is made for every
 * `server-template` and `balance random` line. The list of builds is shared by every note with
 * the same versions (rules only read it): a 10 MB file has 11,000 notes and four such lists.
 */
export function toDirectiveNote(note: VersionNote, context: string, file: string): DirectiveNote {
  const { removed, since } = note;
  const directive: { -readonly [K in keyof DirectiveNote]: DirectiveNote[K] } = { name: note.name, loc: { file, start: note.at.start, end: note.at.end }, context, builds: buildsOf(since, removed?.removedIn) };
  if (removed?.rename) directive.suggestion = removed.rename;
  if (removed) directive.replacement = removed.replacement;
  return directive;
}

type Builds = DirectiveNote['builds'];

/** The shared build lists, by `since` then by `until` (an empty string for none). */
const BUILDS = new Map<string, Map<string, Builds>>();

function buildsOf(since: string | undefined, until: string | undefined): Builds {
  let byUntil = BUILDS.get(since ?? '');
  if (!byUntil) BUILDS.set(since ?? '', (byUntil = new Map()));
  let builds = byUntil.get(until ?? '');
  if (!builds) {
    const build: { -readonly [K in keyof Builds[number]]: Builds[number][K] } = { edition: 'open-source', module: 'haproxy' };
    if (since) build.since = since;
    if (until) build.until = until;
    byUntil.set(until ?? '', (builds = [build]));
  }
  return builds;
}
