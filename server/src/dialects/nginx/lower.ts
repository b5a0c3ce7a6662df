/**
 * nginx syntax -> balancer model. One walk over the configuration (includes followed) collects
 * upstream blocks, split_clients blocks, the `*_pass` references and global facts; references are
 * resolved to pools once every pool is known, because nginx allows use before definition.
 */
import type { DialectAnalysis, SourceFile, SourceLoader } from '../../core/dialect';
import type { ParseProblem } from '../../core/finding';
import type { FactValue, Pool, ReferenceKind } from '../../core/model';
import { DirectiveNoteCollector } from './directive-notes';
import { readReference, resolveReferences } from './references';
import { SplitClientsCollector } from './split-clients';
import type { NginxContext } from './syntax';
import { UpstreamCollector } from './upstream-pool';
import { directiveLoc, walkNginx, type RootParse } from './walk';

const PASS_DIRECTIVES: ReadonlySet<string> = new Set<ReferenceKind>([
  'proxy_pass',
  'grpc_pass',
  'fastcgi_pass',
  'uwsgi_pass',
  'scgi_pass',
  'memcached_pass',
]);

const HTTP_CONTEXTS: ReadonlySet<NginxContext> = new Set(['http', 'server', 'location', 'if', 'limit_except', 'upstream']);
const STREAM_CONTEXTS: ReadonlySet<NginxContext> = new Set(['stream', 'stream-server', 'stream-upstream']);

/** What an incremental re-analysis of the next version starts from (incremental.ts). */
export interface NginxIncrementalState {
  readonly root: RootParse;
  readonly rootContext: NginxContext;
}

export function analyzeNginx(root: SourceFile, loader: SourceLoader, rootParse?: RootParse): DialectAnalysis {
  const problems: ParseProblem[] = [];
  const pools: Pool[] = [];
  const references: NonNullable<ReturnType<typeof readReference>>[] = [];
  const facts: Record<string, FactValue> = {};
  let upstream: UpstreamCollector | undefined;
  let split: SplitClientsCollector | undefined;
  const notes = new DirectiveNoteCollector();

  const walk = walkNginx(root, loader, {
    enter(node) {
      const { tree, id, context } = node;
      notes.visit(node);
      if (context === 'upstream' || context === 'stream-upstream') {
        upstream?.add(node);
        return;
      }
      if (context === 'split_clients') {
        split?.add(node);
        return;
      }
      const name = tree.name(id);
      const top = topContext(context);
      if (name === 'upstream' && tree.hasBlock(id) && top) {
        upstream = new UpstreamCollector(node, top, problems);
      } else if (name === 'split_clients' && tree.hasBlock(id) && top) {
        split = new SplitClientsCollector(node, top, problems);
      } else if (context === 'main' && name === 'worker_processes' && tree.argCount(id) > 0) {
        facts.worker_processes = { value: tree.argValue(id, 0), loc: directiveLoc(node) };
      } else if (PASS_DIRECTIVES.has(name) && top) {
        const reference = readReference(node, name as ReferenceKind, top);
        if (reference) references.push(reference);
      }
    },
    leave(node) {
      const name = node.tree.name(node.id);
      if (name === 'upstream' && upstream) {
        pools.push(upstream.finish());
        upstream = undefined;
      } else if (name === 'split_clients' && split) {
        pools.push(split.finish());
        split = undefined;
      }
    },
  }, rootParse);

  problems.unshift(...walk.problems);
  const incremental: NginxIncrementalState = { root: walk.root, rootContext: walk.rootContext };
  return {
    model: {
      dialect: 'nginx',
      root: root.path,
      pools,
      references: resolveReferences(references, pools),
      facts,
      complete: walk.rootContext === 'main',
      directiveNotes: notes.notes,
    },
    problems: dedupe(problems),
    sources: walk.sources,
    incremental,
  };
}

function topContext(context: NginxContext): 'http' | 'stream' | undefined {
  if (HTTP_CONTEXTS.has(context)) return 'http';
  if (STREAM_CONTEXTS.has(context)) return 'stream';
  return undefined;
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
