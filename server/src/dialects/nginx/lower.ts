/**
 * nginx syntax -> balancer model. One walk over the configuration (includes followed) collects
 * upstream blocks, split_clients blocks, the `*_pass` references and global facts; references are
 * resolved to pools once every pool is known, because nginx allows use before definition.
 */
import type { DialectAnalysis, SourceFile, SourceLoader } from '../../core/dialect';
import type { ParseProblem } from '../../core/finding';
import type { DirectiveNote, FactValue, Pool, ReferenceKind } from '../../core/model';
import { DirectiveNoteCollector } from './directive-notes';
import { PoolIndex, readReference, resolveReferences, type NginxReference } from './references';
import { SplitClientsCollector } from './split-clients';
import type { NginxContext, NginxSyntaxError } from './syntax';
import { UpstreamCollector } from './upstream-pool';
import { directiveLoc, walkNginx, type NginxVisitor, type RootParse, type VisitedDirective, type WalkResult } from './walk';

const PASS_DIRECTIVES: ReadonlySet<string> = new Set<ReferenceKind>([
  'proxy_pass',
  'grpc_pass',
  'fastcgi_pass',
  'uwsgi_pass',
  'scgi_pass',
  'memcached_pass',
]);


/** What an incremental re-analysis of the next version starts from (incremental.ts). */
export interface NginxIncrementalState {
  readonly root: RootParse;
  readonly rootContext: NginxContext;
  /** What lowering found, in walk order, before `dedupe` joined it to the walk's problems. */
  readonly lowering: LoweringParts;
  /** Whether this analysis lowered only the block the edit was in ('block') or everything. */
  readonly lowered: 'block' | 'whole';
  /** The root file's context errors, so the next version checks only the block it re-reads. */
  readonly contextErrors: readonly NginxSyntaxError[];
  /** What references resolve against; the next version keeps it when the edit left pool names alone. */
  readonly poolIndex: PoolIndex;
}

/** The lowering's own results, kept apart so that the next version can reuse them (incremental-lower.ts). */
export interface LoweringParts {
  readonly problems: readonly ParseProblem[];
  readonly references: readonly NginxReference[];
}

export function analyzeNginx(root: SourceFile, loader: SourceLoader, rootParse?: RootParse): DialectAnalysis {
  const lowering = new NginxLowering();
  const walk = walkNginx(root, loader, lowering, rootParse);
  return nginxAnalysis(root.path, walk, walk.problems, lowering, lowering.facts, 'whole');
}

/** The analysis from a walk's results and the lowering's; shared with the incremental path. */
export function nginxAnalysis(
  path: string,
  walk: WalkResult,
  walkProblems: readonly ParseProblem[],
  parts: { readonly pools: readonly Pool[]; readonly references: readonly NginxReference[]; readonly problems: readonly ParseProblem[]; readonly notes: readonly DirectiveNote[] },
  facts: Record<string, FactValue>,
  lowered: 'block' | 'whole',
  /** The previous version's index, when the edit left the pool names alone: only new references are resolved. */
  carriedIndex?: PoolIndex,
): DialectAnalysis {
  const poolIndex = carriedIndex ?? new PoolIndex(parts.pools);
  const references = resolveReferences(parts.references, parts.pools, poolIndex, carriedIndex !== undefined);
  const incremental: NginxIncrementalState = {
    root: walk.root,
    rootContext: walk.rootContext,
    lowering: { problems: parts.problems, references: references.references },
    lowered,
    contextErrors: walk.rootContextErrors,
    poolIndex,
  };
  return {
    model: {
      dialect: 'nginx',
      root: path,
      pools: parts.pools as Pool[],
      references: references.all,
      facts,
      complete: walk.rootContext === 'main',
      directiveNotes: parts.notes as DirectiveNote[],
    },
    problems: dedupe([...walkProblems, ...parts.problems]),
    sources: walk.sources,
    incremental,
  };
}

/**
 * The walk's visitor: collects upstream blocks, split_clients blocks, the `*_pass` references,
 * directive notes and global facts, in walk order.
 */
export class NginxLowering implements NginxVisitor {
  readonly problems: ParseProblem[] = [];
  readonly pools: Pool[] = [];
  readonly references: NginxReference[] = [];
  readonly facts: Record<string, FactValue> = {};
  /** The upstream block being read, if any: `upstreams` while it is. */
  private upstream: UpstreamCollector | undefined;
  private readonly upstreams = new UpstreamCollector(this.problems);
  private split: SplitClientsCollector | undefined;
  private readonly noteCollector = new DirectiveNoteCollector();

  get notes(): DirectiveNote[] {
    return this.noteCollector.notes;
  }

  enter(node: VisitedDirective): void {
    const { tree, id, context } = node;
    this.noteCollector.visit(node);
    if (context === 'upstream' || context === 'stream-upstream') {
      this.upstream?.add(node);
      return;
    }
    if (context === 'split_clients') {
      this.split?.add(node);
      return;
    }
    const top = topContext(context);
    // Outside http and stream only the main context's worker_processes is read: the entries of
    // map, geo and types blocks, events and mail are passed by without looking at their names.
    if (top === undefined) {
      if (context === 'main' && tree.argCount(id) > 0 && tree.name(id) === 'worker_processes') {
        this.facts.worker_processes = { value: tree.argValue(id, 0), loc: directiveLoc(node) };
      }
      return;
    }
    const name = tree.name(id);
    if (name === 'upstream' && tree.hasBlock(id)) {
      this.upstream = this.upstreams.start(node, top);
    } else if (name === 'split_clients' && tree.hasBlock(id)) {
      this.split = new SplitClientsCollector(node, top, this.problems);
    } else if (PASS_DIRECTIVES.has(name)) {
      const reference = readReference(node, name as ReferenceKind, top);
      if (reference) this.references.push(reference);
    }
  }

  leave(node: VisitedDirective): void {
    if (this.upstream === undefined && this.split === undefined) return;
    const name = node.tree.name(node.id);
    if (name === 'upstream' && this.upstream) {
      this.pools.push(this.upstream.finish());
      this.upstream = undefined;
    } else if (name === 'split_clients' && this.split) {
      this.pools.push(this.split.finish());
      this.split = undefined;
    }
  }
}

export function topContext(context: NginxContext): 'http' | 'stream' | undefined {
  switch (context) {
    case 'http':
    case 'server':
    case 'location':
    case 'if':
    case 'limit_except':
    case 'upstream':
      return 'http';
    case 'stream':
    case 'stream-server':
    case 'stream-upstream':
      return 'stream';
    default:
      return undefined;
  }
}

function dedupe(problems: ParseProblem[]): ParseProblem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = `${p.loc.file}\u0000${p.loc.start}\u0000${p.loc.end}\u0000${p.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
