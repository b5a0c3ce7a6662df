/**
 * The `use-server` branch of undefined-pool: a `use-server` rule must name a server of its own
 * backend, or HAProxy refuses to start ("unable to find server 'X' referenced in a 'use-server'
 * rule"). Names built at run time (`%[...]`) are left alone.
 */
import type { Fix } from '../../core/fix';
import type { Member } from '../../core/model';
import type { RuleContext } from '../../core/rule';
import { editDistance } from '../../core/text';
import { proxyLabel } from './common';

function closestServer(name: string, members: readonly Member[]): Member | undefined {
  let best: Member | undefined;
  let bestDistance = 3;
  for (const member of members) {
    if (!member.name) continue;
    const d = editDistance(name, member.name);
    if (d < bestDistance) [best, bestDistance] = [member, d];
  }
  return best;
}

export function checkUndefinedServers(context: RuleContext): void {
  for (const pool of context.model.pools) {
    for (const rule of pool.memberReferences ?? []) {
      if (rule.member !== undefined || rule.name.includes('%[')) continue;
      const close = closestServer(rule.name, pool.members);
      const count = pool.members.length;
      const fixes: Fix[] = close?.name
        ? [{ title: `Change to ${close.name} (pins these requests to that server)`, safety: 'unsafe', intents: [{ kind: 'edit', edits: [{ loc: rule.nameLoc, newText: close.name }] }] }]
        : [];
      context.report({
        message:
          `${rule.keyword} names ${rule.name}, which is no server of ${proxyLabel(pool)} (${count} server${count === 1 ? '' : 's'}): HAProxy refuses to start ` +
          `(unable to find server '${rule.name}' referenced in a '${rule.keyword}' rule).${close ? ` Did you mean ${close.name}?` : ` Add server ${rule.name} to ${proxyLabel(pool)} or correct the name.`}`,
        loc: rule.nameLoc,
        ...(close?.nameLoc ? { related: [{ loc: close.nameLoc, message: `did you mean ${close.name}?` }] } : {}),
        fixes,
      });
    }
  }
}
