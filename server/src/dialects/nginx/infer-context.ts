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
import type { NginxContext } from './syntax';
import { NONE, type NginxTree } from './tree';

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

export function inferContext(tree: NginxTree): NginxContext {
  const scores = new Map<NginxContext, number>();
  let known = 0;
  let streamServers = false;
  let seen = 0;
  for (let d = tree.firstRoot; d !== NONE && seen < INFER_LIMIT; d = tree.nextSibling(d), seen++) {
    const name = tree.name(d);
    const uses = lookupDirective(name);
    if (!uses) continue;
    known++;
    const hasBlock = tree.hasBlock(d);
    if (name === 'server' && hasBlock && looksLikeStreamServer(tree, d)) streamServers = true;
    const broken = !hasBlock && tree.semicolon(d) === NONE;
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
function looksLikeStreamServer(tree: NginxTree, server: number): boolean {
  let proxies = false;
  for (let child = tree.firstChild(server); child !== NONE; child = tree.nextSibling(child)) {
    const name = tree.name(child);
    if (name === 'location') return false;
    if (name === 'proxy_pass') {
      const target = tree.argCount(child) > 0 ? tree.argValue(child, 0) : '';
      if (target.includes('://')) return false;
      proxies = true;
    }
  }
  return proxies;
}
