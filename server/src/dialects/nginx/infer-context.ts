/**
 * Context inference for fragments. nginx reads `conf.d/*.conf` or `sites-enabled/*` through an
 * `include` inside some block, so such a file alone says nothing about where it belongs; its
 * first directives do. A file with `http`, `events`, `user` or `worker_processes` is a main
 * nginx.conf; top-level `server {}` blocks and `upstream`s are http (or stream, when the servers
 * look like TCP proxies); top-level `location`s belong in a server; bare `server addr;` lines are
 * an upstream's members.
 */
import { contextBits } from './context-names';
import { lookupDirective } from './directives';
import type { NginxContext, NginxDirective, NginxFile } from './syntax';

/** Only this many top-level directives are looked at: inference must stay cheap. */
const INFER_LIMIT = 50;

/** Candidates in order of preference; the first one that accepts the most directives wins. */
const CANDIDATES: readonly NginxContext[] = [
  'main',
  'http',
  'server',
  'location',
  'upstream',
  'events',
  'stream',
  'stream-server',
  'stream-upstream',
  'mail',
  'mail-server',
];

/** The same list with stream preferred over http, for files whose servers proxy TCP. */
const STREAM_FIRST: readonly NginxContext[] = ['main', 'stream', ...CANDIDATES.filter((c) => c !== 'main' && c !== 'stream')];

export function inferContext(file: NginxFile): NginxContext {
  const top = file.directives;
  const count = Math.min(top.length, INFER_LIMIT);
  const scores = new Map<NginxContext, number>();
  let known = 0;
  let streamServers = false;
  for (let i = 0; i < count; i++) {
    const directive = top[i]!;
    const uses = lookupDirective(directive.name);
    if (!uses) continue;
    known++;
    if (directive.name === 'server' && directive.block && looksLikeStreamServer(directive)) streamServers = true;
    const hasBlock = directive.block !== undefined;
    const broken = !hasBlock && directive.semicolon === undefined;
    for (const candidate of CANDIDATES) {
      const bits = contextBits(candidate);
      if (uses.some((use) => (use.contexts & bits) !== 0 && (broken || use.block === hasBlock))) {
        scores.set(candidate, (scores.get(candidate) ?? 0) + 1);
      }
    }
  }
  if (known === 0) return 'main';
  let best: NginxContext = 'main';
  let bestScore = -1;
  for (const candidate of streamServers ? STREAM_FIRST : CANDIDATES) {
    const score = scores.get(candidate) ?? 0;
    if (score > bestScore) {
      best = candidate;
      bestScore = score;
    }
  }
  return best;
}

/**
 * A stream server proxies to an upstream name or address without a URL scheme and has no
 * locations; an http server's `proxy_pass` lives in a location and carries `http://`.
 */
function looksLikeStreamServer(server: NginxDirective): boolean {
  let proxies = false;
  for (const child of server.block!.children) {
    if (child.name === 'location') return false;
    if (child.name === 'proxy_pass') {
      const target = child.args[0]?.value ?? '';
      if (target.includes('://')) return false;
      proxies = true;
    }
  }
  return proxies;
}
