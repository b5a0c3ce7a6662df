/**
 * The HAProxy branches of undefined-pool and unused-pool: `use_backend` / `default_backend`
 * targets and `track BACKEND/SERVER` server parameters name backends.
 */
import type { Fix } from '../../core/fix';
import type { Pool } from '../../core/model';
import type { RuleContext } from '../../core/rule';
import { editDistance } from '../../core/text';
import { proxyLabel } from './common';
import { checkUndefinedServers } from './server-references';
import { unusedBackends } from './unused-backends';

function closest(name: string, pools: readonly Pool[]): Pool | undefined {
  let best: Pool | undefined;
  let bestDistance = 3;
  for (const pool of pools) {
    const d = editDistance(name, pool.name);
    if (d < bestDistance) [best, bestDistance] = [pool, d];
  }
  return best;
}

export function checkUndefinedPoolHaproxy(context: RuleContext): void {
  checkUndefinedServers(context);
  const { model } = context;
  const report = (keyword: string, name: string, nameLoc: Pool['nameLoc'], what: string) => {
    const close = closest(name, model.pools);
    const fixes: Fix[] = close ? [{ title: `Change to ${close.name} (sends this traffic to that backend)`, safety: 'unsafe', intents: [{ kind: 'edit', edits: [{ loc: nameLoc, newText: close.name }] }] }] : [];
    context.report({
      message: `${keyword} names ${name}, which is no backend or listen section of this file: HAProxy refuses to start (${what}).${close ? ` Did you mean ${close.name}?` : ` Define backend ${name} or correct the name.`}`,
      loc: nameLoc,
      ...(close ? { related: [{ loc: close.nameLoc, message: `did you mean ${close.name}?` }] } : {}),
      fixes,
    });
  };
  for (const reference of model.references) {
    if (reference.pool || (reference.kind !== 'use_backend' && reference.kind !== 'default_backend')) continue;
    report(reference.kind, reference.name, reference.nameLoc, `unable to find required ${reference.kind}: '${reference.name}'`);
  }
  // `track BACKEND/SERVER` parameters are references of kind `track` (made once per pool when it
  // is lowered, one per server), so the servers are read only when one of them names no backend.
  if (!model.references.some((r) => r.kind === 'track' && !r.pool)) return;
  const byName = new Set(model.pools.map((p) => p.name));
  for (const pool of model.pools) {
    for (const member of pool.members) {
      const track = member.params.filter((p) => p.name === 'track').pop();
      if (!track || !track.value.includes('/')) continue;
      const [target = ''] = track.value.split('/');
      if (byName.has(target)) continue;
      // The value follows `track `; its backend part starts after the keyword and a blank.
      const text = context.sources.get(track.loc.file) ?? '';
      const start = text.indexOf(track.value, track.loc.start);
      if (start < 0) continue;
      report(`track ${track.value} in ${proxyLabel(pool)}`, target, { file: track.loc.file, start, end: start + target.length }, `unable to find required proxy '${target}' for tracking`);
    }
  }
}

export function checkUnusedPoolHaproxy(context: RuleContext): void {
  const { model } = context;
  if (!model.complete || model.facts['dynamic use_backend']) return;
  for (const index of unusedBackends(model)) {
    const pool = model.pools[index]!;
    const count = pool.members.length;
    context.report({
      message: `backend ${pool.name} (${count} server${count === 1 ? '' : 's'}) is never used: no use_backend or default_backend names it. Remove it, or route to it from a frontend.`,
      loc: pool.nameLoc,
      tags: ['unnecessary'],
    });
  }
}
