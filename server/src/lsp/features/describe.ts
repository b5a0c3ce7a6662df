/**
 * Markdown that explains a pool or a member in traffic terms, for hovers.
 */
import { percent, trafficUnit } from '../../core/format';
import { activeMembers, type Member, type Pool } from '../../core/model';
import type { PoolShares } from '../../core/shares';

const ALGORITHM_NAMES: Record<string, string> = {
  'round-robin': 'smooth weighted round-robin',
  'least-conn': 'least connections',
  random: 'random',
  'random-two': 'random, two choices',
  'ip-hash': 'client-address hashing (ip_hash)',
  hash: 'key hashing',
  'consistent-hash': 'consistent (ketama) hashing',
  'weighted-split': 'traffic split',
};

export function algorithmName(pool: Pool): string {
  return ALGORITHM_NAMES[pool.algorithm] ?? pool.algorithm;
}

export function describeMember(pool: Pool, index: number, shares: PoolShares): string {
  const member = pool.members[index]!;
  const share = shares.members[index];
  const active = activeMembers(pool);
  const totalWeight = active.reduce((sum, m) => sum + m.weight * m.peers, 0);
  const fair = active.length > 0 && active.includes(member) ? 1 / active.length : 0;
  const lines = [
    `**${member.address}** in ${pool.kind === 'split' ? 'split' : 'upstream'} \`${pool.name}\` · ${algorithmName(pool)}`,
    '',
    '| weight | predicted share | fair share | role | state |',
    '| --- | --- | --- | --- | --- |',
    `| ${weightText(pool, member, totalWeight)} | ${percent(share?.share ?? 0)} of ${trafficUnit(pool.algorithm)} | ${pool.kind === 'split' ? '—' : percent(fair)} | ${member.role} | ${member.state} |`,
  ];
  if (share?.why) lines.push('', share.why);
  if (shares.caveat) lines.push('', `_${shares.caveat}_`);
  return lines.join('\n');
}

export function describePool(pool: Pool, shares: PoolShares): string {
  const lines = [
    `**${pool.kind === 'split' ? 'split' : 'upstream'} ${pool.name}** (${pool.context}) · ${algorithmName(pool)}` +
      (pool.algorithmText ? ` · \`${pool.algorithmText}\`` : ''),
    '',
    '| member | weight | share |',
    '| --- | --- | --- |',
  ];
  pool.members.forEach((member, i) => {
    const state = member.role === 'backup' ? ' (backup)' : member.state !== 'up' ? ` (${member.state})` : '';
    lines.push(`| ${member.address}${state} | ${member.weight} | ${percent(shares.members[i]?.share ?? 0)} |`);
  });
  if (shares.caveat) lines.push('', `_${shares.caveat}_`);
  return lines.join('\n');
}

function weightText(pool: Pool, member: Member, totalWeight: number): string {
  if (pool.kind === 'split') return `${(member.weight / 100).toFixed(member.weight % 100 === 0 ? 0 : 2)}%`;
  const explicit = member.weightExplicit ? '' : ' (default)';
  return totalWeight > 0 ? `${member.weight}${explicit} of ${totalWeight}` : `${member.weight}${explicit}`;
}
