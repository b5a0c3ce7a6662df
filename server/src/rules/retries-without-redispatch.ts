import type { Fix } from '../core/fix';
import { defineRule } from '../core/rule';
import { proxyLabel } from './haproxy/common';

/** HAProxy's default `retries`. */
const DEFAULT_RETRIES = 3;

const rule = defineRule({
  meta: {
    id: 'retries-without-redispatch',
    scope: 'pool',
    title: 'Retries go back to the server that just failed',
    severity: 'warning',
    dialects: ['haproxy'],
    fixable: 'safe',
    options: {},
    docs: {
      whatItDoes:
        'Reports a HAProxy backend of several servers that retries failed connections (`retries`, 3 by default) without `option redispatch`: as a warning when something pins requests to one server (`cookie` persistence or `stick on`), as info otherwise.',
      whyItMatters:
        'Without `option redispatch`, HAProxy retries a failed connection on the same server: a request whose cookie or stick-table entry names a dead server gets `retries` attempts at that dead server and then a 503, although other servers are up; without persistence, each retry still waits on the server that just refused. `option redispatch` lets the last retry go to another server.',
      example:
        'defaults\n    mode http\n    timeout connect 5s\n    timeout client 30s\n    timeout server 30s\n\nbackend app\n    retries 3\n    cookie SRV insert indirect nocache\n    server web1 10.0.0.1:80 check cookie w1\n    server web2 10.0.0.2:80 check cookie w2',
      fix: 'Add `option redispatch` to the backend or its defaults section (the quick fix adds it to the backend).',
      references: ['https://docs.haproxy.org/2.6/configuration.html#4-option%20redispatch', 'https://docs.haproxy.org/2.6/configuration.html#4-retries'],
    },
  },
  check(context) {
    for (const pool of context.model.pools) {
      if (pool.dialect !== 'haproxy' || pool.kind !== 'members' || pool.facts['option redispatch']) continue;
      const pinned = pool.facts.cookie ?? pool.facts.stick;
      const up = pool.members.filter((m) => m.state === 'up').length;
      if (up < 2) continue;
      const written = pool.facts.retries;
      const retries = written && /^\d+$/.test(written.value) ? Number(written.value) : DEFAULT_RETRIES;
      if (retries === 0) continue;
      const how = pool.facts.cookie ? `cookie ${pool.facts.cookie.value}` : pool.facts.stick ? `stick ${pool.facts.stick.value}` : undefined;
      // At the end of the section, so that it follows any `no option redispatch` (the last line wins).
      const at = sectionEnd(context.sources.get(pool.loc.file) ?? '', pool.loc.start, pool.loc.end);
      const fix: Fix = { title: `Add option redispatch to ${proxyLabel(pool)}`, safety: 'safe', intents: [{ kind: 'edit', edits: [{ loc: { file: pool.loc.file, start: at, end: at }, newText: '\n    option redispatch' }] }] };
      const times = `${retries} time${retries === 1 ? '' : 's'}${written ? '' : ' (the default)'}`;
      const others = `${up - 1} other server${up === 2 ? ' is' : 's are'} up`;
      const related = [written, pinned].filter((f) => f !== undefined).map((f) => ({ loc: f.loc, message: f === written ? `retries ${retries}` : 'requests pinned here' }));
      context.report({
        message: how
          ? `${proxyLabel(pool)} pins requests to a server (${how}) and retries ${times} without option redispatch: a request pinned to a dead server spends every retry on it and fails with 503 while ${others}. Add option redispatch.`
          : `${proxyLabel(pool)} retries a failed connection ${times} without option redispatch: every retry goes to the server that just failed, while ${others}. Add option redispatch so the last retry goes elsewhere.`,
        loc: pool.nameLoc,
        related,
        fixes: [fix],
        ...(how ? {} : { severity: 'info' as const }),
      });
    }
  },
});

/** The end of a section's last line that is not blank or a comment. */
function sectionEnd(text: string, start: number, end: number): number {
  const lines = text.slice(start, end).split('\n');
  let offset = end;
  for (let i = lines.length - 1; i > 0; i--) {
    const line = lines[i]!;
    const trimmed = line.trim();
    if (trimmed !== '' && !trimmed.startsWith('#')) return offset - (line.length - line.trimEnd().length);
    offset -= line.length + 1;
  }
  return headerEnd(text, start);
}

/** The end of the section header line (after any comment, before its line break). */
export function headerEnd(text: string, from: number): number {
  let end = from;
  while (end < text.length && text[end] !== '\n' && text[end] !== '\r') end++;
  while (end > from && (text[end - 1] === ' ' || text[end - 1] === '\t')) end--;
  return end;
}

export default rule;
