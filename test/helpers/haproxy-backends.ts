/**
 * Generated HAProxy configurations for the rule tests that need many backends: `count` backends
 * written by one function, all routed by one frontend, and the same analysed again after a line
 * is added in that frontend (which moves every backend but not the defaults section).
 */
import { noIncludes } from '../../server/src/core/dialect';
import type { Finding } from '../../server/src/core/finding';
import { analyzeFile } from '../../server/src/engine/analyze';

export const HAPROXY_ROOT = '/etc/haproxy/haproxy.cfg';
export const HAPROXY_OPTIONS = { dialect: 'haproxy' as const };
/** A defaults section with the timeouts HAProxy asks for. */
export const DEFAULTS_HEAD = 'defaults\n    mode http\n    timeout connect 5s\n    timeout client 30s\n    timeout server 30s\n';

/** `count` backends written by `body` (given the backend's number), all routed by one frontend. */
export function backendsConfig(count: number, body: (i: number) => string, head = DEFAULTS_HEAD): string {
  const routes = Array.from({ length: count }, (_, i) => `    use_backend be${i} if { path_beg /b${i}/ }\n`).join('');
  const backends = Array.from({ length: count }, (_, i) => `backend be${i}\n${body(i)}`).join('\n');
  return `${head}\nfrontend www\n    bind :80\n${routes}\n${backends}`;
}

/**
 * Three backends after `head`, analysed, then a line added in the frontend: the findings of that
 * edit's incremental analysis and of a fresh analysis of the edited text, and where the defaults
 * section ends in it.
 */
export function afterFrontendEdit(head: string, body: (i: number) => string): { next: readonly Finding[]; fresh: readonly Finding[]; defaultsEnd: number } {
  const text = backendsConfig(3, body, head);
  const previous = analyzeFile({ path: HAPROXY_ROOT, text }, noIncludes, HAPROXY_OPTIONS);
  const at = text.indexOf('    use_backend be0');
  const edited = `${text.slice(0, at)}    http-request set-header X-Seen 1\n${text.slice(at)}`;
  const next = analyzeFile({ path: HAPROXY_ROOT, text: edited }, noIncludes, { ...HAPROXY_OPTIONS, previous });
  const fresh = analyzeFile({ path: HAPROXY_ROOT, text: edited }, noIncludes, HAPROXY_OPTIONS);
  return { next: next.findings, fresh: fresh.findings, defaultsEnd: edited.indexOf('\nfrontend') };
}
