/**
 * duplicate-member for Kubernetes splits: the same destination (host, subset and port, or
 * backendRef) twice in one route. Both entries get their weight, so the destination's share is
 * their sum, which no single line says.
 */
import { percent } from '../../core/format';
import type { Member } from '../../core/model';
import type { RuleContext } from '../../core/rule';
import { isKubernetesSplit, whatPool } from './split-text';

export function checkKubernetesDuplicates(context: RuleContext): void {
  for (const pool of context.model.pools) {
    if (!isKubernetesSplit(pool)) continue;
    const first = new Map<string, Member>();
    const shares = context.shares(pool).members;
    pool.members.forEach((member) => {
      const earlier = first.get(member.address);
      if (!earlier) {
        first.set(member.address, member);
        return;
      }
      const together = pool.members.reduce((sum, m, i) => sum + (m.address === member.address ? (shares[i]?.share ?? 0) : 0), 0);
      context.report({
        message: `${member.address} appears twice in ${whatPool(pool)}: together its entries get ${percent(together)}, which neither weight says. Merge them into one entry.`,
        loc: member.addressLoc,
        related: [{ loc: earlier.addressLoc, message: 'first listed here' }],
      });
    });
  }
}
