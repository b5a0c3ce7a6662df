import type { Fix, TextEdit } from '../core/fix';
import type { Loc } from '../core/span';
import type { FactValue, Pool } from '../core/model';
import { defineRule, type RuleContext } from '../core/rule';
import { headerEnd, lineBreakOf, proxyLabel } from './haproxy/common';

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
    options: {
      unpinned: {
        type: 'boolean',
        default: false,
        description:
          'Also report backends that pin nothing (no cookie, no stick table), as info. Off by default: there a retry still reaches the failed server only for a connection-level failure, and most multi-server backends would be reported.',
      },
    },
    docs: {
      whatItDoes:
        'Reports a HAProxy backend of several servers that retries failed connections (`retries`, 3 by default) without `option redispatch` when something pins requests to one server (`cookie` persistence or `stick on`), as a warning, and a section that switches redispatch off itself (`no option redispatch`). Backends that pin nothing are reported, as info, only with the option `unpinned: true`.',
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
      // Counted without a list: nearly every backend has servers up and is read no further.
      let up = 0;
      for (const m of pool.members) if (m.state === 'up') up++;
      if (up < 2) continue;
      const written = pool.facts.retries;
      const retries = written && /^\d+$/.test(written.value) ? Number(written.value) : DEFAULT_RETRIES;
      if (retries === 0) continue;
      reportRetries(context, pool, up, written, retries);
    }
  },
});

/**
 * Turns the section's own last `no option redispatch` into `option redispatch` (HAProxy keeps the
 * last setting, so a line added before it would change nothing); otherwise adds the option on a
 * new line after the section header, where it overrides the defaults.
 */
function redispatchEdit(text: string, section: Loc): { edit: TextEdit; negation?: Loc } {
  const body = text.slice(section.start, section.end);
  let last: RegExpExecArray | undefined;
  for (const match of body.matchAll(/^[ \t]*(no[ \t]+)option[ \t]+redispatch[ \t]*(?:#.*)?$/gm)) last = match as RegExpExecArray;
  if (last) {
    const start = section.start + last.index + last[0].indexOf(last[1]!);
    const lineStart = section.start + last.index;
    return {
      edit: { loc: { file: section.file, start, end: start + last[1]!.length }, newText: '' },
      negation: { file: section.file, start: lineStart, end: lineStart + last[0].trimEnd().length },
    };
  }
  const at = headerEnd(text, section.start);
  return { edit: { loc: { file: section.file, start: at, end: at }, newText: `${lineBreakOf(text)}    option redispatch` } };
}

/**
 * Reports a backend that retries without redispatch, unless it is unpinned and the rule is not
 * asked about those. A function of its own: its callbacks capture the pool and its facts, and in
 * the rule's loop they made the loop allocate a context for every backend it read.
 */
function reportRetries(context: RuleContext, pool: Pool, up: number, written: FactValue | undefined, retries: number): void {
  const pinned = pool.facts.cookie ?? pool.facts.stick;
  const how = pool.facts.cookie ? `cookie ${pool.facts.cookie.value}` : pool.facts.stick ? `stick ${pool.facts.stick.value}` : undefined;
  const { edit, negation } = redispatchEdit(context.sources.get(pool.loc.file) ?? '', pool.loc);
  if (!how && !negation && context.options.unpinned !== true) return;
  const fix: Fix = { title: `${negation ? 'Switch on' : 'Add'} option redispatch ${negation ? 'in' : 'to'} ${proxyLabel(pool)}`, safety: 'safe', intents: [{ kind: 'edit', edits: [edit] }] };
  const times = `${retries} time${retries === 1 ? '' : 's'}${written ? '' : ' (the default)'}`;
  const others = `${up - 1} other server${up === 2 ? ' is' : 's are'} up`;
  const related = [written, pinned].filter((f) => f !== undefined).map((f) => ({ loc: f.loc, message: f === written ? `retries ${retries}` : 'requests pinned here' }));
  context.report({
    message: how
      ? `${proxyLabel(pool)} pins requests to a server (${how}) and retries ${times} without option redispatch: a request pinned to a dead server spends every retry on it and fails with 503 while ${others}. Add option redispatch.`
      : `${proxyLabel(pool)} retries a failed connection ${times} without option redispatch: every retry goes to the server that just failed, while ${others}. Add option redispatch so the last retry goes elsewhere.`,
    // Where the section itself switches redispatch off, the finding (and its fix) is on that line.
    loc: negation ?? pool.nameLoc,
    related,
    fixes: [fix],
    ...(how ? {} : { severity: 'info' as const }),
  });
}

export default rule;
