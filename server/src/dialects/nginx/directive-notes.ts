/**
 * Collects, during the lowering walk, the directives only some builds of nginx accept, or none:
 * the `directiveNotes` of the model. Blocks whose body is not directives (`map`, `geo`, `types`,
 * `split_clients`, Lua blocks, blocks of modules lb-drift does not know) are never looked into:
 * the walk gives their entries a context that is not checked here.
 */
import type { BuildRequirement, DirectiveNote } from '../../core/model';
import type { Loc } from '../../core/span';
import { directiveBuilds, isPlainDirective, suggestDirective, type DirectiveBuild, type KnownWhere } from './known-directives';
import type { NginxContext } from './syntax';
import { FlatNginxTree } from './flat-tree';
import { NONE, type NginxTree } from './tree';
import type { VisitedDirective } from './walk';

const WHERE: Partial<Record<NginxContext, KnownWhere>> = {
  main: 'main',
  events: 'events',
  http: 'http',
  server: 'http',
  location: 'http',
  if: 'http',
  limit_except: 'http',
  upstream: 'upstream',
  stream: 'stream',
  'stream-server': 'stream',
  'stream-upstream': 'stream-upstream',
  mail: 'mail',
  'mail-server': 'mail',
};

/** What a name means in one place: nothing to note (null), or the builds and a suggestion. */
interface Verdict {
  readonly builds: readonly DirectiveBuild[];
  readonly suggestion?: string;
}

/** The contexts notes are collected in, numbered: the slot of a kind in `DirectiveNoteCollector.byNameId`. */
const CONTEXTS = Object.keys(WHERE) as NginxContext[];

/**
 * What every note of one name in one context says: its name, context, builds and suggestion.
 * Notes share it, so a note itself is three fields.
 */
interface NoteKind {
  readonly name: string;
  readonly context: string;
  readonly builds: readonly BuildRequirement[];
  readonly suggestion?: string;
}

/** The tree and file notes were read from: one object for all the notes of a file. */
interface NoteSite {
  readonly tree: NginxTree;
  readonly file: string;
}

/**
 * A directive note as collected: its kind (shared), where it was read, and its location, made
 * the first time it is read. A large config has tens of thousands of notes and every one lives
 * as long as the model, while rules read the location only of the notes they report: a note was
 * a literal of four fields and a location (104 bytes), it is now 56 bytes until its location is
 * read. The fields are getters on the prototype, so a spread copy (`{ ...note }`) does not see
 * them: `noteData` gives a note as plain data.
 */
export class CollectedNote implements DirectiveNote {
  readonly #kind: NoteKind;
  readonly #site: NoteSite;
  readonly #id: number;
  #loc: Loc | undefined;

  constructor(kind: NoteKind, site: NoteSite, id: number) {
    this.#kind = kind;
    this.#site = site;
    this.#id = id;
  }

  get name(): string {
    return this.#kind.name;
  }
  get context(): string {
    return this.#kind.context;
  }
  get builds(): readonly BuildRequirement[] {
    return this.#kind.builds;
  }
  get suggestion(): string | undefined {
    return this.#kind.suggestion;
  }
  get loc(): Loc {
    const { tree, file } = this.#site;
    return (this.#loc ??= { file, start: tree.nameStart(this.#id), end: tree.nameEnd(this.#id) });
  }

  /** The note as plain data, as JSON shows it (the fields in the order a literal note had them). */
  toJSON(): DirectiveNote {
    return noteData(this);
  }
}

/** A note's fields as plain data, in the order JSON shows them: `suggestion` and `replacement` only when present. */
export function noteData(note: DirectiveNote): DirectiveNote {
  const data: { -readonly [K in keyof DirectiveNote]: DirectiveNote[K] } = { name: note.name, loc: note.loc, context: note.context, builds: note.builds };
  if (note.suggestion !== undefined) data.suggestion = note.suggestion;
  if (note.replacement !== undefined) data.replacement = note.replacement;
  return data;
}

export class DirectiveNoteCollector {
  readonly notes: DirectiveNote[] = [];
  private readonly verdicts = new Map<KnownWhere, Map<string, Verdict | null>>();
  /** Note kinds by context and name, for directives of trees that do not number their names. */
  private readonly kinds = new Map<string, Map<string, NoteKind | null>>();
  /** The file the walk starts from, and whether its top level reads as table entries. */
  private root: NginxTree | undefined;
  private rootIsTable = false;
  /**
   * The root file's tree when it numbers its names (almost always), and the kinds of its notes
   * by name id and context (`nameId * CONTEXTS.length + slot`, null for no note): one array read
   * per directive of the file instead of map lookups by string.
   */
  private rootNames: FlatNginxTree | undefined;
  private readonly byNameId: (NoteKind | null | undefined)[] = [];
  /** The site of the notes read last (the root file's, almost always). */
  private site: NoteSite | undefined;
  /**
   * The context of the directive visited last, what it is judged as and its number in CONTEXTS:
   * directives come in runs of one context, and comparing the context with the last one costs
   * less than looking it up twice (about 4% of a large configuration's lowering).
   */
  private lastContext: NginxContext | undefined;
  private lastWhere: KnownWhere | undefined;
  private lastSlot = -1;

  visit(node: VisitedDirective): void {
    const context = node.context;
    if (context !== this.lastContext) {
      this.lastContext = context;
      this.lastWhere = WHERE[context];
      this.lastSlot = CONTEXTS.indexOf(context);
    }
    const where = this.lastWhere;
    if (where === undefined) return;
    const { tree, id } = node;
    if (this.root === undefined) {
      this.root = tree;
      this.rootIsTable = looksLikeTableBody(tree);
      if (tree instanceof FlatNginxTree) this.rootNames = tree;
    }
    if (this.rootIsTable && tree === this.root) return;
    const names = this.rootNames;
    const nameId = names !== undefined && tree === names ? names.nameId(id) : -1;
    let kind: NoteKind | null | undefined;
    if (nameId < 0) {
      kind = this.kindOf(tree.name(id), where, context);
    } else {
      const slot = nameId * CONTEXTS.length + this.lastSlot;
      kind = this.byNameId[slot];
      if (kind === undefined) this.byNameId[slot] = kind = this.kindOf(tree.name(id), where, context);
    }
    if (kind === null) return;
    let site = this.site;
    if (site === undefined || site.tree !== tree || site.file !== node.file) this.site = site = { tree, file: node.file };
    this.notes.push(new CollectedNote(kind, site, id));
  }

  /** The kind of the notes of `name` in `context` (judged in `where`), or null when it has none. */
  private kindOf(name: string, where: KnownWhere, context: NginxContext): NoteKind | null {
    let byName = this.kinds.get(context);
    if (!byName) this.kinds.set(context, (byName = new Map()));
    let kind = byName.get(name);
    if (kind === undefined) {
      const verdict = this.verdict(name, where);
      kind = verdict === null ? null : { name, context, builds: verdict.builds, ...(verdict.suggestion ? { suggestion: verdict.suggestion } : {}) };
      byName.set(name, kind);
    }
    return kind;
  }

  private verdict(name: string, where: KnownWhere): Verdict | null {
    let byName = this.verdicts.get(where);
    if (!byName) this.verdicts.set(where, (byName = new Map()));
    let verdict = byName.get(name);
    if (verdict === undefined) {
      verdict = judge(name, where);
      byName.set(name, verdict);
    }
    return verdict;
  }
}

/**
 * A fragment checked on its own may be the body of a `map`, `geo`, `types` or `match` block that a
 * main config includes there (`10.0.0.0/8 1;`, `~^/old /new;`): when most of its top-level names
 * are no directive of today, its lines are table entries, not typos.
 */
function looksLikeTableBody(tree: NginxTree): boolean {
  let known = 0;
  let unknown = 0;
  for (let d = tree.firstRoot; d !== NONE && known + unknown < 64; d = tree.nextSibling(d)) {
    // A name some release removed (`status`, gone since 1.1.8) is no evidence of directives.
    const builds = directiveBuilds(tree.name(d), 'main');
    if (builds?.some((b) => b.until === undefined)) known++;
    else unknown++;
  }
  return unknown > known;
}

function judge(name: string, where: KnownWhere): Verdict | null {
  const builds = directiveBuilds(name, where);
  if (builds === undefined) {
    const suggestion = suggestDirective(name, where);
    return { builds: [], ...(suggestion ? { suggestion } : {}) };
  }
  return isPlainDirective(builds) ? null : { builds };
}
