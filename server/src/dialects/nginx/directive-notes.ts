/**
 * Collects, during the lowering walk, the directives only some builds of nginx accept, or none:
 * the `directiveNotes` of the model. Blocks whose body is not directives (`map`, `geo`, `types`,
 * `split_clients`, Lua blocks, blocks of modules lb-drift does not know) are never looked into:
 * the walk gives their entries a context that is not checked here.
 */
import type { DirectiveNote } from '../../core/model';
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

/** The places a note is judged in, numbered: the slot of a verdict in `DirectiveNoteCollector.byNameId`. */
const WHERES: readonly KnownWhere[] = [...new Set(Object.values(WHERE))];

export class DirectiveNoteCollector {
  readonly notes: DirectiveNote[] = [];
  private readonly verdicts = new Map<KnownWhere, Map<string, Verdict | null>>();
  /** The file the walk starts from, and whether its top level reads as table entries. */
  private root: NginxTree | undefined;
  private rootIsTable = false;
  /**
   * The root file's tree when it numbers its names (almost always), and the verdicts of its names
   * by name id and place (`nameId * WHERES.length + slot`): one array read per directive of the
   * file instead of two map lookups by string.
   */
  private rootNames: FlatNginxTree | undefined;
  private readonly byNameId: (Verdict | null | undefined)[] = [];

  visit(node: VisitedDirective): void {
    const where = WHERE[node.context];
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
    let verdict: Verdict | null | undefined;
    if (nameId < 0) {
      verdict = this.verdict(tree.name(id), where);
    } else {
      const slot = nameId * WHERES.length + WHERES.indexOf(where);
      verdict = this.byNameId[slot];
      if (verdict === undefined) this.byNameId[slot] = verdict = this.verdict(tree.name(id), where);
    }
    if (verdict === null) return;
    const name = tree.name(id);
    // A plain literal, with the suggestion added after it when there is one: a spread here would
    // copy properties through the runtime for every note, and a large config has tens of thousands.
    const note: { -readonly [K in keyof DirectiveNote]: DirectiveNote[K] } = {
      name,
      loc: { file: node.file, start: tree.nameStart(id), end: tree.nameEnd(id) },
      context: node.context,
      builds: verdict.builds,
    };
    if (verdict.suggestion) note.suggestion = verdict.suggestion;
    this.notes.push(note);
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
