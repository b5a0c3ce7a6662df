/**
 * Collects, during the lowering walk, the directives only some builds of nginx accept, or none:
 * the `directiveNotes` of the model. Blocks whose body is not directives (`map`, `geo`, `types`,
 * `split_clients`, Lua blocks, blocks of modules lb-drift does not know) are never looked into:
 * the walk gives their entries a context that is not checked here.
 */
import type { DirectiveNote } from '../../core/model';
import { directiveBuilds, isPlainDirective, suggestDirective, type DirectiveBuild, type KnownWhere } from './known-directives';
import type { NginxContext } from './syntax';
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

export class DirectiveNoteCollector {
  readonly notes: DirectiveNote[] = [];
  private readonly verdicts = new Map<KnownWhere, Map<string, Verdict | null>>();

  visit(node: VisitedDirective): void {
    const where = WHERE[node.context];
    if (where === undefined) return;
    const { tree, id } = node;
    const name = tree.name(id);
    const verdict = this.verdict(name, where);
    if (verdict === null) return;
    this.notes.push({
      name,
      loc: { file: node.file, start: tree.nameStart(id), end: tree.nameEnd(id) },
      context: node.context,
      builds: verdict.builds,
      ...(verdict.suggestion ? { suggestion: verdict.suggestion } : {}),
    });
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

function judge(name: string, where: KnownWhere): Verdict | null {
  const builds = directiveBuilds(name, where);
  if (builds === undefined) {
    const suggestion = suggestDirective(name, where);
    return { builds: [], ...(suggestion ? { suggestion } : {}) };
  }
  return isPlainDirective(builds) ? null : { builds };
}
