/**
 * nginx syntax -> balancer model. One walk over the configuration (includes followed) collects
 * upstream blocks, split_clients blocks, the `*_pass` references and global facts; references are
 * resolved to pools once every pool is known, because nginx allows use before definition.
 */
import type { DialectAnalysis, SourceFile, SourceLoader } from '../../core/dialect';
import type { ParseProblem } from '../../core/finding';
import type { FactValue, Pool, Reference, ReferenceKind } from '../../core/model';
import { loc } from '../../core/span';
import { passTarget } from './addresses';
import { SplitClientsCollector } from './split-clients';
import type { NginxContext } from './syntax';
import { UpstreamCollector } from './upstream-pool';
import { walkNginx, type VisitedDirective } from './walk';

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

interface PendingReference extends Omit<Reference, 'pool'> {
  /** Only set for references written as a bare `$variable` host (a split_clients result). */
  readonly variable?: boolean;
}

export function analyzeNginx(root: SourceFile, loader: SourceLoader): DialectAnalysis {
  const problems: ParseProblem[] = [];
  const pools: Pool[] = [];
  const references: PendingReference[] = [];
  const facts: Record<string, FactValue> = {};
  let upstream: UpstreamCollector | undefined;
  let split: SplitClientsCollector | undefined;

  const walk = walkNginx(root, loader, {
    enter(node) {
      const { directive, context } = node;
      const top = topContext(context);
      if (context === 'upstream' || context === 'stream-upstream') {
        upstream?.add(node);
        return;
      }
      if (context === 'split_clients') {
        split?.add(node);
        return;
      }
      if (directive.name === 'upstream' && directive.block && top) {
        upstream = new UpstreamCollector(node, top, problems);
        return;
      }
      if (directive.name === 'split_clients' && directive.block && top) {
        split = new SplitClientsCollector(node, top, problems);
        return;
      }
      if (context === 'main' && directive.name === 'worker_processes' && directive.args[0]) {
        facts.worker_processes = { value: directive.args[0].value, loc: node.loc };
        return;
      }
      if (PASS_DIRECTIVES.has(directive.name) && top) {
        const reference = passReference(node, top);
        if (reference) references.push(reference);
      }
    },
    leave(node) {
      if (node.directive.name === 'upstream' && upstream) {
        pools.push(upstream.finish());
        upstream = undefined;
      } else if (node.directive.name === 'split_clients' && split) {
        pools.push(split.finish());
        split = undefined;
      }
    },
  });

  problems.unshift(...walk.problems);
  return {
    model: {
      dialect: 'nginx',
      root: root.path,
      pools,
      references: resolveReferences(references, pools),
      facts,
    },
    problems: dedupe(problems),
    sources: walk.sources,
  };
}

function topContext(context: NginxContext): 'http' | 'stream' | undefined {
  if (HTTP_CONTEXTS.has(context)) return 'http';
  if (STREAM_CONTEXTS.has(context)) return 'stream';
  return undefined;
}

function passReference(node: VisitedDirective, top: 'http' | 'stream'): PendingReference | undefined {
  const arg = node.directive.args[0];
  if (!arg) return undefined;
  const target = passTarget(arg.value);
  if (!target) return undefined;
  const variable = /^\$\{?\w+\}?$/.test(target.host);
  if (target.dynamic && !variable) return undefined;
  // The value may differ from the text (quotes, escapes); point at the host when they agree.
  const raw = arg.quote ? arg.span.start + 1 : arg.span.start;
  const exact = arg.quote === null && !arg.value.includes('\\');
  const nameLoc = exact
    ? loc(node.file, { start: raw + target.hostOffset, end: raw + target.hostOffset + target.host.length })
    : loc(node.file, arg.span);
  return {
    kind: node.directive.name as ReferenceKind,
    name: variable ? target.host.replace(/[{}]/g, '') : target.host,
    context: top,
    loc: node.loc,
    nameLoc,
    ...(variable ? { variable: true } : {}),
  };
}

/**
 * Points each reference at the pool it uses. A `proxy_pass http://$variant` whose variable is set
 * by split_clients uses that split, and through it every upstream its values name.
 */
function resolveReferences(pending: readonly PendingReference[], pools: readonly Pool[]): Reference[] {
  const byName = new Map<string, Pool>();
  for (const pool of pools) byName.set(`${pool.context}\u0000${pool.name}`, pool);
  const resolved: Reference[] = [];
  const usedSplits = new Set<Pool>();
  for (const { variable, ...reference } of pending) {
    const pool = byName.get(`${reference.context}\u0000${reference.name}`);
    if (variable && pool?.kind === 'split') usedSplits.add(pool);
    resolved.push(pool && (!variable || pool.kind === 'split') ? { ...reference, pool: pool.key } : reference);
  }
  for (const split of usedSplits) {
    for (const member of split.members) {
      const target = byName.get(`${split.context}\u0000${member.address}`);
      if (target && target.kind === 'members') {
        resolved.push({
          kind: 'split-target',
          name: member.address,
          context: split.context,
          loc: member.loc,
          nameLoc: member.addressLoc,
          pool: target.key,
        });
      }
    }
  }
  return resolved;
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
