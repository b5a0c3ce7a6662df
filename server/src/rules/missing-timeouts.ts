import type { Pool } from '../core/model';
import { defineRule, type RuleContext } from '../core/rule';
import { headerEnd, lineBreakOf, proxyLabel } from './haproxy/common';

/** Conventional values, the ones HAProxy's own example configurations use. */
const CONVENTIONAL: Readonly<Record<string, string>> = { connect: '5s', client: '30s', server: '30s' };

/** The timeouts a backend needs, and a listen section (which is also its own frontend), in the order messages name them. */
const BACKEND_TIMEOUTS: readonly string[] = ['connect', 'server'];
const LISTEN_TIMEOUTS: readonly string[] = ['connect', 'client', 'server'];

const rule = defineRule({
  meta: {
    id: 'missing-timeouts',
    // Per pool: besides the pool it reads only whether the file has global and defaults sections,
    // which only a section header changes, and HAProxy analyses an edit of a header whole.
    scope: 'pool',
    title: 'A proxy without timeout connect, client or server',
    severity: 'warning',
    dialects: ['haproxy'],
    fixable: 'safe',
    options: {},
    docs: {
      whatItDoes:
        'Reports a HAProxy backend without `timeout connect` or `timeout server`, or a `listen` section without those or `timeout client`, after inheritance from its defaults section (the last one before it, or the one it names with `from`).',
      whyItMatters:
        'A missing timeout is infinite: a server that accepts connections and never answers holds each request, and its connection slot, forever, until HAProxy runs out of connections. HAProxy starts anyway and only warns "missing timeouts" in its log.',
      example:
        'defaults\n    mode http\n    timeout client 30s\n\nfrontend www\n    bind :80\n    default_backend app\n\nbackend app\n    server web1 10.0.0.1:80 check\n    server web2 10.0.0.2:80 check',
      fix: 'Set the missing timeouts in the defaults section every proxy inherits (the quick fix adds them to the proxy with conventional values: connect 5s, client 30s, server 30s).',
      references: ['https://docs.haproxy.org/2.6/configuration.html#4-timeout%20connect', 'https://docs.haproxy.org/2.6/configuration.html#4-timeout%20server'],
    },
  },
  check(context) {
    // A fragment (no global, no defaults section) inherits its timeouts from a file loaded before it.
    if (!context.model.facts['global section'] && !context.model.facts['defaults section']) return;
    for (const pool of context.model.pools) {
      if (pool.dialect !== 'haproxy' || pool.kind !== 'members') continue;
      // A backend uses the client timeout of the frontend that sent the request. Looked up by
      // constant names first: almost every proxy has them all, and needs no list made.
      const listen = pool.context === 'listen';
      const { facts } = pool;
      if (facts['timeout connect'] && facts['timeout server'] && (!listen || facts['timeout client'])) continue;
      reportMissing(context, pool, listen);
    }
  },
});

/**
 * Reports the timeouts a proxy lacks. A function of its own: its callbacks capture the pool, and
 * written in the rule's loop they made the loop allocate a context for every proxy it read,
 * though nearly every proxy has its timeouts and is not reported.
 */
function reportMissing(context: RuleContext, pool: Pool, listen: boolean): void {
  const { facts } = pool;
  const missing = (listen ? LISTEN_TIMEOUTS : BACKEND_TIMEOUTS).filter((name) => !facts[`timeout ${name}`]);
  const at = headerEnd(context.sources.get(pool.loc.file) ?? '', pool.nameLoc.end);
  const lines = missing.map((name) => `${lineBreakOf(context.sources.get(pool.loc.file) ?? '')}    timeout ${name} ${CONVENTIONAL[name]}`).join('');
  const names = missing.map((name) => `timeout ${name}`);
  context.report({
    message: `${proxyLabel(pool)} has no ${names.join(', ').replace(/, ([^,]*)$/, ' or $1')}, here or in its defaults: ${missing.length === 1 ? 'it is' : 'they are'} infinite, so a server that accepts a connection and never answers holds the request and its connection slot forever. Set ${missing.length === 1 ? 'it' : 'them'} (conventional: ${missing.map((n) => `${n} ${CONVENTIONAL[n]}`).join(', ')}).`,
    loc: pool.nameLoc,
    fixes: [{ title: `Add ${names.join(', ')} to ${proxyLabel(pool)} (${missing.map((n) => CONVENTIONAL[n]).join(', ')})`, safety: 'safe', intents: [{ kind: 'edit', edits: [{ loc: { file: pool.loc.file, start: at, end: at }, newText: lines }] }] }],
  });
}

export default rule;
